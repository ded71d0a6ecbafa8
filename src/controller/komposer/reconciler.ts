// The Komposer reconcile: an ordered list of small named steps over one shared context (house style), and
// the work-queue handler that runs it, applies its result (interval, backoff, poll) and counts it.
import type { ControllerMetrics } from "../metrics.js";
import { scheduleNext, type ReconcileResult } from "../reconcile-result.js";
import { runSteps, type Step, type StepRun } from "../steps.js";
import { splitObjectKey, type WorkHandler, type WorkQueue } from "../work-queue.js";
import type { KomposerContext, KomposerDeps } from "./context.js";
import { activateStep } from "./step-activate.js";
import { ceilingStep } from "./step-ceiling.js";
import { composeStep } from "./step-compose.js";
import { finalizerStep } from "./step-finalizer.js";
import { guardStep } from "./step-guard.js";
import { loadStep } from "./step-load.js";
import { pruneStep } from "./step-prune.js";
import { restoreStep } from "./step-restore.js";
import { stageStep } from "./step-stage.js";
import { statusStep } from "./step-status.js";
import { ROLLOUT_POLL_MS } from "./step-prune.js";

export const CONTROLLER_NAME = "komposer";

export const KOMPOSER_STEPS: readonly Step<KomposerContext>[] = [
  loadStep,
  finalizerStep,
  guardStep,
  composeStep,
  ceilingStep,
  stageStep,
  activateStep,
  restoreStep,
  pruneStep,
  statusStep,
];

export interface KomposerReconcileOutcome extends StepRun {
  context: KomposerContext;
}

export async function reconcileKomposer(
  deps: KomposerDeps,
  key: string,
  signal?: AbortSignal,
): Promise<KomposerReconcileOutcome> {
  const { namespace = "", name } = splitObjectKey(key);
  const log = deps.log.child({ komposer: key });
  const context: KomposerContext = { key, namespace, name, deps, log, next: {} };
  const run = await runSteps(KOMPOSER_STEPS, context, { clock: deps.clock, ...(signal ? { signal } : {}) });
  return { ...run, context };
}

/** The work-queue handler: reconcile, then schedule the next visit of the key from the result. */
export function komposerWorkHandler(options: {
  deps: KomposerDeps;
  queue: WorkQueue;
  metrics?: ControllerMetrics;
}): WorkHandler {
  const { deps, queue, metrics } = options;
  return async (key, signal) => {
    const started = deps.clock.now();
    const outcome = await reconcileKomposer(deps, key, signal);
    const { result, context } = outcome;
    metrics?.observeReconcile(
      CONTROLLER_NAME,
      result.kind,
      (deps.clock.now() - started) / 1000,
      reasonOfResult(result),
    );
    if (context.gone) {
      queue.forget(key);
      return;
    }
    const delay = scheduleNext(queue, key, result, {
      intervalMs: context.settings?.intervalMs ?? 600_000,
      waitingPollMs: ROLLOUT_POLL_MS,
    });
    if (result.kind !== "success" || outcome.stoppedAt)
      context.log.debug({ result: result.kind, stoppedAt: outcome.stoppedAt, delay }, "Reconciled");
  };
}

function reasonOfResult(result: ReconcileResult): string | undefined {
  return result.kind === "success" ? undefined : result.reason;
}
