// The Komposer reconcile: an ordered, typed list of small named steps (house style; src/controller/steps.ts),
// and the work-queue handler that runs it, applies its result (interval, backoff, poll) and counts it.
import type { ControllerMetrics } from "../metrics.js";
import { scheduleNext, type ReconcileResult } from "../reconcile-result.js";
import { Pipeline, type PipelineRun } from "../steps.js";
import { splitObjectKey, type WorkHandler, type WorkQueue } from "../work-queue.js";
import type { KomposerDeps, Reached, ReconcileStart } from "./context.js";
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

/** The reconcile in order; `then` rejects a step whose input an earlier step has not established. */
export const KOMPOSER_PIPELINE = Pipeline.startingWith<ReconcileStart>()
  .then(loadStep)
  .then(finalizerStep)
  .then(guardStep)
  .then(composeStep)
  .then(ceilingStep)
  .then(stageStep)
  .then(activateStep)
  .then(pruneStep)
  .finally(restoreStep)
  .finally(statusStep);

export type KomposerReconcileOutcome = PipelineRun<Reached>;

export async function reconcileKomposer(
  deps: KomposerDeps,
  key: string,
  signal?: AbortSignal,
): Promise<KomposerReconcileOutcome> {
  const { namespace = "", name } = splitObjectKey(key);
  const log = deps.log.child({ komposer: key });
  return KOMPOSER_PIPELINE.run(
    { key, namespace, name, deps, log },
    { clock: deps.clock, ...(signal ? { signal } : {}) },
  );
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
    const { result, reached } = outcome;
    metrics?.observeReconcile(
      CONTROLLER_NAME,
      result.kind,
      (deps.clock.now() - started) / 1000,
      reasonOfResult(result),
    );
    if (outcome.abandoned === "gone") {
      queue.forget(key);
      return;
    }
    const delay = scheduleNext(queue, key, result, {
      intervalMs: "settings" in reached ? reached.settings.intervalMs : 600_000,
      waitingPollMs: ROLLOUT_POLL_MS,
    });
    if (result.kind !== "success" || outcome.stoppedAt)
      reached.log.debug({ result: result.kind, stoppedAt: outcome.stoppedAt, delay }, "Reconciled");
  };
}

function reasonOfResult(result: ReconcileResult): string | undefined {
  return result.kind === "success" ? undefined : result.reason;
}
