// resolve + compose: the Komposer through THE composition path the CLI uses (composeBundle), with the
// operator's fetcher (allowed registries, namespace-scoped cache, pull secrets). A failure here leaves the
// active bundle and every revision untouched: later steps do not run and the status step reports why.
import { composeBundle } from "../../core/compose.js";
import { ConflictError, isKomposerError } from "../../core/errors.js";
import type { PolicyRule } from "../../core/rbac.js";
import { scrubSecrets } from "../logger.js";
import { proceed, type Step } from "../steps.js";
import { createCachingFetcher } from "./caching-fetcher.js";
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
  const composed = await composeBundle({
    documents: [komposerDocument(komposer)],
    readLocalFile: refuseLocalFiles,
    fetcher,
    namespace: ctx.namespace,
    includeNamespace: false,
  });
  ctx.composed = composed;
  ctx.resolved = true;
  const digest = composed.bundle.digest;
  ctx.desired = { digest, configMap: revisionName(digest), rules: bundleRules(composed.bundle.objects) };
  if (composed.warnings.length > 0)
    ctx.log.debug({ warnings: composed.warnings.map((w) => w.message) }, "Composed with warnings");
  if (komposer.status?.desired?.digest !== digest) {
    await deps.events.normal(
      involvedObject(komposer),
      "Resolved",
      `Resolved ${composed.resolved.length} import(s) into bundle ${digest}`,
    );
  }
}

async function reportFailure(ctx: KomposerContext, komposer: KomposerObject, error: unknown): Promise<void> {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error));
  const reason = error instanceof ConflictError ? "Conflict" : "ResolveFailed";
  ctx.log.info(
    { reason: isKomposerError(error) ? error.reason : "Error", err: message },
    "Failed to resolve",
  );
  await ctx.deps.events.warning(involvedObject(komposer), reason, message);
}

export function bundleRules(objects: ReadonlyArray<{ kind: string; rules?: unknown }>): PolicyRule[] {
  const role = objects.find((o) => o.kind === "ClusterRole");
  return Array.isArray(role?.rules) ? (role.rules as PolicyRule[]) : [];
}
