// finalizer: the ClusterRole and ClusterRoleBinding are cluster-scoped, so ownerReferences cannot collect
// them; a finalizer lets the operator delete them before the Komposer goes. Only the finalizers list is
// written (never spec or labels), with the resourceVersion so a concurrent change is not overwritten.
import { clusterRoleName, gatewayClusterRoleName } from "../../core/bundle-objects.js";
import { proceed, stop, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import { FINALIZER, isDeleting, komposerRef, type KomposerObject } from "./komposer-object.js";

export const finalizerStep: Step<KomposerContext> = {
  name: "finalizer",
  async run(ctx) {
    const komposer = ctx.komposer as KomposerObject;
    const finalizers = komposer.metadata.finalizers ?? [];
    if (isDeleting(komposer)) {
      if (finalizers.includes(FINALIZER)) await finalize(ctx, komposer, finalizers);
      ctx.gone = true;
      return stop();
    }
    if (!finalizers.includes(FINALIZER)) await setFinalizers(ctx, komposer, [...finalizers, FINALIZER]);
    return proceed;
  },
};

async function finalize(ctx: KomposerContext, komposer: KomposerObject, finalizers: string[]): Promise<void> {
  // Another live Komposer in the namespace may own the runtime's RBAC after this one is gone (it was
  // Stalled with NamespaceTaken and takes over); leave the RBAC to it.
  const others = ctx.deps
    .listNamespace(ctx.namespace)
    .filter((k) => k.metadata.uid !== komposer.metadata.uid && !isDeleting(k));
  if (others.length === 0) {
    const rbac = "rbac.authorization.k8s.io/v1";
    for (const name of [clusterRoleName(ctx.namespace), gatewayClusterRoleName(ctx.namespace)]) {
      await ctx.deps.client.delete({ apiVersion: rbac, kind: "ClusterRoleBinding", name });
      await ctx.deps.client.delete({ apiVersion: rbac, kind: "ClusterRole", name });
    }
  }
  await setFinalizers(
    ctx,
    komposer,
    finalizers.filter((f) => f !== FINALIZER),
  );
  ctx.log.info({ deletedRbac: others.length === 0 }, "Finalized Komposer");
}

async function setFinalizers(
  ctx: KomposerContext,
  komposer: KomposerObject,
  finalizers: string[],
): Promise<void> {
  const metadata: Record<string, unknown> = { finalizers };
  if (komposer.metadata.resourceVersion) metadata.resourceVersion = komposer.metadata.resourceVersion;
  const updated = await ctx.deps.client.mergePatch<KomposerObject>(komposerRef(ctx.namespace, ctx.name), {
    metadata,
  });
  if (updated) ctx.komposer = updated;
}
