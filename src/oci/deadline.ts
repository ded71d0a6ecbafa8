// An overall deadline for everything a command asks of registries (`ork --timeout`), on top of the per-attempt
// timeout: a host that accepts connections and never answers would otherwise cost the per-attempt timeout
// times the retries, for every request. When the deadline passes, the request in flight is aborted and the
// error names the host and what was being waited for.
import { RegistryError } from "../core/errors.js";

export interface Deadline {
  /** Aborts when the deadline passes. */
  readonly signal: AbortSignal;
  /** The flag as written, for messages: `--timeout 5m`. */
  readonly flag: string;
}

/** A deadline `ms` from now. The timer does not keep the process alive. */
export function deadlineAfter(ms: number, flag: string): Deadline {
  return { signal: AbortSignal.timeout(ms), flag };
}

/** The signal for one attempt: its own timeout, and the deadline when there is one. */
export function attemptSignal(timeoutMs: number, deadline: Deadline | undefined): AbortSignal {
  const own = AbortSignal.timeout(timeoutMs);
  return deadline ? AbortSignal.any([own, deadline.signal]) : own;
}

export function hasExpired(deadline: Deadline | undefined): deadline is Deadline {
  return deadline?.signal.aborted === true;
}

/** Throws the deadline's error when it has passed: call before starting anything new. */
export function checkDeadline(deadline: Deadline | undefined, host: string, what: string): void {
  if (hasExpired(deadline)) throw deadlineError(deadline, host, what);
}

export function deadlineError(
  deadline: Deadline,
  host: string,
  what: string,
  cause?: unknown,
): RegistryError {
  return new RegistryError(
    "RegistryUnavailable",
    `${deadline.flag} ran out while waiting for ${host} (${what}); check that ${host} answers, or allow more time with --timeout`,
    { transient: true, ...(cause === undefined ? {} : { cause }) },
  );
}

/** Sleeps `ms`, or less when the deadline passes first (the caller then checks the deadline). */
export function sleepUntilDeadline(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  deadline: Deadline | undefined,
): Promise<void> {
  if (!deadline) return sleep(ms);
  if (deadline.signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      deadline.signal.removeEventListener("abort", done);
      resolve();
    };
    deadline.signal.addEventListener("abort", done, { once: true });
    sleep(ms).then(done, (error: unknown) => {
      deadline.signal.removeEventListener("abort", done);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}
