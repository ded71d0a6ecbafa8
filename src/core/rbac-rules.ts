// Set operations on ClusterRole rules, by (apiGroup, resource, verb) triple: the union the runtime holds
// during a rollout, and whether a ceiling ClusterRole covers what a composition generates.
import { RuleSet, type PolicyRule } from "../../core/rbac.js";

export interface CeilingRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** One rule per apiGroup+resource(+resourceNames), verbs sorted, rules sorted: the bundle's own normal form. */
export function normalizeRules(rules: readonly CeilingRule[]): PolicyRule[] {
  const set = new RuleSet();
  for (const rule of rules)
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        set.grant(group, resource, rule.verbs ?? [], rule.resourceNames ?? []);
  return set.rules();
}

export function unionRules(...sets: ReadonlyArray<readonly CeilingRule[]>): PolicyRule[] {
  return normalizeRules(sets.flat());
}

export function sameRules(a: readonly CeilingRule[], b: readonly CeilingRule[]): boolean {
  return JSON.stringify(normalizeRules(a)) === JSON.stringify(normalizeRules(b));
}

function allows(
  rule: CeilingRule,
  group: string,
  resource: string,
  verb: string,
  names: readonly string[],
): boolean {
  // A rule limited to named objects covers only grants limited to some of those names.
  const scoped = rule.resourceNames ?? [];
  if (scoped.length > 0 && (names.length === 0 || !names.every((n) => scoped.includes(n)))) return false;
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
    const names = rule.resourceNames ?? [];
    const missing = rule.verbs.filter(
      (verb) => !ceiling.some((c) => allows(c, group, resource, verb, names)),
    );
    const scope = names.length > 0 ? ` [${names.join(", ")}]` : "";
    if (missing.length > 0) excess.push(`${group || "core"}/${resource}${scope}: ${missing.join(", ")}`);
  }
  return excess;
}
