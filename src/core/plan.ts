// `ork plan` (docs/reference/cli.md#commands): what activating the desired bundle would change against the
// current one — CRDs added and removed, changed fields per CRD (dotted paths), other Katalog changes, RBAC
// grants added and removed. Pure data plus a text formatter; the CLI decides where it goes.
import { shortDigest } from "./digest.js";
import { readBundle, type RbacGrant } from "./bundle-reader.js";
import { compareKeys } from "./canonical-yaml.js";
import { diffValues, type FieldChange } from "./json-diff.js";

export type { RbacGrant } from "./bundle-reader.js";

export interface BundlePlan {
  current: { digest?: string };
  desired: { digest?: string };
  crds: {
    added: string[];
    removed: string[];
    changed: { key: string; changes: FieldChange[] }[];
  };
  /** Changes to the merged Katalog outside spec.crds: metadata, security, gateway, … */
  katalog: FieldChange[];
  /** `compared` is false when one side has no ClusterRole, so RBAC could not be compared. */
  rbac: { added: RbacGrant[]; removed: RbacGrant[]; compared: boolean };
  unchanged: boolean;
}

export interface BundleText {
  file: string;
  text: string;
}

export function planBundleChange(desired: BundleText, current: BundleText): BundlePlan {
  const after = readBundle(desired.file, desired.text);
  const before = readBundle(current.file, current.text);
  const keysBefore = Object.keys(before.crds);
  const keysAfter = Object.keys(after.crds);
  const changed = keysAfter
    .filter((key) => Object.hasOwn(before.crds, key))
    .sort(compareKeys)
    .map((key) => ({ key, changes: diffValues(before.crds[key], after.crds[key]) }))
    .filter((c) => c.changes.length > 0);
  const plan: BundlePlan = {
    current: before.digest === undefined ? {} : { digest: before.digest },
    desired: after.digest === undefined ? {} : { digest: after.digest },
    crds: {
      added: keysAfter.filter((k) => !Object.hasOwn(before.crds, k)).sort(compareKeys),
      removed: keysBefore.filter((k) => !Object.hasOwn(after.crds, k)).sort(compareKeys),
      changed,
    },
    katalog: diffValues(before.katalog, after.katalog),
    // A side without a ClusterRole (a bare ConfigMap) says nothing about RBAC: do not report every grant.
    rbac:
      after.grants === undefined || before.grants === undefined
        ? { added: [], removed: [], compared: false }
        : {
            added: grantDifference(after.grants, before.grants),
            removed: grantDifference(before.grants, after.grants),
            compared: true,
          },
    unchanged: false,
  };
  const { crds, rbac, katalog } = plan;
  plan.unchanged =
    crds.added.length +
      crds.removed.length +
      crds.changed.length +
      katalog.length +
      rbac.added.length +
      rbac.removed.length ===
    0;
  return plan;
}

const grantKey = (g: RbacGrant) =>
  [identityOf(g.clusterRole), g.apiGroup, g.resource, (g.resourceNames ?? []).join(","), g.verb].join(
    "\u0000",
  );

/** Compared by identity, not by name: the names carry the namespace, which a plan may change. */
function identityOf(clusterRole: string): string {
  return clusterRole.startsWith("orkestra-gateway-") ? "gateway" : "runtime";
}

/** Grants in `a` and not in `b`, sorted. */
function grantDifference(a: readonly RbacGrant[], b: readonly RbacGrant[]): RbacGrant[] {
  const inB = new Set(b.map(grantKey));
  const unique = new Map(a.filter((g) => !inB.has(grantKey(g))).map((g) => [grantKey(g), g]));
  return [...unique.entries()].sort(([x], [y]) => compareKeys(x, y)).map(([, g]) => g);
}

export function formatPlan(plan: BundlePlan): string {
  // The same 10 hex digits `kubectl get komposers` shows in DESIRED and ACTIVE.
  const short = (d?: string) => (d === undefined ? "(no digest)" : shortDigest(d));
  if (plan.unchanged)
    return `No changes: the desired bundle matches the current one (${short(plan.desired.digest)}).\n`;
  const lines = [
    `Bundle ${short(plan.current.digest)} → ${short(plan.desired.digest)}; a restart would apply:`,
  ];
  const { added, removed, changed } = plan.crds;
  if (added.length + removed.length + changed.length > 0) {
    lines.push("CRDs:");
    for (const key of added) lines.push(`  + ${key}`);
    for (const key of removed) lines.push(`  - ${key}`);
    for (const { key, changes } of changed) {
      lines.push(`  ~ ${key}`);
      for (const change of changes) lines.push(`      ${formatChange(change)}`);
    }
  }
  if (plan.katalog.length > 0) {
    lines.push("Katalog:");
    for (const change of plan.katalog) lines.push(`  ~ ${formatChange(change)}`);
  }
  if (plan.rbac.added.length + plan.rbac.removed.length > 0) {
    lines.push("RBAC:");
    for (const [sign, grants] of [
      ["+", plan.rbac.added],
      ["-", plan.rbac.removed],
    ] as const) {
      for (const [resource, verbs] of groupGrants(grants))
        lines.push(`  ${sign} ${resource}: ${verbs.join(", ")}`);
    }
  }
  if (!plan.rbac.compared) {
    lines.push(
      "RBAC: not compared (one side has no ClusterRole; pass the whole bundle, or the ConfigMap and the ClusterRole)",
    );
  }
  return `${lines.join("\n")}\n`;
}

function formatChange(change: FieldChange): string {
  return `${change.path || "(entry)"}: ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `core/services: get, list` — one line per group and resource. */
function groupGrants(grants: readonly RbacGrant[]): [string, string[]][] {
  const byResource = new Map<string, string[]>();
  for (const g of grants) {
    const identity = identityOf(g.clusterRole) === "runtime" ? "" : "gateway ";
    const names = g.resourceNames ? ` [${g.resourceNames.join(", ")}]` : "";
    const key = `${identity}${g.apiGroup === "" ? "core" : g.apiGroup}/${g.resource}${names}`;
    byResource.set(key, [...(byResource.get(key) ?? []), g.verb]);
  }
  return [...byResource.entries()];
}
