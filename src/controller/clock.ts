// Time as a dependency. Everything in the controller that waits, backs off or timestamps takes a Clock, so
// unit tests drive time with FakeClock instead of sleeping. The Clock type itself lives in src/kube, the
// lowest layer that needs it.

import type { Clock } from "../kube/clock.js";

export { systemClock, type Clock, type TimerHandle } from "../kube/clock.js";

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
