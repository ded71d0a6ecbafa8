// Builds the Komposer's status from what one reconcile observed (pure; the clock's `now` is passed in), so
// an unchanged world yields an identical status and nothing is written.
import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import type { KomposerStatus } from "../../api/komposer-status.js";
import type { ResolvedImport } from "../../core/resolve-imports.js";
import { isKomposerError } from "../../core/errors.js";
import { scrubSecrets } from "../logger.js";
import { ResultKind, type ReconcileResult } from "../reconcile-result.js";
import { computeConditions } from "./conditions.js";
import type { KomposerContext } from "./context.js";
import type { KomposerObject } from "./komposer-object.js";

const MAX_MESSAGE = 4_000;

export interface Failure {
  reason: string;
  message: string;
  terminal: boolean;
}

export function failureOf(result: ReconcileResult | undefined): Failure | undefined {
  if (!result || (result.kind !== ResultKind.Transient && result.kind !== ResultKind.Terminal))
    return undefined;
  const error = result.error;
  const text = scrubSecrets(error instanceof Error ? error.message : String(error));
  return {
    reason: isKomposerError(error) ? error.reason : result.reason,
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

export function buildStatus(
  ctx: KomposerContext,
  result: ReconcileResult | undefined,
  now: string,
): KomposerStatus {
  const komposer = ctx.komposer as KomposerObject;
  const previous: KomposerStatus = komposer.status ?? {};
  const next: KomposerStatus = { ...previous };
  const failure = failureOf(result);
  if (ctx.next.desired && ctx.composed) {
    next.desired = ctx.next.desired;
    next.resolved = ctx.composed.resolved.map(resolvedStatus);
    next.katalogs = ctx.composed.resolved.length;
    const target = ctx.composed.payload.target;
    next.runtimeSchema = {
      generation: target.generation,
      version: target.version,
      source: target.source === "detected" ? "detected" : "spec",
    };
    next.crds = ctx.composed.effective.crds
      .filter((c) => c.entry.enabled !== false)
      .map((c) => c.key)
      .sort();
  }
  if (ctx.next.active) next.active = ctx.next.active;
  if (ctx.next.observedRestartToken !== undefined) next.observedRestartToken = ctx.next.observedRestartToken;
  // A reconcile request is handled by any reconcile that got past load (the compose step re-resolves tags
  // when the value is new), whatever its outcome; a suspended Komposer handles none (Flux does the same).
  const requested = komposer.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
  if (requested !== undefined && ctx.suspended !== true) next.lastHandledReconcileAt = requested;
  const generation = komposer.metadata.generation ?? 0;
  // A generation counts as observed once fully processed or terminally stalled, not while retrying.
  if (!failure || failure.terminal) next.observedGeneration = generation;
  next.conditions = computeConditions(
    previous.conditions ?? [],
    {
      generation,
      ...(ctx.resolved === undefined ? {} : { resolved: ctx.resolved }),
      ...(failure ? { failure } : {}),
      ...(next.desired ? { desiredDigest: next.desired.digest } : {}),
      ...(next.active ? { activeDigest: next.active.digest } : {}),
      ...(ctx.runtimeFound === undefined ? {} : { runtimeFound: ctx.runtimeFound }),
      runtimeName: ctx.settings?.runtimeDeployment ?? "",
      rollingOut: ctx.rollingOut === true,
      suspended: ctx.suspended === true,
      ...(ctx.settings?.restartToken === undefined ? {} : { requestedToken: ctx.settings.restartToken }),
      ...(next.observedRestartToken === undefined ? {} : { observedToken: next.observedRestartToken }),
    },
    now,
  );
  return next;
}

/** A merge patch turning `previous` into `next`: top-level fields that disappeared are set to null. */
export function statusPatch(previous: KomposerStatus, next: KomposerStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...next };
  for (const key of Object.keys(previous)) if (!(key in next)) patch[key] = null;
  return patch;
}
