// What a reconcile asks for next, and the one place that turns errors into that answer and applies it to the
// work queue. Mirrors controller-runtime: success → periodic requeue; transient error → backoff; terminal
// (invalid input) → no retry until the spec changes, apart from the periodic interval; waiting → poll.
import { Disposition, isKomposerError } from "../core/errors.js";
import { httpStatusOf } from "../core/http-status.js";
import { jitter } from "./clock.js";
import type { WorkQueue } from "./work-queue.js";

export const ResultKind = {
  Success: "success",
  Transient: "transient",
  Terminal: "terminal",
  Waiting: "waiting",
} as const;
export type ResultKind = (typeof ResultKind)[keyof typeof ResultKind];

export type ReconcileResult =
  /** Everything converged. `requeueAfterMs` overrides the periodic interval (e.g. an earlier tag re-check). */
  | { kind: typeof ResultKind.Success; requeueAfterMs?: number }
  /** The world failed (registry down, API 5xx, conflict): retry with per-key exponential backoff. */
  | { kind: typeof ResultKind.Transient; reason: string; error: unknown }
  /** The input is wrong: only a spec change (a watch event) or the periodic interval re-runs it. */
  | { kind: typeof ResultKind.Terminal; reason: string; error: unknown }
  /** Waiting on something that changes by itself (a rollout): poll without growing the backoff. */
  | { kind: typeof ResultKind.Waiting; reason: string; error?: unknown; pollAfterMs?: number };

export function success(requeueAfterMs?: number): ReconcileResult {
  return requeueAfterMs === undefined
    ? { kind: ResultKind.Success }
    : { kind: ResultKind.Success, requeueAfterMs };
}

export function waiting(reason: string, pollAfterMs?: number): ReconcileResult {
  return pollAfterMs === undefined
    ? { kind: ResultKind.Waiting, reason }
    : { kind: ResultKind.Waiting, reason, pollAfterMs };
}

/**
 * Maps any thrown value to a result through the `disposition` of src/core/errors.ts. Anything that is not a
 * KomposerError (API server errors, network failures, bugs) is transient: backing off is always safe, and
 * the cap keeps a permanent failure from retrying more than every few minutes.
 */
export function resultFromError(error: unknown): ReconcileResult {
  if (!isKomposerError(error)) return { kind: ResultKind.Transient, reason: reasonOf(error), error };
  switch (error.disposition) {
    case Disposition.Terminal:
      return { kind: ResultKind.Terminal, reason: error.reason, error };
    case Disposition.Waiting:
      return { kind: ResultKind.Waiting, reason: error.reason, error };
    case Disposition.Transient:
      return { kind: ResultKind.Transient, reason: error.reason, error };
  }
}

/** A CamelCase reason for metrics and conditions: the KomposerError's own, an HTTP status class, or a fallback. */
export function reasonOf(error: unknown): string {
  if (isKomposerError(error)) return error.reason;
  const code = httpStatusOf(error);
  if (code !== undefined) return httpReasons[code] ?? (code >= 500 ? "APIServerError" : "APIRequestFailed");
  return "InternalError";
}

const httpReasons: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  410: "Expired",
  422: "Invalid",
  429: "TooManyRequests",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export interface RequeuePolicy {
  /** The periodic re-check (spec.interval, default 10m). */
  intervalMs: number;
  /** Poll period for `waiting` results without their own. */
  waitingPollMs?: number;
  /** Up to this fraction is added to periodic requeues so many Komposers do not re-check in lockstep. */
  jitterFactor?: number;
  random?: () => number;
}

/** Applies a result to the queue. Returns the delay chosen, for logs and tests (`backoff` when rate-limited). */
export function scheduleNext(
  queue: WorkQueue,
  key: string,
  result: ReconcileResult,
  policy: RequeuePolicy,
): number | "backoff" {
  const spread = (ms: number): number => jitter(ms, policy.jitterFactor ?? 0.1, policy.random);
  switch (result.kind) {
    case ResultKind.Transient:
      queue.addRateLimited(key);
      return "backoff";
    case ResultKind.Success: {
      queue.forget(key);
      const delay = spread(result.requeueAfterMs ?? policy.intervalMs);
      queue.addAfter(key, delay);
      return delay;
    }
    case ResultKind.Terminal: {
      queue.forget(key);
      const delay = spread(policy.intervalMs);
      queue.addAfter(key, delay);
      return delay;
    }
    case ResultKind.Waiting: {
      queue.forget(key);
      const delay = spread(result.pollAfterMs ?? policy.waitingPollMs ?? 10_000);
      queue.addAfter(key, delay);
      return delay;
    }
  }
}
