// Set operations on ClusterRole rules, by (apiGroup, resource, verb) triple: the union the runtime holds
// during a rollout, and whether a ceiling ClusterRole covers what a composition generates.
import type { PolicyRule } from "../../core/rbac.js";

export interface CeilingRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

type Grants = Map<string, Set<string>>;

function grantsOf(rules: readonly CeilingRule[]): Grants {
  const grants: Grants = new Map();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const key = `${group}/${resource}`;
        const verbs = grants.get(key) ?? new Set<string>();
        for (const verb of rule.verbs ?? []) verbs.add(verb);
        grants.set(key, verbs);
      }
    }
  }
  return grants;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One rule per apiGroup+resource, verbs sorted, rules sorted: the bundle's own normal form. */
export function normalizeRules(rules: readonly CeilingRule[]): PolicyRule[] {
  return [...grantsOf(rules).entries()]
    .map(([key, verbs]) => {
      const slash = key.indexOf("/");
      return {
        apiGroups: [key.slice(0, slash)],
        resources: [key.slice(slash + 1)],
        verbs: [...verbs].sort(compare),
      };
    })
    .sort((a, b) => compare(a.apiGroups[0]!, b.apiGroups[0]!) || compare(a.resources[0]!, b.resources[0]!));
}

export function unionRules(...sets: ReadonlyArray<readonly CeilingRule[]>): PolicyRule[] {
  return normalizeRules(sets.flat());
}

export function sameRules(a: readonly CeilingRule[], b: readonly CeilingRule[]): boolean {
  return JSON.stringify(normalizeRules(a)) === JSON.stringify(normalizeRules(b));
}

function allows(rule: CeilingRule, group: string, resource: string, verb: string): boolean {
  // A rule limited to named objects cannot cover a grant on every object.
  if (rule.resourceNames && rule.resourceNames.length > 0) return false;
  const has = (list: string[] | undefined, value: string) =>
    (list ?? []).includes("*") || (list ?? []).includes(value);
  const slash = resource.indexOf("/");
  const resourceOk =
    has(rule.resources, resource) ||
    (slash > 0 && (rule.resources ?? []).includes(`${resource.slice(0, slash)}/*`));
  return has(rule.apiGroups, group) && resourceOk && has(rule.verbs, verb);
}

/** The grants in `wanted` no ceiling rule covers, as `group/resource: verb, verb` lines (empty: covered). */
export function excessOver(wanted: readonly PolicyRule[], ceiling: readonly CeilingRule[]): string[] {
  const excess: string[] = [];
  for (const rule of normalizeRules(wanted)) {
    const group = rule.apiGroups[0] ?? "";
    const resource = rule.resources[0] ?? "";
    const missing = rule.verbs.filter((verb) => !ceiling.some((c) => allows(c, group, resource, verb)));
    if (missing.length > 0) excess.push(`${group || "core"}/${resource}: ${missing.join(", ")}`);
  }
  return excess;
}
