// resolve + compose: the Komposer through THE composition path the CLI uses (composeBundle), with the
// operator's fetcher (allowed registries, namespace-scoped cache, pull secrets). A failure here leaves the
// active bundle and every revision untouched: later steps do not run and the status step reports why.
import { composeBundle, type ComposeResult } from "../../core/compose.js";
import { ConflictError, isKomposerError } from "../../core/errors.js";
import type { PolicyRule } from "../../core/rbac.js";
import { scrubSecrets } from "../logger.js";
import { proceed, type Step } from "../steps.js";
import { createCachingFetcher, type CachingFetcher } from "./caching-fetcher.js";
import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import {
  digestsUnchanged,
  tagsDue,
  tracingFetcher,
  type TagCheck,
  type TracedFetch,
} from "./composition-memo.js";
import { revisionName, type KomposerContext } from "./context.js";
import { assertNoLocalFiles, komposerDocument, refuseLocalFiles } from "./compose-input.js";
import { involvedObject, type KomposerObject } from "./komposer-object.js";
import { loadPullSecretCredentials } from "./pull-secrets.js";

export const composeStep: Step<KomposerContext> = {
  name: "compose",
  async run(ctx) {
    const komposer = ctx.komposer as KomposerObject;
    try {
      await compose(ctx, komposer);
    } catch (error) {
      ctx.resolved = false;
      await reportFailure(ctx, komposer, error);
      throw error;
    }
    return proceed;
  },
};

async function compose(ctx: KomposerContext, komposer: KomposerObject): Promise<void> {
  const { deps } = ctx;
  assertNoLocalFiles(komposer);
  const fetcher = createCachingFetcher({
    namespace: ctx.namespace,
    cache: deps.cache,
    allowedRegistries: deps.allowedRegistries,
    record: deps.recordFetch,
    upstream: async () =>
      deps.createFetcher(
        await loadPullSecretCredentials({
          client: deps.client,
          namespace: ctx.namespace,
          names: ctx.settings?.pullSecrets ?? [],
          fallback: deps.operatorCredentials,
        }),
      ),
  });
  const { result: composed, fresh, previousDigest } = await composeOrReuse(ctx, komposer, fetcher);
  ctx.composed = composed;
  ctx.resolved = true;
  const digest = composed.bundle.digest;
  ctx.desired = { digest, configMap: revisionName(digest), rules: bundleRules(composed.bundle.objects) };
  if (composed.warnings.length > 0)
    ctx.log.debug({ warnings: composed.warnings.map((w) => w.message) }, "Composed with warnings");
  // Announced once per new bundle: a reused composition was announced when it was made, and the informer
  // copy may lag our own status write (a reconcile queued by the finalizer patch on create saw no
  // status.desired and said "Resolved" a second time), so the last digest composed counts too.
  if (fresh && komposer.status?.desired?.digest !== digest && previousDigest !== digest) {
    await deps.events.normal(
      involvedObject(komposer),
      "Resolved",
      `Resolved ${composed.resolved.length} import(s) into bundle ${digest}`,
    );
  }
}

interface Composition {
  result: ComposeResult;
  /** Composed now (not the kept result). */
  fresh: boolean;
  /** The bundle digest composed before this one for the same object, if this process knows it. */
  previousDigest?: string;
}

/**
 * The kept composition when the document is unchanged and its tags are not due for a re-check (tagsDue) or,
 * re-checked, still resolve to the digests it used; else a new one.
 */
async function composeOrReuse(
  ctx: KomposerContext,
  komposer: KomposerObject,
  fetcher: CachingFetcher,
): Promise<Composition> {
  const document = komposerDocument(komposer);
  const memo = ctx.deps.compositions;
  const uid = komposer.metadata.uid ?? "";
  const input = JSON.stringify(document);
  const requestedAt = komposer.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION];
  const check: TagCheck = {
    at: ctx.deps.clock.now(),
    generation: komposer.metadata.generation ?? 0,
    ...(requestedAt === undefined ? {} : { requestedAt }),
  };
  const kept = memo?.get(ctx.key, uid, input);
  if (kept) {
    const due = tagsDue(kept.checked, { ...check, intervalMs: ctx.settings?.intervalMs ?? 0 });
    if (!due) return { result: kept.result, fresh: false };
    if (await digestsUnchanged(kept.trace, (ref) => fetcher.currentDigest(ref))) {
      kept.checked = check;
      return { result: kept.result, fresh: false };
    }
  }
  const previousDigest = memo?.lastDigest(ctx.key, uid);
  const trace: TracedFetch[] = [];
  const result = await composeBundle({
    documents: [document],
    readLocalFile: refuseLocalFiles,
    fetcher: tracingFetcher(fetcher, trace),
    namespace: ctx.namespace,
    includeNamespace: false,
  });
  memo?.set(ctx.key, { uid, input, trace, result: keptResult(result), checked: check });
  return { result, fresh: true, ...(previousDigest === undefined ? {} : { previousDigest }) };
}

/**
 * What later reconciles read of a composition (objects, digest, resolved, CRD keys, warnings): the bundle's
 * YAML text and the merged blocks are dropped, about a fifth of a kept result's memory.
 */
function keptResult(result: ComposeResult): ComposeResult {
  return {
    ...result,
    bundle: { ...result.bundle, yaml: "" },
    payload: { ...result.payload, document: {}, entries: new Map() },
    effective: { ...result.effective, blocks: {} },
  };
}

async function reportFailure(ctx: KomposerContext, komposer: KomposerObject, error: unknown): Promise<void> {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error));
  const reason = error instanceof ConflictError ? "Conflict" : "ResolveFailed";
  ctx.log.warn(
    { reason: isKomposerError(error) ? error.reason : "Error", err: message },
    "Failed to resolve",
  );
  await ctx.deps.events.warning(involvedObject(komposer), reason, message);
}

export function bundleRules(objects: ReadonlyArray<{ kind: string; rules?: unknown }>): PolicyRule[] {
  const role = objects.find((o) => o.kind === "ClusterRole");
  return Array.isArray(role?.rules) ? (role.rules as PolicyRule[]) : [];
}
