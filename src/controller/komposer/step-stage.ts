// stage: write the desired bundle as a revision ConfigMap when it does not exist yet (a revision's content
// is fixed by its digest-derived name, so "exists" means "identical": zero writes on a resync), then keep
// the newest revisionHistoryLimit revisions, never deleting the active or the desired one.
import { KATALOG_CONFIGMAP_NAME } from "../../core/bundle-objects.js";
import { shortDigest } from "../../core/digest.js";
import type { KubeObject } from "../../api/effective.js";
import { proceed, type Step } from "../steps.js";
import type { Composed, Loaded, NamespaceOwned, ReconcileStart, Staged } from "./context.js";
import { involvedObject, ownerReference } from "./komposer-object.js";
import { REVISION_SELECTOR, revisionObject, revisionsToDelete, type RevisionConfigMap } from "./revisions.js";

type Input = ReconcileStart & Loaded & NamespaceOwned & Composed;

export const stageStep: Step<Input, Staged> = {
  name: "stage",
  run: async (ctx) => {
    const { komposer, desired, composition } = ctx;
    const { client } = ctx.deps;
    const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: ctx.namespace, name: desired.configMap };
    if (!(await client.get(ref))) {
      const bundleConfigMap = composition.objects.find(
        (o) => o.kind === "ConfigMap" && o.metadata.name === KATALOG_CONFIGMAP_NAME,
      ) as KubeObject;
      await client.apply(
        revisionObject({
          name: desired.configMap,
          namespace: ctx.namespace,
          digest: desired.digest,
          rules: desired.rules,
          bundleConfigMap,
          owner: ownerReference(komposer),
          createdAt: new Date(ctx.deps.clock.now()).toISOString(),
        }),
      );
      ctx.log.info({ revision: desired.configMap, digest: desired.digest }, "Staged bundle");
      await ctx.deps.events.normal(
        involvedObject(komposer),
        "Staged",
        `Staged bundle ${desired.digest} as ConfigMap ${desired.configMap}`,
      );
      // History only grows when a revision is staged, so that is the only time to trim it (no list per resync).
      await pruneHistory(ctx);
    }
    return proceed({
      staged: {
        digest: desired.digest,
        shortDigest: shortDigest(desired.digest),
        configMap: desired.configMap,
      },
    });
  },
};

async function pruneHistory(ctx: Input): Promise<void> {
  const { client } = ctx.deps;
  const all = await client.list<RevisionConfigMap>("v1", "ConfigMap", {
    namespace: ctx.namespace,
    labelSelector: REVISION_SELECTOR,
  });
  const uid = ctx.komposer.metadata.uid;
  const own = all.filter((r) => r.metadata?.ownerReferences?.some((o) => o.uid === uid));
  // Activation comes after staging, so the active revision is still the one in status.
  const protect = new Set(
    [ctx.desired.configMap, ctx.komposer.status?.active?.configMap].filter(
      (n): n is string => typeof n === "string",
    ),
  );
  for (const name of revisionsToDelete(own, ctx.settings.revisionHistoryLimit, protect)) {
    await client.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: ctx.namespace, name });
    ctx.log.info({ revision: name }, "Deleted old revision");
  }
}
