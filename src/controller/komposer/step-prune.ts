// prune: after an activation the ClusterRole holds the union of old and new rules. Once the runtime
// Deployment reports its rollout complete (no pod of the old bundle remains), the ClusterRole becomes exactly
// the active bundle's rules. Until then: Reconciling=True/RollingOut and a short poll. Also observes whether
// the runtime Deployment exists, for RuntimeFound.
import { BUNDLE_LABELS, BundleAnnotation, clusterRoleName } from "../../core/bundle-objects.js";
import type { PolicyRule } from "../../core/rbac-rules.js";
import { waiting } from "../reconcile-result.js";
import { proceed, stop, type Step } from "../steps.js";
import { readClusterRole } from "./cluster-role.js";
import type { KomposerContext } from "./context.js";
import { involvedObject, type KomposerObject } from "./komposer-object.js";
import { sameRules, type ClusterRoleRule } from "../../core/rbac-rules.js";
import { rulesOfRevision, type RevisionConfigMap } from "./revisions.js";
import { readDeployment, rolloutComplete, type DeploymentObject } from "./runtime-deployment.js";

export const ROLLOUT_POLL_MS = 5_000;

export type PruneDecision = "in-sync" | "wait-for-rollout" | "prune";

/**
 * What to do with the runtime's ClusterRole (pure): nothing when it is absent or already holds exactly the
 * active rules; otherwise shrink it to them, but only once no pod of the old bundle can still need the old
 * rules (a missing Deployment has no pods, so nothing to wait for).
 */
export function decidePrune(
  liveRules: readonly ClusterRoleRule[] | undefined,
  activeRules: readonly PolicyRule[],
  deployment: DeploymentObject | undefined,
): PruneDecision {
  if (liveRules === undefined || sameRules(liveRules, activeRules)) return "in-sync";
  return deployment && !rolloutComplete(deployment) ? "wait-for-rollout" : "prune";
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
    const live = await readClusterRole(ctx.deps.client, name);
    const decision = decidePrune(live?.rules, activeRules, deployment);
    if (decision === "in-sync" || !live) return proceed;
    if (decision === "wait-for-rollout") {
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
    await ctx.deps.events.normal(
      involvedObject(komposer),
      "Pruned",
      `The runtime's rollout completed; removed the RBAC rules only the previous bundle needed from ClusterRole ${name}`,
    );
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
