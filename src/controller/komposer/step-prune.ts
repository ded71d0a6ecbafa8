// prune: after an activation the ClusterRole holds the union of old and new rules. Once the runtime
// Deployment reports its rollout complete (no pod of the old bundle remains), the ClusterRole becomes exactly
// the active bundle's rules. Until then: Reconciling=True/RollingOut and a short poll. Also observes whether
// the runtime Deployment exists, for RuntimeFound.
import { BUNDLE_LABELS, BundleAnnotation, clusterRoleName } from "../../core/bundle-objects.js";
import type { PolicyRule } from "../../core/rbac.js";
import { waiting } from "../reconcile-result.js";
import { proceed, stop, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import type { KomposerObject } from "./komposer-object.js";
import { sameRules, type CeilingRule } from "./rbac-rules.js";
import { rulesOfRevision, type RevisionConfigMap } from "./revisions.js";
import { readDeployment, rolloutComplete } from "./runtime-deployment.js";

export const ROLLOUT_POLL_MS = 5_000;

interface ClusterRoleObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  rules?: CeilingRule[];
}

export const pruneStep: Step<KomposerContext> = {
  name: "prune",
  async run(ctx) {
    const komposer = ctx.komposer as KomposerObject;
    const active = ctx.next.active ?? komposer.status?.active;
    const deployment = await readDeployment(
      ctx.deps.client,
      ctx.namespace,
      ctx.settings?.runtimeDeployment ?? "",
    );
    ctx.runtimeFound = deployment !== undefined;
    if (!active) return proceed;
    const activeRules = await rulesOf(ctx, active);
    if (!activeRules) return proceed;
    const name = clusterRoleName(ctx.namespace);
    const live = await ctx.deps.client.get<ClusterRoleObject>({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      name,
    });
    if (!live || sameRules(live.rules ?? [], activeRules)) return proceed;
    if (deployment && !rolloutComplete(deployment)) {
      ctx.rollingOut = true;
      return stop(waiting("RollingOut", ROLLOUT_POLL_MS));
    }
    await ctx.deps.client.apply({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: {
        name,
        labels: pick(live.metadata?.labels, Object.keys(BUNDLE_LABELS)),
        annotations: pick(live.metadata?.annotations, Object.values(BundleAnnotation)),
      },
      rules: activeRules,
    });
    ctx.log.info({ clusterRole: name }, "Pruned RBAC rules of the previous bundle");
    return proceed;
  },
};

async function rulesOf(
  ctx: KomposerContext,
  active: { digest: string; configMap: string },
): Promise<PolicyRule[] | undefined> {
  if (ctx.desired && ctx.desired.digest === active.digest) return ctx.desired.rules;
  const revision = await ctx.deps.client.get<RevisionConfigMap>({
    apiVersion: "v1",
    kind: "ConfigMap",
    namespace: ctx.namespace,
    name: active.configMap,
  });
  return rulesOfRevision(revision);
}

function pick(values: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter((k) => values?.[k] !== undefined).map((k) => [k, values?.[k] as string]),
  );
}
