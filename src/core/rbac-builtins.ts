// Upstream's built-in kinds (upstream-schema.md §3.1 item 6, read from inrun:pkg/children/builtins.go): the
// camelCase hook key a katalog writes under onCreate/onReconcile/onDelete, and the API group, resource and Kind
// it manages. RBAC grants come from this table only, so RBAC is never widened by a key upstream does not know.

export interface BuiltinKind {
  group: string;
  resource: string;
  kind: string;
}

const kinds = (group: string, entries: readonly [hookKey: string, resource: string, kind: string][]) =>
  entries.map(([hookKey, resource, kind]) => [hookKey, { group, resource, kind }] as const);

/** Hook key → kind. An own-property lookup table: keys such as `constructor` are never found by accident. */
export const BUILTIN_HOOK_KINDS: ReadonlyMap<string, BuiltinKind> = new Map([
  ...kinds("", [
    ["pods", "pods", "Pod"],
    ["services", "services", "Service"],
    ["configMaps", "configmaps", "ConfigMap"],
    ["secrets", "secrets", "Secret"],
    ["namespaces", "namespaces", "Namespace"],
    ["serviceAccounts", "serviceaccounts", "ServiceAccount"],
    ["persistentVolumeClaims", "persistentvolumeclaims", "PersistentVolumeClaim"],
    ["persistentVolumes", "persistentvolumes", "PersistentVolume"],
    ["resourceQuotas", "resourcequotas", "ResourceQuota"],
    ["limitRanges", "limitranges", "LimitRange"],
    ["podTemplates", "podtemplates", "PodTemplate"],
  ]),
  ...kinds("apps", [
    ["deployments", "deployments", "Deployment"],
    ["statefulSets", "statefulsets", "StatefulSet"],
    ["replicaSets", "replicasets", "ReplicaSet"],
    ["daemonSets", "daemonsets", "DaemonSet"],
  ]),
  ...kinds("batch", [
    ["jobs", "jobs", "Job"],
    ["cronJobs", "cronjobs", "CronJob"],
  ]),
  ...kinds("networking.k8s.io", [
    ["ingresses", "ingresses", "Ingress"],
    ["networkPolicies", "networkpolicies", "NetworkPolicy"],
  ]),
  ...kinds("autoscaling", [["hpa", "horizontalpodautoscalers", "HorizontalPodAutoscaler"]]),
  ...kinds("policy", [["pdb", "poddisruptionbudgets", "PodDisruptionBudget"]]),
  ...kinds("rbac.authorization.k8s.io", [
    ["roles", "roles", "Role"],
    ["roleBindings", "rolebindings", "RoleBinding"],
    ["clusterRoles", "clusterroles", "ClusterRole"],
    ["clusterRoleBindings", "clusterrolebindings", "ClusterRoleBinding"],
  ]),
]);

/** Kind → built-in, for managedResources and observe.watch items that name only a kind. */
export const BUILTIN_BY_KIND: ReadonlyMap<string, BuiltinKind> = new Map(
  [...BUILTIN_HOOK_KINDS.values()].map((b) => [b.kind, b]),
);
