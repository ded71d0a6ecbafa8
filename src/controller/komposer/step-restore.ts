// restore: the active ConfigMap `orkestra-katalog` deleted or edited by hand is put back from the ACTIVE
// revision on any reconcile. This is not auto-sync (docs/reference/operator.md#restoring-the-active-bundle):
// it restores what was approved and activated, never the desired bundle, and it restarts nothing; a pending
// restart stays pending. It runs even when resolution failed (an outage must not leave the runtime without
// its bundle), but only once the guard let this Komposer own the namespace, and not in the reconcile that
// just activated (activation wrote it).
import { KATALOG_CONFIGMAP_NAME } from "../../core/bundle-objects.js";
import { proceed, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import { involvedObject, ownerReference } from "./komposer-object.js";
import { activeConfigMapDrifted, activeConfigMapFromRevision, type RevisionConfigMap } from "./revisions.js";

export const restoreStep: Step<KomposerContext> = {
  name: "restore-active",
  always: true,
  async run(ctx) {
    const komposer = ctx.komposer;
    const active = komposer?.status?.active;
    // `resolved` is set once composition was attempted, i.e. the guard passed (not suspended, not NamespaceTaken).
    if (!komposer || ctx.gone || ctx.stale || ctx.resolved === undefined || ctx.next.active || !active)
      return proceed;
    const { client } = ctx.deps;
    const configMap = (name: string) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: ctx.namespace,
      name,
    });
    const live = await client.get<RevisionConfigMap>(configMap(KATALOG_CONFIGMAP_NAME));
    // Steady state: the desired bundle is the active one and is in memory, so checking costs one GET.
    const fromComposed = ctx.desired?.digest === active.digest ? bundleConfigMapData(ctx) : undefined;
    if (fromComposed && !activeConfigMapDrifted(live, fromComposed)) return proceed;
    const revision = await client.get<RevisionConfigMap>(configMap(active.configMap));
    if (!revision) {
      ctx.log.info(
        { revision: active.configMap },
        "Cannot restore the active ConfigMap: its revision is gone",
      );
      return proceed;
    }
    if (!activeConfigMapDrifted(live, revision.data ?? {})) return proceed;
    await client.apply(activeConfigMapFromRevision(revision, ownerReference(komposer)));
    const what = live ? "edited" : "deleted";
    ctx.log.info({ digest: active.digest, was: what }, "Restored active ConfigMap");
    await ctx.deps.events.warning(
      involvedObject(komposer),
      "Restored",
      `ConfigMap ${KATALOG_CONFIGMAP_NAME} was ${what} by hand; restored the active bundle ${active.digest} ` +
        `from ${active.configMap} (a staged bundle is activated only by spec.restartToken)`,
    );
    return proceed;
  },
};

function bundleConfigMapData(ctx: KomposerContext): Record<string, string> | undefined {
  const object = ctx.composed?.bundle.objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.name === KATALOG_CONFIGMAP_NAME,
  ) as { data?: Record<string, string> } | undefined;
  return object?.data;
}
