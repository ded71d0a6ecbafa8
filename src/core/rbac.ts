// The runtime ClusterRole's rules as upstream derives them (docs/reference/bundle.md#rbac-rules;
// upstream-schema.md §3.1, read from inrun:pkg/katalog/generate_rbac.go GenerateRuntimeRBACRules), made
// deterministic: merged per apiGroup + resource (+ resourceNames), verbs and rules sorted. Reads CRD entries
// in the newest generation's layout (every entry is converted to it before composition), so one function
// serves every target generation. Hook keys are looked up in upstream's built-in table only; the strict
// payload check has already refused any key upstream does not know, so nothing here is granted or dropped
// silently.
import type { EffectiveCrd } from "../api/effective.js";
import { isPlainObject } from "./field-path.js";
import { BUILTIN_BY_KIND, BUILTIN_HOOK_KINDS } from "./rbac-builtins.js";
import { RuleSet, type PolicyRule } from "./rbac-rules.js";

export const CRUD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"] as const;
export const WATCH_VERBS = ["get", "list", "watch"] as const;
const STATUS_VERBS = ["get", "update", "patch"] as const;
/** Creating Roles that grant what the runtime lacks needs escalate; binding them needs bind. */
const ROLE_EXTRA_VERBS = ["escalate", "bind"] as const;

export const HOOK_PHASES = ["onCreate", "onReconcile", "onDelete"] as const;
/** upstream reads custom: items of onCreate and onReconcile only. */
const CUSTOM_PHASES = ["onCreate", "onReconcile"] as const;

/** The runtime's rules for the enabled CRDs (in the newest layout). */
export function runtimeRulesFor(crds: readonly EffectiveCrd[]): PolicyRule[] {
  const set = new RuleSet();
  set.grant("coordination.k8s.io", "leases", ["get", "create", "update"]);
  set.grant("", "events", ["create", "patch"]);
  grantSecretRefs(
    set,
    crds.flatMap((crd) => secretRefsOf(crd.entry)),
    ["get"],
  );
  for (const crd of crds) {
    const { group, plural } = crd.entry.apiTypes;
    set.grant(group, plural, CRUD_VERBS);
    set.grant(group, `${plural}/status`, STATUS_VERBS);
    const reconcile = section(crd.entry, "operatorBox", "reconcile");
    for (const part of ["hooks", "constructor", "remote"]) {
      for (const resource of listAt(reconcile[part], "managedResources")) {
        const gr = resolveManagedResource(resource);
        if (gr) set.grant(gr.group, gr.resource, CRUD_VERBS);
      }
    }
    for (const watch of listAt(section(crd.entry, "operatorBox", "observe"), "watch")) {
      const gr = resolveManagedResource(watch);
      if (gr) set.grant(gr.group, gr.resource, WATCH_VERBS);
    }
    for (const phase of HOOK_PHASES)
      grantHookTemplates(set, reconcile[phase], CUSTOM_PHASES.includes(phase as never));
  }
  return set.rules();
}

/** Built-in kinds by hook key, and custom: items; nested `groups` are hook templates too [I]. */
function grantHookTemplates(set: RuleSet, templates: unknown, withCustom: boolean): void {
  if (!isPlainObject(templates)) return;
  for (const [key, items] of Object.entries(templates)) {
    const builtin = BUILTIN_HOOK_KINDS.get(key);
    if (builtin && Array.isArray(items) && items.length > 0) {
      const extra =
        builtin.resource === "roles" || builtin.resource === "clusterroles" ? ROLE_EXTRA_VERBS : [];
      set.grant(builtin.group, builtin.resource, [...CRUD_VERBS, ...extra]);
    }
  }
  if (withCustom) {
    for (const item of listAt(templates, "custom")) {
      const apiVersion = stringAt(item, "apiVersion");
      const kind = stringAt(item, "kind");
      if (apiVersion === undefined || kind === undefined) continue;
      set.grant(groupOf(apiVersion), `${kind.toLowerCase()}s`, CRUD_VERBS);
    }
  }
  for (const group of listAt(templates, "groups")) grantHookTemplates(set, group, withCustom);
}

/**
 * upstream's ResolveGVR: explicit group+version(+plural); apiVersion(+plural); else a built-in kind. The
 * plural, when not written, is lower-case kind + "s" as upstream infers it — except for built-in kinds, whose
 * real resource name we know (upstream's inference would grant `ingresss`, which the runtime cannot use).
 */
export function resolveManagedResource(value: unknown): { group: string; resource: string } | undefined {
  if (!isPlainObject(value)) return undefined;
  const kind = stringAt(value, "kind") ?? "";
  const plural = stringAt(value, "plural");
  const explicitGroup = stringAt(value, "group");
  const version = stringAt(value, "version");
  const apiVersion = stringAt(value, "apiVersion");
  const group =
    explicitGroup !== undefined && explicitGroup !== "" && version
      ? explicitGroup
      : apiVersion
        ? groupOf(apiVersion)
        : undefined;
  if (group === undefined) {
    const builtin = BUILTIN_BY_KIND.get(kind);
    return builtin ? { group: builtin.group, resource: builtin.resource } : undefined;
  }
  if (plural) return { group, resource: plural };
  const builtin = BUILTIN_BY_KIND.get(kind);
  if (builtin && builtin.group === group) return { group, resource: builtin.resource };
  return kind ? { group, resource: `${kind.toLowerCase()}s` } : undefined;
}

/** auth.secretRef names of external calls and the remote reconciler (upstream's collect*SecretRefs). */
function secretRefsOf(entry: Readonly<Record<string, unknown>>): unknown[] {
  const reconcile = section(entry, "operatorBox", "reconcile");
  const admission = section(entry, "admission");
  const calls = [
    ...listAt(reconcile.onReconcile, "external"),
    ...listAt(reconcile.onCreate, "external"),
    ...listAt(reconcile.hooks, "external"),
    ...listAt(admission.validation, "external"),
    ...listAt(admission.mutation, "external"),
  ];
  const remote = isPlainObject(reconcile.remote) ? [reconcile.remote] : [];
  return [...calls, ...remote].map((call) =>
    isPlainObject(call) && isPlainObject(call.auth) ? call.auth.secretRef : undefined,
  );
}

/** Static names get one scoped rule; any template name (`{{`) adds an unscoped one (as upstream). */
export function grantSecretRefs(set: RuleSet, refs: readonly unknown[], verbs: readonly string[]): void {
  const names = refs
    .map((ref) => stringAt(ref, "name"))
    .filter((n): n is string => n !== undefined && n !== "");
  const staticNames = names.filter((n) => !n.includes("{{"));
  if (staticNames.length > 0) set.grant("", "secrets", verbs, staticNames);
  if (names.length > staticNames.length) set.grant("", "secrets", verbs);
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function section(root: unknown, ...path: string[]): Record<string, unknown> {
  let node = root;
  for (const key of path) node = isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return isPlainObject(node) ? node : {};
}

function listAt(node: unknown, key: string): unknown[] {
  if (!isPlainObject(node) || !Object.hasOwn(node, key)) return [];
  const value = node[key];
  return Array.isArray(value) ? value : [];
}

function stringAt(node: unknown, key: string): string | undefined {
  if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
  const value = node[key];
  return typeof value === "string" ? value : undefined;
}
