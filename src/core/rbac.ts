// The runtime ClusterRole's rules (spec §3.1): fixed rules, each enabled CRD's resource and status, and the
// built-in kinds its operatorBox creates, discovered from the keys under onCreate/onReconcile/onDelete with a
// fixed table. Unknown keys are warnings and are never granted: RBAC is only ever widened on purpose.
import type { EffectiveCrd } from "../api/effective.js";
import type { Problem } from "./errors.js";
import { formatPath, isPlainObject } from "./field-path.js";
import { compareKeys } from "./canonical-yaml.js";

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const CRUD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"] as const;
const STATUS_VERBS = ["get", "update", "patch"] as const;

const FIXED_GRANTS: readonly [group: string, resource: string, verbs: readonly string[]][] = [
  ["coordination.k8s.io", "leases", ["get", "create", "update"]],
  ["", "events", ["create", "patch"]],
];

/** Built-in kinds an operatorBox may create, by the key it uses, with their API group (spec §3.1). */
export const BUILTIN_KINDS: Readonly<Record<string, { group: string; extraVerbs?: readonly string[] }>> = {
  deployments: { group: "apps" },
  statefulsets: { group: "apps" },
  daemonsets: { group: "apps" },
  services: { group: "" },
  configmaps: { group: "" },
  secrets: { group: "" },
  serviceaccounts: { group: "" },
  persistentvolumeclaims: { group: "" },
  ingresses: { group: "networking.k8s.io" },
  networkpolicies: { group: "networking.k8s.io" },
  jobs: { group: "batch" },
  cronjobs: { group: "batch" },
  // Creating a Role that grants permissions requires escalate (or holding them); binding requires bind.
  roles: { group: "rbac.authorization.k8s.io", extraVerbs: ["escalate", "bind"] },
  rolebindings: { group: "rbac.authorization.k8s.io" },
  horizontalpodautoscalers: { group: "autoscaling" },
  poddisruptionbudgets: { group: "policy" },
};

export const OPERATOR_BOX_HOOKS = ["onCreate", "onReconcile", "onDelete"] as const;

/** Rules for the given CRDs (the caller passes the enabled ones), sorted and merged per group+resource. */
export function rbacRulesFor(crds: readonly EffectiveCrd[]): { rules: PolicyRule[]; warnings: Problem[] } {
  const grants = new Map<string, Set<string>>();
  const grant = (group: string, resource: string, verbs: readonly string[]) => {
    const key = `${group}/${resource}`;
    const set = grants.get(key) ?? new Set<string>();
    for (const verb of verbs) set.add(verb);
    grants.set(key, set);
  };
  for (const [group, resource, verbs] of FIXED_GRANTS) grant(group, resource, verbs);
  const warnings: Problem[] = [];
  for (const crd of crds) {
    const { group, plural } = crd.entry.apiTypes;
    grant(group, plural, CRUD_VERBS);
    grant(group, `${plural}/status`, STATUS_VERBS);
    for (const kind of createdKinds(crd, warnings)) {
      const builtin = BUILTIN_KINDS[kind];
      if (builtin) grant(builtin.group, kind, [...CRUD_VERBS, ...(builtin.extraVerbs ?? [])]);
    }
  }
  return { rules: toRules(grants), warnings };
}

/** Keys under the operatorBox hooks; unknown ones are reported once per CRD and hook. */
function createdKinds(crd: EffectiveCrd, warnings: Problem[]): string[] {
  const box = crd.entry.operatorBox;
  if (box === undefined) return [];
  const kinds: string[] = [];
  for (const hook of OPERATOR_BOX_HOOKS) {
    const actions = box[hook];
    if (actions === undefined || actions === null) continue;
    const path = ["spec", "crds", crd.key, "operatorBox", hook];
    if (!isPlainObject(actions)) {
      warnings.push(warning(crd, path, `is not a map of kinds to create; no RBAC is derived from it`));
      continue;
    }
    for (const kind of Object.keys(actions)) {
      if (Object.hasOwn(BUILTIN_KINDS, kind)) kinds.push(kind);
      else {
        warnings.push(
          warning(
            crd,
            [...path, kind],
            `"${kind}" is not a built-in kind Komposer grants RBAC for (${Object.keys(BUILTIN_KINDS).join(", ")}); ` +
              "nothing is granted for it: bind an extra ClusterRole to ServiceAccount orkestra if the runtime needs it",
          ),
        );
      }
    }
  }
  return kinds;
}

function warning(crd: EffectiveCrd, path: string[], message: string): Problem {
  return { file: crd.source.origin, path: formatPath(path), message, severity: "warning" };
}

function toRules(grants: ReadonlyMap<string, ReadonlySet<string>>): PolicyRule[] {
  return [...grants.entries()]
    .map(([key, verbs]) => {
      const slash = key.indexOf("/");
      return {
        apiGroups: [key.slice(0, slash)],
        resources: [key.slice(slash + 1)],
        verbs: [...verbs].sort(compareKeys),
      };
    })
    .sort(
      (a, b) =>
        compareKeys(a.apiGroups[0]!, b.apiGroups[0]!) || compareKeys(a.resources[0]!, b.resources[0]!),
    );
}
