// Where the operator's API credentials come from. The composition root (src/operator.ts) decides; this module
// never looks at flags or the environment itself.
import { KubeConfig } from "@kubernetes/client-node";

export type KubeConfigSource =
  /** A kubeconfig file (`--kubeconfig`), optionally with a context other than its current one. */
  | { kind: "file"; path: string; context?: string }
  /** The pod's service account (token, CA and KUBERNETES_SERVICE_HOST/PORT mounted by the kubelet). */
  | { kind: "in-cluster" }
  /** client-node's default chain: $KUBECONFIG, ~/.kube/config, then in-cluster. For development. */
  | { kind: "default"; context?: string };

export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  switch (source.kind) {
    case "file":
      kc.loadFromFile(source.path);
      break;
    case "in-cluster":
      kc.loadFromCluster();
      break;
    case "default":
      kc.loadFromDefault();
      break;
  }
  if (source.kind !== "in-cluster" && source.context) kc.setCurrentContext(source.context);
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `The kubeconfig from ${describeSource(source)} has no current cluster; set current-context or pass a context`,
    );
  }
  return kc;
}

function describeSource(source: KubeConfigSource): string {
  return source.kind === "file" ? source.path : source.kind;
}
