// What a reconcile asks for next, and the one place that turns errors into that answer and applies it to the
// work queue. Mirrors controller-runtime: success → periodic requeue; transient error → backoff; terminal
// (invalid input, a missing permission) → no retry until the spec changes, apart from the periodic interval;
// waiting (a rollout in progress, decided by the prune step) → poll.
import { isKomposerError, type KomposerError } from "../core/errors.js";
import { Disposition, type Reason } from "../core/reasons.js";
import { classifyApiError } from "../kube/api-error.js";
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
  | { kind: typeof ResultKind.Transient; reason: Reason; error: unknown }
  /** The input is wrong: only a spec change (a watch event) or the periodic interval re-runs it. */
  | { kind: typeof ResultKind.Terminal; reason: Reason; error: unknown }
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
 * Maps any thrown value to a result: Komposer's own errors and Kubernetes API failures (classified once in
 * src/kube/api-error.ts) through their disposition; anything else (a bug) is transient: backing off is
 * always safe, and the cap keeps a permanent failure from retrying more than every few minutes.
 */
export function resultFromError(thrown: unknown): ReconcileResult {
  const error = classified(thrown);
  if (!error) return { kind: ResultKind.Transient, reason: "InternalError", error: thrown };
  return error.disposition === Disposition.Terminal
    ? { kind: ResultKind.Terminal, reason: error.reason, error }
    : { kind: ResultKind.Transient, reason: error.reason, error };
}

/** The reason of `error` (reasons.ts), for conditions, events and metrics. */
export function reasonOf(error: unknown): Reason {
  return classified(error)?.reason ?? "InternalError";
}

function classified(error: unknown): KomposerError | undefined {
  return isKomposerError(error) ? error : classifyApiError(error);
}

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
