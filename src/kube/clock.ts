// Time as a dependency, defined here because src/kube is the lowest layer that waits (informer restarts,
// event timestamps); src/controller re-exports it. Tests pass FakeClock (test/support/fake-clock.ts).

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms`; the returned handle cancels it. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** The real clock. Timers are unref'd so a pending retry never keeps the process alive on shutdown. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
