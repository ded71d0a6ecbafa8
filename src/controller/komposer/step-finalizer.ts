// finalizer: the ClusterRole and ClusterRoleBinding are cluster-scoped, so ownerReferences cannot collect
// them; a finalizer lets the operator delete them before the Komposer goes. Only the finalizers list is
// written (never spec or labels), with the resourceVersion so a concurrent change is not overwritten.
import { clusterRoleName, gatewayClusterRoleName } from "../../core/bundle-objects.js";
import { abandon, proceed, type Step } from "../steps.js";
import type { Loaded, ReconcileStart } from "./context.js";
import { FINALIZER, isDeleting, komposerRef, type KomposerObject } from "./komposer-object.js";

type Input = ReconcileStart & Loaded;

/** Adds the Komposer as written with the finalizer (the next steps report from that copy). */
export const finalizerStep: Step<Input, Pick<Loaded, "komposer">> = {
  name: "finalizer",
  run: async (ctx) => {
    const { komposer } = ctx;
    const finalizers = komposer.metadata.finalizers ?? [];
    if (isDeleting(komposer)) {
      if (finalizers.includes(FINALIZER)) await finalize(ctx, finalizers);
      return abandon("gone");
    }
    if (finalizers.includes(FINALIZER)) return proceed({ komposer });
    const updated = await setFinalizers(ctx, [...finalizers, FINALIZER]);
    return proceed({ komposer: updated ?? komposer });
  },
};

async function finalize(ctx: Input, finalizers: string[]): Promise<void> {
  // Another live Komposer in the namespace may own the runtime's RBAC after this one is gone (it was
  // Stalled with NamespaceTaken and takes over); leave the RBAC to it.
  const others = ctx.deps
    .listNamespace(ctx.namespace)
    .filter((k) => k.metadata.uid !== ctx.komposer.metadata.uid && !isDeleting(k));
  if (others.length === 0) {
    const rbac = "rbac.authorization.k8s.io/v1";
    for (const name of [clusterRoleName(ctx.namespace), gatewayClusterRoleName(ctx.namespace)]) {
      await ctx.deps.client.delete({ apiVersion: rbac, kind: "ClusterRoleBinding", name });
      await ctx.deps.client.delete({ apiVersion: rbac, kind: "ClusterRole", name });
    }
  }
  await setFinalizers(
    ctx,
    finalizers.filter((f) => f !== FINALIZER),
  );
  ctx.log.info({ deletedRbac: others.length === 0 }, "Finalized Komposer");
}

async function setFinalizers(ctx: Input, finalizers: string[]): Promise<KomposerObject | undefined> {
  const metadata: Record<string, unknown> = { finalizers };
  const { resourceVersion } = ctx.komposer.metadata;
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  return ctx.deps.client.mergePatch<KomposerObject>(komposerRef(ctx.namespace, ctx.name), { metadata });
}
