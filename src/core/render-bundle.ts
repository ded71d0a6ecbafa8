// Renders the runtime bundle (spec §3) from an effective Katalog: ServiceAccount, ClusterRole,
// ClusterRoleBinding and ConfigMap orkestra-katalog (plus the Namespace for the CLI), in that order, with
// canonical YAML so equal inputs give byte-identical output and the digest identifies the bundle.
import { RFC1123_LABEL } from "../api/common.js";
import type { Bundle, EffectiveKatalog, KubeObject } from "../api/effective.js";
import {
  BUNDLE_LABELS,
  BundleAnnotation,
  clusterRoleBindingObject,
  clusterRoleObject,
  katalogConfigMapObject,
  namespaceObject,
  serviceAccountObject,
  type ObjectMetaParts,
} from "./bundle-objects.js";
import { toCanonicalYaml, toCanonicalYamlStream } from "./canonical-yaml.js";
import { computeBundleDigest } from "./digest.js";
import { ConflictError, InvalidInputError, type Problem } from "./errors.js";
import { isEnabled, renderKatalogDocument, stampedEntry } from "./katalog-document.js";
import { rbacRulesFor } from "./rbac.js";

/** ConfigMaps cap at 1 MiB; the margin leaves room for metadata and apply bookkeeping. */
export const MAX_BUNDLE_BYTES = 900 * 1024;

export interface RenderBundleOptions {
  /** Namespace of the runtime (the CLI's `-n`, the Komposer's own namespace in the operator). */
  namespace: string;
  /** Render the Namespace object first (the CLI does; the operator never creates namespaces). */
  includeNamespace: boolean;
  maxBytes?: number;
}

export interface RenderedBundle extends Bundle {
  /** E.g. operatorBox kinds that were not granted. */
  warnings: Problem[];
}

export function renderBundle(effective: EffectiveKatalog, options: RenderBundleOptions): RenderedBundle {
  const { namespace } = options;
  assertNamespace(namespace);
  const enabled = effective.crds.filter(isEnabled);
  const { rules, warnings } = rbacRulesFor(enabled);
  const parts: ObjectMetaParts = {
    labels: { ...BUNDLE_LABELS },
    annotations: { [BundleAnnotation.source]: effective.sources.join(",") },
  };
  const objects = [
    serviceAccountObject(namespace, parts),
    clusterRoleObject(namespace, rules, parts),
    clusterRoleBindingObject(namespace, parts),
    katalogConfigMapObject(namespace, toCanonicalYaml(renderKatalogDocument(effective)), parts),
  ];
  const digest = computeBundleDigest(objects);
  const stamped = [...(options.includeNamespace ? [namespaceObject(namespace, parts)] : []), ...objects].map(
    (o) => withAnnotation(o, BundleAnnotation.digest, digest),
  );
  const yaml = toCanonicalYamlStream(stamped);
  assertSize(yaml, effective, options.maxBytes ?? MAX_BUNDLE_BYTES);
  return { namespace, objects: stamped, yaml, digest, warnings };
}

export type BundlePart = "configmap" | "rbac";

const PART_KINDS: Readonly<Record<BundlePart, readonly string[]>> = {
  configmap: ["ConfigMap"],
  rbac: ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"],
};

/** The objects of `ork generate configmap` / `ork generate rbac`: a subset, with the full bundle's digest. */
export function selectBundlePart(bundle: Bundle, part: BundlePart): { objects: KubeObject[]; yaml: string } {
  const objects = bundle.objects.filter((o) => PART_KINDS[part].includes(o.kind));
  return { objects, yaml: toCanonicalYamlStream(objects) };
}

function withAnnotation(object: KubeObject, key: string, value: string): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [key]: value } },
  };
}

function assertNamespace(namespace: string): void {
  if (RFC1123_LABEL.test(namespace)) return;
  throw new InvalidInputError("InvalidNamespace", [
    {
      file: "namespace",
      path: "",
      message: `"${namespace}" is not a valid namespace: use a lower-case RFC 1123 label, e.g. orkestra-system`,
      severity: "error",
    },
  ]);
}

function assertSize(yaml: string, effective: EffectiveKatalog, maxBytes: number): void {
  const size = new TextEncoder().encode(yaml).length;
  if (size < maxBytes) return;
  const heaviest = effective.crds
    .filter(isEnabled)
    .map((crd) => ({
      key: crd.key,
      bytes: new TextEncoder().encode(toCanonicalYaml(stampedEntry(crd))).length,
    }))
    .sort((a, b) => b.bytes - a.bytes || (a.key < b.key ? -1 : 1))
    .slice(0, 5)
    .map((c) => `${c.key} (${kib(c.bytes)})`);
  throw new ConflictError(
    "BundleTooLarge",
    `the bundle is ${kib(size)}, over the ${kib(maxBytes)} limit (ConfigMaps cap at 1 MiB); heaviest CRDs: ` +
      `${heaviest.join(", ")}; disable some with \`enabled: false\` or split them across runtimes`,
  );
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
