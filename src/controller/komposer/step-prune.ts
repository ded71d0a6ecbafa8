// prune: after an activation the ClusterRole holds the union of old and new rules. Once the runtime
// Deployment reports its rollout complete (no pod of the old bundle remains), the ClusterRole becomes exactly
// the active bundle's rules. Until then: Reconciling=True/RollingOut and a short poll. Also observes whether
// the runtime Deployment exists, for RuntimeFound.
import { BUNDLE_LABELS, BundleAnnotation, clusterRoleName } from "../../core/bundle-objects.js";
import { sameRules, type ClusterRoleRule, type PolicyRule } from "../../core/rbac-rules.js";
import { waiting } from "../reconcile-result.js";
import { proceed, stop, type Step } from "../steps.js";
import type {
  Activation,
  Composed,
  Loaded,
  NamespaceOwned,
  ReconcileStart,
  RuntimeObserved,
} from "./context.js";
import { readClusterRole } from "./cluster-role.js";
import { involvedObject } from "./komposer-object.js";
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

type Input = ReconcileStart & Loaded & NamespaceOwned & Composed & Activation;

export const pruneStep: Step<Input, RuntimeObserved> = {
  name: "prune",
  run: async (ctx) => {
    const { client } = ctx.deps;
    const active = ctx.activated?.active ?? ctx.komposer.status?.active;
    const deployment = await readDeployment(client, ctx.namespace, ctx.settings.runtimeDeployment);
    const settled: RuntimeObserved = { runtimeFound: deployment !== undefined, rollingOut: false };
    if (!active) return proceed(settled);
    const activeRules = await rulesOf(ctx, active);
    if (!activeRules) return proceed(settled);
    const name = clusterRoleName(ctx.namespace);
    const live = await readClusterRole(client, name);
    const decision = decidePrune(live?.rules, activeRules, deployment);
    if (decision === "in-sync" || !live) return proceed(settled);
    if (decision === "wait-for-rollout")
      return stop(waiting("RollingOut", ROLLOUT_POLL_MS), { ...settled, rollingOut: true });
    await client.apply({
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
      involvedObject(ctx.komposer),
      "Pruned",
      `The runtime's rollout completed; removed the RBAC rules only the previous bundle needed from ClusterRole ${name}`,
    );
    return proceed(settled);
  },
};

async function rulesOf(
  ctx: Input,
  active: { digest: string; configMap: string },
): Promise<PolicyRule[] | undefined> {
  if (ctx.desired.digest === active.digest) return ctx.desired.rules;
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
