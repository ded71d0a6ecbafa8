// Time as a dependency. Everything in the controller that waits, backs off or timestamps takes a Clock, so
// unit tests drive time with FakeClock instead of sleeping.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms`; the returned handle cancels it. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** The real clock. Timers are unref'd so a pending requeue never keeps the process alive on shutdown. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortReason(signal!));
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("Aborted", { cause: signal.reason });
}

/** Returns `ms` stretched by up to `factor` (0.1 → up to +10%), so many objects do not requeue in lockstep. */
export function jitter(ms: number, factor: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + Math.max(0, factor) * random()));
}
