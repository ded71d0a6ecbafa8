// The one model of ClusterRole rules: the normal form the bundle writes (PolicyRule, built with RuleSet), rules as
// any ClusterRole holds them (ClusterRoleRule, read with rulesOf), their flattening into single grants, and the
// set operations by (apiGroup, resource, verb) triple: the union the runtime holds during a rollout, equality
// for pruning, and whether a ceiling ClusterRole covers what a composition generates.
import { compareKeys } from "./canonical-yaml.js";
import { isPlainObject } from "./field-path.js";

/** A rule in the bundle's normal form: one apiGroup and one resource, verbs sorted. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Only for rules scoped to named objects (secrets named by auth.secretRef). */
  resourceNames?: string[];
}

/** A rule as any ClusterRole may hold it (a ceiling written by an administrator, a live role): all optional. */
export interface ClusterRoleRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** One verb on one resource of one group, as `ork plan` lists RBAC changes. */
export interface RuleGrant {
  apiGroup: string;
  resource: string;
  verb: string;
  /** Only for grants scoped to named objects. */
  resourceNames?: string[];
}

/** Collects grants; merges verbs per group/resource/names. */
export class RuleSet {
  private readonly grants = new Map<
    string,
    { group: string; resource: string; names: string[]; verbs: Set<string> }
  >();

  grant(group: string, resource: string, verbs: readonly string[], names: readonly string[] = []): void {
    const sortedNames = [...new Set(names)].sort(compareKeys);
    const key = JSON.stringify([group, resource, sortedNames]);
    const entry = this.grants.get(key) ?? { group, resource, names: sortedNames, verbs: new Set<string>() };
    for (const verb of verbs) entry.verbs.add(verb);
    this.grants.set(key, entry);
  }

  /** Sorted by group, resource, then unscoped before scoped. */
  rules(): PolicyRule[] {
    return [...this.grants.values()]
      .sort(
        (a, b) =>
          compareKeys(a.group, b.group) ||
          compareKeys(a.resource, b.resource) ||
          compareKeys(a.names.join(","), b.names.join(",")),
      )
      .map((g) => ({
        apiGroups: [g.group],
        resources: [g.resource],
        verbs: [...g.verbs].sort(compareKeys),
        ...(g.names.length > 0 ? { resourceNames: g.names } : {}),
      }));
  }
}

/**
 * The rules of a ClusterRole object, as far as they are well-formed: entries that are not objects and list
 * items that are not strings are left out (the object may come from a user's file or from the cluster).
 */
export function rulesOf(role: unknown): ClusterRoleRule[] {
  const rules = isPlainObject(role) && Array.isArray(role.rules) ? (role.rules as unknown[]) : [];
  return rules.filter(isPlainObject).map((rule) => {
    const out: ClusterRoleRule = {};
    for (const field of ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"] as const) {
      const value = rule[field];
      if (Array.isArray(value)) out[field] = value.filter((v): v is string => typeof v === "string");
    }
    return out;
  });
}

/** Every (apiGroup, resource, verb) a rule list grants, in rule order. */
export function grantsOfRules(rules: readonly ClusterRoleRule[]): RuleGrant[] {
  const grants: RuleGrant[] = [];
  for (const rule of rules) {
    const names = rule.resourceNames ?? [];
    const scope = names.length > 0 ? { resourceNames: names } : {};
    for (const apiGroup of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs ?? []) grants.push({ apiGroup, resource, verb, ...scope });
  }
  return grants;
}

/** One rule per apiGroup+resource(+resourceNames), verbs sorted, rules sorted: the bundle's own normal form. */
export function normalizeRules(rules: readonly ClusterRoleRule[]): PolicyRule[] {
  const set = new RuleSet();
  for (const rule of rules)
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        set.grant(group, resource, rule.verbs ?? [], rule.resourceNames ?? []);
  return set.rules();
}

export function unionRules(...sets: ReadonlyArray<readonly ClusterRoleRule[]>): PolicyRule[] {
  return normalizeRules(sets.flat());
}

export function sameRules(a: readonly ClusterRoleRule[], b: readonly ClusterRoleRule[]): boolean {
  return JSON.stringify(normalizeRules(a)) === JSON.stringify(normalizeRules(b));
}

function allows(
  rule: ClusterRoleRule,
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
export function excessOver(wanted: readonly PolicyRule[], ceiling: readonly ClusterRoleRule[]): string[] {
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
