// A reconcile is an ordered list of small named steps (load → finalizer → resolve → compose → stage →
// activate → prune → status) that share a context object and may stop early. Steps marked `always` run even
// after a stop or an error — the status step must record a failure as much as a success (Flux's deferred
// status patch). The runner owns error mapping and timing, so no step needs a try/catch of its own.
import { systemClock, type Clock } from "./clock.js";
import { resultFromError, ResultKind, success, type ReconcileResult } from "./reconcile-result.js";

export type StepOutcome =
  { readonly continue: true } | { readonly continue: false; readonly result: ReconcileResult };

/** Go on with the next step. */
export const proceed: StepOutcome = Object.freeze({ continue: true });

/** End the reconcile here with `result` (`always` steps still run). */
export function stop(result: ReconcileResult = success()): StepOutcome {
  return { continue: false, result };
}

export interface Step<C> {
  name: string;
  /** Run even when an earlier step stopped or failed; receives the result so far. */
  always?: boolean;
  run(ctx: C, resultSoFar: ReconcileResult | undefined): Promise<StepOutcome> | StepOutcome;
}

export interface StepTrace {
  step: string;
  durationMs: number;
  outcome: "continued" | "stopped" | "failed" | "skipped";
}

export interface StepRun {
  result: ReconcileResult;
  /** The step that stopped or failed first, if any. */
  stoppedAt?: string;
  trace: StepTrace[];
}

export interface RunStepsOptions {
  clock?: Clock;
  /** Aborted on shutdown: ordinary steps are skipped once it fires; `always` steps still run. */
  signal?: AbortSignal;
}

/** Runs `steps` in order on `ctx` and returns the reconcile's result with a per-step trace. */
export async function runSteps<C>(
  steps: readonly Step<C>[],
  ctx: C,
  options: RunStepsOptions = {},
): Promise<StepRun> {
  const clock = options.clock ?? systemClock;
  const trace: StepTrace[] = [];
  let result: ReconcileResult | undefined;
  let stoppedAt: string | undefined;

  for (const step of steps) {
    const halted = result !== undefined || options.signal?.aborted === true;
    if (halted && !step.always) {
      trace.push({ step: step.name, durationMs: 0, outcome: "skipped" });
      continue;
    }
    const started = clock.now();
    const outcome = await runOne(step, ctx, result);
    const durationMs = clock.now() - started;
    if (outcome.continue) {
      trace.push({ step: step.name, durationMs, outcome: "continued" });
      continue;
    }
    trace.push({ step: step.name, durationMs, outcome: outcome.failed ? "failed" : "stopped" });
    // The first stop decides, unless a later `always` step fails after a success: a failed status write
    // must be retried, not swallowed.
    if (result === undefined || (outcome.failed && result.kind === ResultKind.Success)) {
      result = outcome.result;
      stoppedAt = step.name;
    }
  }
  return stoppedAt === undefined
    ? { result: result ?? success(), trace }
    : { result: result ?? success(), stoppedAt, trace };
}

type RanOutcome = { continue: true } | { continue: false; result: ReconcileResult; failed: boolean };

async function runOne<C>(
  step: Step<C>,
  ctx: C,
  resultSoFar: ReconcileResult | undefined,
): Promise<RanOutcome> {
  try {
    const outcome = await step.run(ctx, resultSoFar);
    return outcome.continue ? { continue: true } : { continue: false, result: outcome.result, failed: false };
  } catch (error) {
    return { continue: false, result: resultFromError(error), failed: true };
  }
}
