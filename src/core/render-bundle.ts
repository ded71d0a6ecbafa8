// Renders the runtime bundle (docs/reference/bundle.md#objects, upstream-schema.md §3.4) from an effective
// Katalog and its payload for the target runtime: Namespace (CLI only), ServiceAccounts orkestra,
// orkestra-gateway (only with a gateway block) and orkestra-cc, the runtime's ClusterRole(Binding), the
// gateway's when it has rules, and ConfigMap orkestra-katalog — in upstream's order, with canonical YAML so
// equal inputs give byte-identical output and the digest identifies the bundle. `identities` is upstream's
// `--for runtime|gateway|cc`.
import { RFC1123_LABEL } from "../api/common.js";
import type { Bundle, EffectiveKatalog, KubeObject } from "../api/effective.js";
import {
  BUNDLE_LABELS,
  BundleAnnotation,
  clusterRoleBindingObject,
  clusterRoleName,
  clusterRoleObject,
  CONTROL_CENTER_SERVICE_ACCOUNT_NAME,
  GATEWAY_SERVICE_ACCOUNT_NAME,
  gatewayClusterRoleName,
  katalogConfigMapObject,
  namespaceObject,
  SERVICE_ACCOUNT_NAME,
  serviceAccountObject,
  type ObjectMetaParts,
} from "./bundle-objects.js";
import { toCanonicalYaml, toCanonicalYamlStream } from "./canonical-yaml.js";
import { computeBundleDigest } from "./digest.js";
import { ConflictError, InvalidInputError, type Problem } from "./errors.js";
import { gatewayRulesFor, isGatewayEnabled } from "./gateway-rbac.js";
import { isEnabled } from "./katalog-document.js";
import { runtimeRulesFor } from "./rbac.js";
import { buildRuntimePayload, type RuntimePayload } from "./runtime-payload.js";
import { detectedTarget } from "./runtime-schema/detect.js";

/** ConfigMaps cap at 1 MiB; the margin leaves room for metadata and apply bookkeeping. */
export const MAX_BUNDLE_BYTES = 900 * 1024;

/** upstream's `--for`: which identities the bundle carries (all by default). */
export const BUNDLE_IDENTITIES = ["runtime", "gateway", "cc"] as const;
export type BundleIdentity = (typeof BUNDLE_IDENTITIES)[number];

export interface RenderBundleOptions {
  /** Namespace of the runtime (the CLI's `-n`, the Komposer's own namespace in the operator). */
  namespace: string;
  /** Render the Namespace object first (the CLI does; the operator never creates namespaces). */
  includeNamespace: boolean;
  /** The katalog.yaml for the target runtime (buildRuntimePayload); default: for the detected generation. */
  payload?: RuntimePayload;
  /** Default: every identity. */
  identities?: readonly BundleIdentity[];
  maxBytes?: number;
}

export interface RenderedBundle extends Bundle {
  warnings: Problem[];
}

export function renderBundle(effective: EffectiveKatalog, options: RenderBundleOptions): RenderedBundle {
  const { namespace } = options;
  assertNamespace(namespace);
  const wanted = new Set(options.identities ?? BUNDLE_IDENTITIES);
  const enabled = effective.crds.filter(isEnabled);
  const payload =
    options.payload ?? buildRuntimePayload(effective, detectedTarget(enabled.map((crd) => crd.written)));
  const gateway = wanted.has("gateway") && isGatewayEnabled(effective.blocks);
  const parts: ObjectMetaParts = {
    labels: { ...BUNDLE_LABELS },
    annotations: {
      [BundleAnnotation.source]: effective.sources.join(","),
      [BundleAnnotation.runtimeSchema]: `generation-${payload.target.generation}`,
    },
  };
  const runtimeRole = clusterRoleName(namespace);
  const gatewayRole = gatewayClusterRoleName(namespace);
  const gatewayRules = gateway ? gatewayRulesFor(enabled, effective.blocks) : [];
  const objects: KubeObject[] = [
    ...(wanted.has("runtime") ? [serviceAccountObject(namespace, parts)] : []),
    ...(gateway ? [serviceAccountObject(namespace, parts, GATEWAY_SERVICE_ACCOUNT_NAME)] : []),
    ...(wanted.has("cc")
      ? [serviceAccountObject(namespace, parts, CONTROL_CENTER_SERVICE_ACCOUNT_NAME)]
      : []),
    ...(wanted.has("runtime")
      ? [
          clusterRoleObject(runtimeRole, runtimeRulesFor(enabled), parts),
          clusterRoleBindingObject(runtimeRole, { name: SERVICE_ACCOUNT_NAME, namespace }, parts),
        ]
      : []),
    ...(gatewayRules.length > 0
      ? [
          clusterRoleObject(gatewayRole, gatewayRules, parts),
          clusterRoleBindingObject(gatewayRole, { name: GATEWAY_SERVICE_ACCOUNT_NAME, namespace }, parts),
        ]
      : []),
    ...(wanted.has("runtime") || gateway
      ? [katalogConfigMapObject(namespace, toCanonicalYaml(payload.document), parts)]
      : []),
  ];
  const digest = computeBundleDigest(objects);
  const stamped = [...(options.includeNamespace ? [namespaceObject(namespace, parts)] : []), ...objects].map(
    (o) => withAnnotation(o, BundleAnnotation.digest, digest),
  );
  const yaml = toCanonicalYamlStream(stamped);
  assertSize(yaml, payload, options.maxBytes ?? MAX_BUNDLE_BYTES);
  return { namespace, objects: stamped, yaml, digest, warnings: [] };
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

function assertSize(yaml: string, payload: RuntimePayload, maxBytes: number): void {
  const size = new TextEncoder().encode(yaml).length;
  if (size < maxBytes) return;
  const heaviest = [...payload.entries]
    .map(([key, entry]) => ({ key, bytes: new TextEncoder().encode(toCanonicalYaml(entry)).length }))
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
