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
  reuseConnections(kc);
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `The kubeconfig from ${describeSource(source)} has no current cluster; set current-context or pass a context`,
    );
  }
  return kc;
}

type DispatcherFactory = (cluster: unknown, agentOptions: unknown) => unknown;

/**
 * client-node 2.0 builds a new undici Agent for every request, so every API call opened a new TLS connection
 * and parsed the CA and client certificate again: in a profile of the operator's steady state that was the
 * largest cost (about 40% of CPU). One Agent per distinct TLS configuration keeps connections alive and
 * reuses them. Keyed by the options themselves (certificates included), so a rotated client certificate
 * still gets a new Agent. `createDispatcher` is private in client-node's typings, hence the cast.
 */
function reuseConnections(kc: KubeConfig): void {
  const target = kc as unknown as {
    createDispatcher?: DispatcherFactory;
    createDispatcherOptions: (cluster: unknown, agentOptions: unknown) => unknown;
  };
  const create = target.createDispatcher;
  if (typeof create !== "function") return;
  const agents = new Map<string, unknown>();
  target.createDispatcher = (cluster, agentOptions) => {
    const key = optionsKey(target.createDispatcherOptions.call(kc, cluster, agentOptions));
    if (!agents.has(key)) {
      // Rotations are rare; an unbounded map of them is not a concern, but keep it from growing anyway.
      if (agents.size >= 8) agents.clear();
      agents.set(key, create.call(kc, cluster, agentOptions));
    }
    return agents.get(key);
  };
}

/** A cheap identity for dispatcher options: certificates may be Buffers, which JSON turns into number arrays. */
function optionsKey(value: unknown): string {
  if (value instanceof Uint8Array)
    return `b:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1")}`;
  if (Array.isArray(value)) return `[${value.map(optionsKey).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}:${optionsKey(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "undefined";
}

function describeSource(source: KubeConfigSource): string {
  return source.kind === "file" ? source.path : source.kind;
}
