// resolve + compose: the Komposer through THE composition path the CLI uses (composeBundle), with the
// operator's fetcher (allowed registries, namespace-scoped cache, pull secrets). A failure here leaves the
// active bundle and every revision untouched: later steps do not run and the status step reports why.
import { composeBundle } from "../../core/compose.js";
import type { PolicyRule } from "../../core/rbac-rules.js";
import { scrubSecrets } from "../logger.js";
import { reasonOf } from "../reconcile-result.js";
import { proceed, type Step } from "../steps.js";
import { createCachingFetcher, type CachingFetcher } from "./caching-fetcher.js";
import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import {
  composedBundle,
  digestsUnchanged,
  recheckAskedFor,
  tagsDue,
  tracingFetcher,
  type ComposedBundle,
  type TagCheck,
  type TracedFetch,
} from "./composition-memo.js";
import {
  revisionName,
  type Composed,
  type Loaded,
  type NamespaceOwned,
  type ReconcileStart,
} from "./context.js";
import { assertNoLocalFiles, komposerDocument, refuseLocalFiles } from "./compose-input.js";
import { involvedObject } from "./komposer-object.js";
import { loadPullSecretCredentials } from "./pull-secrets.js";
import type { CredentialStore } from "../../oci/index.js";

type Input = ReconcileStart & Loaded & NamespaceOwned;

export const composeStep: Step<Input, Composed> = {
  name: "compose",
  run: async (ctx) => {
    try {
      return proceed(await compose(ctx));
    } catch (error) {
      logFailure(ctx, error);
      throw error;
    }
  },
};

async function compose(ctx: Input): Promise<Composed> {
  const { deps, komposer } = ctx;
  assertNoLocalFiles(komposer);
  // Read once per reconcile, and only when a request needs them (a reuse within the interval needs none).
  let credentials: Promise<CredentialStore> | undefined;
  const loadCredentials = (): Promise<CredentialStore> =>
    (credentials ??= loadPullSecretCredentials({
      client: deps.client,
      namespace: ctx.namespace,
      names: ctx.settings.pullSecrets,
      fallback: deps.operatorCredentials,
    }));
  const fetcher = createCachingFetcher({
    namespace: ctx.namespace,
    cache: deps.cache,
    allowedRegistries: deps.allowedRegistries,
    record: deps.recordFetch,
    upstream: async () => deps.createFetcher(await loadCredentials()),
    ...(deps.sharedHeads
      ? {
          sharedHeads: {
            heads: deps.sharedHeads,
            credentials: loadCredentials,
            clock: deps.clock,
            startedAt: deps.clock.now(),
          },
        }
      : {}),
  });
  const { composition, fresh, previousDigest } = await composeOrReuse(ctx, fetcher);
  const digest = composition.digest;
  const desired = { digest, configMap: revisionName(digest), rules: bundleRules(composition.objects) };
  if (composition.warnings.length > 0)
    ctx.log.debug({ warnings: composition.warnings.map((w) => w.message) }, "Composed with warnings");
  // Announced once per new bundle: a reused composition was announced when it was made, and the informer
  // copy may lag our own status write (a reconcile queued by the finalizer patch on create saw no
  // status.desired and said "Resolved" a second time), so the last digest composed counts too.
  if (fresh && komposer.status?.desired?.digest !== digest && previousDigest !== digest) {
    await deps.events.normal(
      involvedObject(komposer),
      "Resolved",
      `Resolved ${composition.resolved.length} import(s) into bundle ${digest}`,
    );
  }
  return { composition, desired };
}

interface Composition {
  composition: ComposedBundle;
  /** Composed now (not the kept result). */
  fresh: boolean;
  /** The bundle digest composed before this one for the same object, if this process knows it. */
  previousDigest?: string;
}

/**
 * The kept composition when the document is unchanged and its tags are not due for a re-check (tagsDue) or,
 * re-checked, still resolve to the digests it used; else a new one.
 */
async function composeOrReuse(ctx: Input, fetcher: CachingFetcher): Promise<Composition> {
  const komposer = ctx.komposer;
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
    const due = tagsDue(kept.checked, { ...check, intervalMs: ctx.settings.intervalMs });
    if (!due) return { composition: kept.result, fresh: false };
    // Only the interval passed (no new generation, no requested reconcile): a just-made shared HEAD will do.
    const periodic = !recheckAskedFor(kept.checked, check);
    if (await digestsUnchanged(kept.trace, (ref) => fetcher.currentDigest(ref, { periodic }))) {
      kept.checked = check;
      return { composition: kept.result, fresh: false };
    }
  }
  const previousDigest = memo?.lastDigest(ctx.key, uid);
  const trace: TracedFetch[] = [];
  const composition = composedBundle(
    await composeBundle({
      documents: [document],
      readLocalFile: refuseLocalFiles,
      fetcher: tracingFetcher(fetcher, trace),
      namespace: ctx.namespace,
      includeNamespace: false,
    }),
  );
  memo?.set(ctx.key, { uid, input, trace, result: composition, checked: check });
  return { composition, fresh: true, ...(previousDigest === undefined ? {} : { previousDigest }) };
}

/** Logs why; the condition and the Warning event (same reason) come from the status step. */
function logFailure(ctx: Input, error: unknown): void {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error));
  ctx.log.warn({ reason: reasonOf(error), err: message }, "Failed to resolve");
}

export function bundleRules(objects: ReadonlyArray<{ kind: string; rules?: unknown }>): PolicyRule[] {
  const role = objects.find((o) => o.kind === "ClusterRole");
  return Array.isArray(role?.rules) ? (role.rules as PolicyRule[]) : [];
}
