// restore: the active ConfigMap `orkestra-katalog` deleted or edited by hand is put back from the ACTIVE
// revision on any reconcile. This is not auto-sync (docs/reference/operator.md#restoring-the-active-bundle):
// it restores what was approved and activated, never the desired bundle, and it restarts nothing; a pending
// restart stays pending. It runs after the ordinary steps however they ended (an outage must not leave the
// runtime without its bundle), but only when the guard let this Komposer own the namespace, and not when this
// reconcile activated (activation wrote it). Each of these is read from the facts the reconcile reached, not
// from where the step sits in the list.
import { KATALOG_CONFIGMAP_NAME } from "../../core/bundle-objects.js";
import type { FinalStep } from "../steps.js";
import type { ActiveStatus, Composed, Loaded, NamespaceOwned, Reached, ReconcileStart } from "./context.js";
import { involvedObject, ownerReference } from "./komposer-object.js";
import { activeConfigMapDrifted, activeConfigMapFromRevision, type RevisionConfigMap } from "./revisions.js";

type Owned = ReconcileStart & Loaded & NamespaceOwned;

export const restoreStep: FinalStep<Reached> = {
  name: "restore-active",
  run: async (reached) => {
    if (!("namespaceOwned" in reached)) return;
    if ("activated" in reached && reached.activated !== null) return;
    const active = reached.komposer.status?.active;
    if (!active) return;
    await restore(
      reached,
      active,
      "composition" in reached ? bundleConfigMapData(reached, active) : undefined,
    );
  },
};

async function restore(
  ctx: Owned,
  active: ActiveStatus,
  fromComposed: Record<string, string> | undefined,
): Promise<void> {
  const { client } = ctx.deps;
  const configMap = (name: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    namespace: ctx.namespace,
    name,
  });
  const live = await client.get<RevisionConfigMap>(configMap(KATALOG_CONFIGMAP_NAME));
  // Steady state: the desired bundle is the active one and is in memory, so checking costs one GET.
  if (fromComposed && !activeConfigMapDrifted(live, fromComposed)) return;
  const revision = await client.get<RevisionConfigMap>(configMap(active.configMap));
  if (!revision) {
    ctx.log.info({ revision: active.configMap }, "Cannot restore the active ConfigMap: its revision is gone");
    return;
  }
  if (!activeConfigMapDrifted(live, revision.data ?? {})) return;
  await client.apply(activeConfigMapFromRevision(revision, ownerReference(ctx.komposer)));
  const what = live ? "edited" : "deleted";
  ctx.log.info({ digest: active.digest, was: what }, "Restored active ConfigMap");
  await ctx.deps.events.warning(
    involvedObject(ctx.komposer),
    "Restored",
    `ConfigMap ${KATALOG_CONFIGMAP_NAME} was ${what} by hand; restored the active bundle ${active.digest} ` +
      `from ${active.configMap} (a staged bundle is activated only by spec.restartToken)`,
  );
}

/** The active ConfigMap's data from the composition in memory, when the desired bundle is the active one. */
function bundleConfigMapData(ctx: Composed, active: ActiveStatus): Record<string, string> | undefined {
  if (ctx.desired.digest !== active.digest) return undefined;
  const object = ctx.composition.objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.name === KATALOG_CONFIGMAP_NAME,
  ) as { data?: Record<string, string> } | undefined;
  return object?.data;
}
