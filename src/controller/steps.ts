// A reconcile is an ordered list of small named steps (load → finalizer → resolve → compose → stage →
// activate → prune → status) that may stop early. The pipeline is typed: each step declares the facts it
// needs (its input) and the facts it adds (its output), and `then` only accepts a step whose input the steps
// before it have established, so reordering or adding a step is checked by the compiler instead of by a
// reviewer reading an optional-field bag. Final steps (restore, status) run after a success, a stop or a
// failure; they receive how far the pipeline got as a union of the fact sets it could have reached, and
// narrow it themselves (Flux's deferred status patch). The runner owns error mapping and timing, so no step
// needs a try/catch of its own.
import { systemClock, type Clock } from "./clock.js";
import { resultFromError, ResultKind, success, type ReconcileResult } from "./reconcile-result.js";

/** A step that adds no fact. */
export type NoFacts = Record<never, never>;

export type StepOutcome<Add> =
  /** Go on, with these facts added. */
  | { readonly kind: "continue"; readonly add: Add }
  /** End the ordinary steps with `result`; facts observed before stopping are still added. Final steps run. */
  | { readonly kind: "stop"; readonly result: ReconcileResult; readonly add?: Add }
  /** End everything, final steps included: nothing decided may be written (the object is gone, or stale). */
  | { readonly kind: "abandon"; readonly result: ReconcileResult; readonly why: string };

export function proceed<Add>(add: Add): StepOutcome<Add> {
  return { kind: "continue", add };
}

export function stop<Add = never>(result: ReconcileResult = success(), add?: Add): StepOutcome<Add> {
  return add === undefined ? { kind: "stop", result } : { kind: "stop", result, add };
}

export function abandon(why: string, result: ReconcileResult = success()): StepOutcome<never> {
  return { kind: "abandon", result, why };
}

export interface Step<In, Add> {
  readonly name: string;
  // A property, not a method, so the compiler checks the input contravariantly.
  readonly run: (input: In) => Promise<StepOutcome<Add>> | StepOutcome<Add>;
}

/** What the ordinary steps ended with, as final steps see it. */
export interface RunSoFar {
  result?: ReconcileResult;
  stoppedAt?: string;
  /** The step at `stoppedAt` threw (rather than stopping on purpose). */
  failed: boolean;
}

export interface FinalStep<Reached> {
  readonly name: string;
  readonly run: (reached: Reached, soFar: RunSoFar) => Promise<void> | void;
}

export interface StepTrace {
  step: string;
  durationMs: number;
  outcome: "continued" | "stopped" | "failed" | "skipped" | "abandoned";
}

export interface PipelineRun<Reached> {
  result: ReconcileResult;
  /** The step that stopped or failed first, if any. */
  stoppedAt?: string;
  /** Why the reconcile was abandoned (`abandon`), if it was. */
  abandoned?: string;
  /** The facts established, as far as the pipeline got. */
  reached: Reached;
  trace: StepTrace[];
}

export interface RunOptions {
  clock?: Clock;
  /** Aborted on shutdown: ordinary steps are skipped once it fires; final steps still run. */
  signal?: AbortSignal;
}

// The runner handles steps of every input type; `then` is where their types are checked.
type AnyStep = Step<object, object>;
type AnyFinal = FinalStep<object>;

/**
 * Steps in order. `Acc` is what every step so far has established; `Reached` the union of the fact sets the
 * pipeline can end with (one per step it can stop after).
 */
export class Pipeline<Start extends object, Acc extends object, Reached extends object> {
  private constructor(
    private readonly steps: readonly AnyStep[],
    private readonly finals: readonly AnyFinal[],
  ) {}

  static startingWith<S extends object>(): Pipeline<S, S, S> {
    return new Pipeline<S, S, S>([], []);
  }

  then<Add extends object>(step: Step<Acc, Add>): Pipeline<Start, Acc & Add, Reached | (Acc & Add)> {
    return new Pipeline([...this.steps, step as unknown as AnyStep], this.finals);
  }

  /** A step that runs after the ordinary ones however they ended (unless abandoned), in the order given. */
  finally(step: FinalStep<Reached>): Pipeline<Start, Acc, Reached> {
    return new Pipeline(this.steps, [...this.finals, step as unknown as AnyFinal]);
  }

  get stepNames(): string[] {
    return [...this.steps, ...this.finals].map((s) => s.name);
  }

  async run(start: Start, options: RunOptions = {}): Promise<PipelineRun<Reached>> {
    const clock = options.clock ?? systemClock;
    const trace: StepTrace[] = [];
    let facts: object = start;
    let soFar: RunSoFar = { failed: false };
    for (const step of this.steps) {
      if (soFar.result !== undefined || options.signal?.aborted === true) {
        trace.push({ step: step.name, durationMs: 0, outcome: "skipped" });
        continue;
      }
      const started = clock.now();
      const outcome = await runOne(step, facts);
      const durationMs = clock.now() - started;
      if (outcome.kind === "abandon") {
        trace.push({ step: step.name, durationMs, outcome: "abandoned" });
        const rest = [...this.steps.slice(this.steps.indexOf(step) + 1), ...this.finals];
        for (const skipped of rest) trace.push({ step: skipped.name, durationMs: 0, outcome: "skipped" });
        return {
          result: outcome.result,
          stoppedAt: step.name,
          abandoned: outcome.why,
          reached: facts as Reached,
          trace,
        };
      }
      if (outcome.add !== undefined) facts = { ...facts, ...outcome.add };
      if (outcome.kind === "continue") {
        trace.push({ step: step.name, durationMs, outcome: "continued" });
        continue;
      }
      trace.push({ step: step.name, durationMs, outcome: outcome.failed ? "failed" : "stopped" });
      soFar = { result: outcome.result, stoppedAt: step.name, failed: outcome.failed };
    }
    for (const final of this.finals) soFar = await runFinal(final, facts, soFar, clock, trace);
    const result = soFar.result ?? success();
    const reached = facts as Reached;
    return soFar.stoppedAt === undefined
      ? { result, reached, trace }
      : { result, stoppedAt: soFar.stoppedAt, reached, trace };
  }
}

type Ran =
  | { kind: "continue"; add: object }
  | { kind: "stop"; result: ReconcileResult; add?: object; failed: boolean }
  | { kind: "abandon"; result: ReconcileResult; why: string };

async function runOne(step: AnyStep, facts: object): Promise<Ran> {
  try {
    const outcome = await step.run(facts);
    return outcome.kind === "stop" ? { ...outcome, failed: false } : outcome;
  } catch (error) {
    return { kind: "stop", result: resultFromError(error), failed: true };
  }
}

async function runFinal(
  final: AnyFinal,
  facts: object,
  soFar: RunSoFar,
  clock: Clock,
  trace: StepTrace[],
): Promise<RunSoFar> {
  const started = clock.now();
  try {
    await final.run(facts, soFar);
    trace.push({ step: final.name, durationMs: clock.now() - started, outcome: "continued" });
    return soFar;
  } catch (error) {
    trace.push({ step: final.name, durationMs: clock.now() - started, outcome: "failed" });
    // The first stop decides, unless a final step fails after a success: a failed status write must be
    // retried, not swallowed.
    if (soFar.result === undefined || soFar.result.kind === ResultKind.Success)
      return { result: resultFromError(error), stoppedAt: final.name, failed: true };
    return soFar;
  }
}
