// The Kubernetes objects of the runtime bundle (docs/reference/bundle.md#objects), as plain data: the CLI
// prints them, the operator applies the same objects with server-side apply. Names and labels match
// upstream's bundles.
import type { KubeObject } from "../api/effective.js";
import type { PolicyRule } from "./rbac-rules.js";

export const DEFAULT_BUNDLE_NAMESPACE = "orkestra-system";
export const SERVICE_ACCOUNT_NAME = "orkestra";
/** upstream's gateway and Control Center identities (upstream-schema.md §3.4). */
export const GATEWAY_SERVICE_ACCOUNT_NAME = "orkestra-gateway";
export const CONTROL_CENTER_SERVICE_ACCOUNT_NAME = "orkestra-cc";
export const KATALOG_CONFIGMAP_NAME = "orkestra-katalog";
export const KATALOG_CONFIGMAP_KEY = "katalog.yaml";

export const BundleAnnotation = {
  digest: "komposer.orkestra.orkspace.io/bundle-digest",
  source: "komposer.orkestra.orkspace.io/source",
  /** The runtime schema generation the payload is written for, e.g. `generation-3`. */
  runtimeSchema: "komposer.orkestra.orkspace.io/runtime-schema",
} as const;

/** Labels on every bundle object; the first three exactly as upstream's bundles carry them. */
export const BUNDLE_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/name": "orkestra",
  "app.kubernetes.io/tag": "orkestra-internal",
  "orkestra.io/deletion-protection": "true",
  "app.kubernetes.io/managed-by": "komposer",
};

export function clusterRoleName(namespace: string): string {
  return `orkestra-${namespace}`;
}

export function gatewayClusterRoleName(namespace: string): string {
  return `orkestra-gateway-${namespace}`;
}

export interface ObjectMetaParts {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const meta = (name: string, parts: ObjectMetaParts, namespace?: string): KubeObject["metadata"] => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  labels: { ...parts.labels },
  annotations: { ...parts.annotations },
});

export function namespaceObject(namespace: string, parts: ObjectMetaParts): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: meta(namespace, parts) };
}

export function serviceAccountObject(
  namespace: string,
  parts: ObjectMetaParts,
  name: string = SERVICE_ACCOUNT_NAME,
): KubeObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(name, parts, namespace) };
}

export function clusterRoleObject(
  name: string,
  rules: readonly PolicyRule[],
  parts: ObjectMetaParts,
): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: meta(name, parts),
    rules: rules.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
      verbs: [...r.verbs],
    })),
  };
}

export function clusterRoleBindingObject(
  name: string,
  serviceAccount: { name: string; namespace: string },
  parts: ObjectMetaParts,
): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: meta(name, parts),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ kind: "ServiceAccount", ...serviceAccount }],
  };
}

export function katalogConfigMapObject(
  namespace: string,
  katalogYaml: string,
  parts: ObjectMetaParts,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(KATALOG_CONFIGMAP_NAME, parts, namespace),
    data: { [KATALOG_CONFIGMAP_KEY]: katalogYaml },
  };
}
