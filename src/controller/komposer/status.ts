// Builds the Komposer's status from what one reconcile observed (pure; the clock's `now` is passed in), so
// an unchanged world yields an identical status and nothing is written.
import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import type { KomposerStatus } from "../../api/komposer-status.js";
import type { Reason } from "../../core/reasons.js";
import type { ResolvedImport } from "../../core/resolve-imports.js";
import { scrubSecrets } from "../logger.js";
import { ResultKind, type ReconcileResult } from "../reconcile-result.js";
import { computeConditions, type ReconcileObservation } from "./conditions.js";
import type { RunSoFar } from "../steps.js";
import type { Composed, Loaded, Reached, Staged } from "./context.js";
import { composeStep } from "./step-compose.js";

const MAX_MESSAGE = 4_000;

export interface Failure {
  reason: Reason;
  message: string;
  terminal: boolean;
}

export function failureOf(result: ReconcileResult | undefined): Failure | undefined {
  if (!result || (result.kind !== ResultKind.Transient && result.kind !== ResultKind.Terminal))
    return undefined;
  const error = result.error;
  const text = scrubSecrets(error instanceof Error ? error.message : String(error));
  return {
    // resultFromError already chose the reason from the one table (src/core/reasons.ts).
    reason: result.reason,
    message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text,
    terminal: result.kind === ResultKind.Terminal,
  };
}

type ResolvedStatus = NonNullable<KomposerStatus["resolved"]>[number];

export function resolvedStatus(entry: ResolvedImport): ResolvedStatus {
  const signals: NonNullable<ResolvedStatus["signals"]> = {};
  if (entry.signals.e2e) signals.e2e = entry.signals.e2e.status;
  if (entry.signals.simulate) signals.simulate = entry.signals.simulate.status;
  const deprecated = entry.signals.deprecated;
  if (deprecated?.deprecated) {
    signals.deprecated =
      deprecated.message ?? (deprecated.migratedTo ? `migrated to ${deprecated.migratedTo}` : "true");
  }
  const out: ResolvedStatus = {
    ref: entry.ref,
    digest: entry.digest,
    kind: entry.kind,
    crds: [...entry.crds],
  };
  if (Object.keys(signals).length > 0) out.signals = signals;
  return out;
}

/** The reconciles that loaded a Komposer: the only ones with a status to write. */
export type LoadedReached = Extract<Reached, Loaded>;

export function buildStatus(reached: LoadedReached, soFar: RunSoFar, now: string): KomposerStatus {
  const { komposer, settings } = reached;
  const previous: KomposerStatus = komposer.status ?? {};
  const next: KomposerStatus = { ...previous };
  const failure = failureOf(soFar.result);
  if ("staged" in reached) Object.assign(next, desiredFields(reached));
  const activated = "activated" in reached ? reached.activated : null;
  if (activated) {
    next.active = activated.active;
    next.observedRestartToken = activated.observedRestartToken;
  }
  // A reconcile request is handled by any reconcile that got past load (the compose step re-resolves tags
  // when the value is new), whatever its outcome; a suspended Komposer handles none (Flux does the same).
  const requested = komposer.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
  if (requested !== undefined && !settings.suspend) next.lastHandledReconcileAt = requested;
  const generation = komposer.metadata.generation ?? 0;
  // A generation counts as observed once fully processed or terminally stalled, not while retrying.
  if (!failure || failure.terminal) next.observedGeneration = generation;
  const observation = observationOf({ reached, soFar, next, failure, activated, generation });
  next.conditions = computeConditions(previous.conditions ?? [], observation, now);
  return next;
}

interface ObservationInputs {
  reached: LoadedReached;
  soFar: RunSoFar;
  /** The status being built: the conditions describe its desired and active bundles. */
  next: KomposerStatus;
  failure: Failure | undefined;
  activated: { runtimeFound?: boolean } | null;
  generation: number;
}

/** What the conditions are computed from; a field this reconcile did not learn stays absent. */
function observationOf(inputs: ObservationInputs): ReconcileObservation {
  const { reached, soFar, next, failure, activated, generation } = inputs;
  const { settings } = reached;
  const runtimeFound = "runtimeFound" in reached ? reached.runtimeFound : activated?.runtimeFound;
  const resolved = resolvedOf(reached, soFar);
  return {
    generation,
    ...(resolved === undefined ? {} : { resolved }),
    ...(failure ? { failure } : {}),
    ...(next.desired ? { desiredDigest: next.desired.digest } : {}),
    ...(next.active ? { activeDigest: next.active.digest } : {}),
    ...(runtimeFound === undefined ? {} : { runtimeFound }),
    runtimeName: settings.runtimeDeployment,
    rollingOut: "rollingOut" in reached && reached.rollingOut,
    // The guard stops a suspended Komposer before it may own anything.
    suspended: settings.suspend && !("namespaceOwned" in reached),
    ...(settings.restartToken === undefined ? {} : { requestedToken: settings.restartToken }),
    ...(next.observedRestartToken === undefined ? {} : { observedToken: next.observedRestartToken }),
  };
}

/** The status fields describing the staged (desired) bundle. */
function desiredFields(reached: Composed & Staged): Partial<KomposerStatus> {
  const { composition } = reached;
  const target = composition.target;
  return {
    desired: reached.staged,
    resolved: composition.resolved.map(resolvedStatus),
    katalogs: composition.resolved.length,
    runtimeSchema: {
      generation: target.generation,
      version: target.version,
      source: target.source === "detected" ? "detected" : "spec",
    },
    crds: composition.crdKeys,
  };
}

/** Composition succeeded (true), failed (false), or was not attempted (undefined: suspended, not owner). */
function resolvedOf(reached: LoadedReached, soFar: RunSoFar): boolean | undefined {
  if ("composition" in reached) return true;
  return soFar.failed && soFar.stoppedAt === composeStep.name ? false : undefined;
}

/** A merge patch turning `previous` into `next`: top-level fields that disappeared are set to null. */
export function statusPatch(previous: KomposerStatus, next: KomposerStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...next };
  for (const key of Object.keys(previous)) if (!(key in next)) patch[key] = null;
  return patch;
}
