// The built-in kinds written out independently of src/core/rbac-builtins.ts: each hook key upstream knows
// (inrun:pkg/children/builtins.go) and the API group, resource and Kind the Kubernetes API serves it as. A typo
// in the table (`statefulset`, `networking.k8s.io` on the wrong kind) would grant RBAC the runtime cannot use.
import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd } from "../api/effective.js";
import { BUILTIN_BY_KIND, BUILTIN_HOOK_KINDS } from "./rbac-builtins.js";
import { resolveManagedResource, runtimeRulesFor } from "./rbac.js";
import { apiTypesFor } from "../../test/support/test-documents.js";

/** hook key → "group/resource Kind" (the core group is empty). */
const KUBERNETES: Record<string, string> = {
  pods: "/pods Pod",
  services: "/services Service",
  configMaps: "/configmaps ConfigMap",
  secrets: "/secrets Secret",
  namespaces: "/namespaces Namespace",
  serviceAccounts: "/serviceaccounts ServiceAccount",
  persistentVolumeClaims: "/persistentvolumeclaims PersistentVolumeClaim",
  persistentVolumes: "/persistentvolumes PersistentVolume",
  resourceQuotas: "/resourcequotas ResourceQuota",
  limitRanges: "/limitranges LimitRange",
  podTemplates: "/podtemplates PodTemplate",
  deployments: "apps/deployments Deployment",
  statefulSets: "apps/statefulsets StatefulSet",
  replicaSets: "apps/replicasets ReplicaSet",
  daemonSets: "apps/daemonsets DaemonSet",
  jobs: "batch/jobs Job",
  cronJobs: "batch/cronjobs CronJob",
  ingresses: "networking.k8s.io/ingresses Ingress",
  networkPolicies: "networking.k8s.io/networkpolicies NetworkPolicy",
  hpa: "autoscaling/horizontalpodautoscalers HorizontalPodAutoscaler",
  pdb: "policy/poddisruptionbudgets PodDisruptionBudget",
  roles: "rbac.authorization.k8s.io/roles Role",
  roleBindings: "rbac.authorization.k8s.io/rolebindings RoleBinding",
  clusterRoles: "rbac.authorization.k8s.io/clusterroles ClusterRole",
  clusterRoleBindings: "rbac.authorization.k8s.io/clusterrolebindings ClusterRoleBinding",
};

const expected = Object.entries(KUBERNETES).map(([hookKey, text]) => {
  const [groupResource = "", kind = ""] = text.split(" ");
  const slash = groupResource.lastIndexOf("/");
  return { hookKey, group: groupResource.slice(0, slash), resource: groupResource.slice(slash + 1), kind };
});

function crdWithHook(hookKey: string): EffectiveCrd {
  return {
    key: "x",
    entry: {
      apiTypes: apiTypesFor("x"),
      operatorBox: { reconcile: { onCreate: { [hookKey]: [{ name: "a" }] } } },
    } as unknown as CrdEntry,
    written: [3],
    moves: [],
    source: { katalogName: "x", katalogNamespace: "default", origin: "oci://r.io/x:v1", identity: "x" },
    via: [],
  };
}

describe("built-in kinds", () => {
  it("holds exactly upstream's hook keys", () => {
    expect([...BUILTIN_HOOK_KINDS.keys()].sort()).toEqual(Object.keys(KUBERNETES).sort());
  });

  it.each(expected)("$hookKey grants $group/$resource", ({ hookKey, group, resource }) => {
    const rules = runtimeRulesFor([crdWithHook(hookKey)]);
    const granted = rules.filter(
      (rule) => rule.apiGroups.includes(group) && rule.resources.includes(resource),
    );
    expect(granted).toHaveLength(1);
    expect(granted[0]!.verbs).toEqual(expect.arrayContaining(["create", "delete", "get", "list", "watch"]));
  });

  it.each(expected)(
    "a managed resource of kind $kind alone is $group/$resource",
    ({ group, resource, kind }) => {
      expect(BUILTIN_BY_KIND.get(kind)).toEqual({ group, resource, kind });
      expect(resolveManagedResource({ kind })).toEqual({ group, resource });
    },
  );
});
