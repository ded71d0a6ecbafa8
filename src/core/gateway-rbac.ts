// The gateway's ClusterRole rules as upstream derives them (upstream-schema.md §3.2, read from
// GenerateGatewayRBACRules and NeedsCertificates): only when the katalog has a `gateway:` block (even an empty
// one). Upstream decides "deletion protection on" from the generating process's environment when
// `security.deletionProtection` is absent; a bundle must not depend on who generated it, so absent means off
// here (docs/decisions/0007). Reads CRD entries in the newest generation's layout.
import type { EffectiveCrd } from "../api/effective.js";
import { isPlainObject } from "./field-path.js";
import { CRUD_VERBS, grantSecretRefs, section } from "./rbac.js";
import { RuleSet, type PolicyRule } from "./rbac-rules.js";

export function isGatewayEnabled(blocks: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(blocks, "gateway") && blocks.gateway !== undefined;
}

export function gatewayRulesFor(
  crds: readonly EffectiveCrd[],
  blocks: Readonly<Record<string, unknown>>,
): PolicyRule[] {
  if (!isGatewayEnabled(blocks)) return [];
  const set = new RuleSet();
  grantWebhooks(set, crds, blocks);
  const tokens = section(blocks, "gateway", "api", "auth").tokens;
  const refs = Array.isArray(tokens) ? tokens.map((t) => (isPlainObject(t) ? t.secretRef : undefined)) : [];
  grantSecretRefs(set, refs, ["get", "create"]);
  for (const crd of crds) grantServedCrd(set, crd);
  return set.rules();
}

/** The gateway serves admission webhooks (protection, validation, mutation, conversion) with its own certificates. */
function grantWebhooks(
  set: RuleSet,
  crds: readonly EffectiveCrd[],
  blocks: Readonly<Record<string, unknown>>,
): void {
  const security = section(blocks, "security");
  const deletionProtection = enabledFlag(security, "deletionProtection");
  const namespaceProtection = enabledFlag(security, "namespaceProtection"); // [I] key name
  const admissions = crds.map((crd) => section(crd.entry, "admission"));
  const validation = admissions.some((a) => hasContent(a.validation));
  const mutation = admissions.some((a) => hasContent(a.mutation));
  const conversion = admissions.some((a) => hasContent(a.conversion));
  const validating = deletionProtection || namespaceProtection || validation;
  if (validating) set.grant("admissionregistration.k8s.io", "validatingwebhookconfigurations", CRUD_VERBS);
  if (mutation) set.grant("admissionregistration.k8s.io", "mutatingwebhookconfigurations", CRUD_VERBS);
  if (validating || mutation || conversion) set.grant("", "secrets", CRUD_VERBS);
  if (deletionProtection) set.grant("", "namespaces", ["get", "patch"]);
}

/** A CRD the gateway serves over its API (locally, not through remote clusters), and CRDs it converts. */
function grantServedCrd(set: RuleSet, crd: EffectiveCrd): void {
  const { group, plural } = crd.entry.apiTypes;
  const serve = section(crd.entry, "serve");
  const clusters = serve.clusters;
  const served = serve.enabled === true && !(Array.isArray(clusters) && clusters.length > 0);
  if (served) {
    set.grant(group, plural, ["get", "list", "create", "update", "patch", "delete"]);
    set.grant("apiextensions.k8s.io", "customresourcedefinitions", ["get"], [`${plural}.${group}`]);
  }
  if (section(crd.entry, "admission", "conversion").updateCRD === true) {
    const names = [`${plural}.${group}`];
    set.grant("apiextensions.k8s.io", "customresourcedefinitions", ["patch", "watch"], names);
  }
}

/** upstream: a present block's `enabled` decides, default on; an absent one is off here. */
function enabledFlag(security: Readonly<Record<string, unknown>>, key: string): boolean {
  if (!Object.hasOwn(security, key) || security[key] === null || security[key] === undefined) return false;
  return section(security, key).enabled !== false;
}

function hasContent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isPlainObject(value) && Object.keys(value).length > 0;
}
