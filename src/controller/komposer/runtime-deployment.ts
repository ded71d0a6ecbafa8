// The runtime Deployment the Komposer drives: its pod template annotations (the restart that makes pods read
// the new bundle) and whether its rollout has completed (the moment old-only RBAC rules may go).
import type { KubeClient } from "../../kube/client.js";
import { RuntimeAnnotation } from "./komposer-object.js";

export interface DeploymentObject {
  apiVersion: string;
  kind: string;
  metadata?: { generation?: number; name?: string };
  spec?: { replicas?: number; template?: { metadata?: { annotations?: Record<string, string> } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
  };
}

const ref = (namespace: string, name: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  namespace,
  name,
});

export function readDeployment(client: KubeClient, namespace: string, name: string) {
  return client.get<DeploymentObject>(ref(namespace, name));
}

/**
 * Sets the restart annotations on the pod template, which rolls the Deployment (like `kubectl rollout
 * restart`). Returns false when the Deployment does not exist. No write when they are already set.
 */
export async function restartRuntime(
  client: KubeClient,
  namespace: string,
  name: string,
  annotations: { restartToken: string; bundleDigest: string },
): Promise<boolean> {
  const deployment = await readDeployment(client, namespace, name);
  if (!deployment) return false;
  const wanted = {
    [RuntimeAnnotation.restartToken]: annotations.restartToken,
    [RuntimeAnnotation.bundleDigest]: annotations.bundleDigest,
  };
  const current = deployment.spec?.template?.metadata?.annotations ?? {};
  if (Object.entries(wanted).every(([k, v]) => current[k] === v)) return true;
  await client.mergePatch(ref(namespace, name), {
    spec: { template: { metadata: { annotations: wanted } } },
  });
  return true;
}

/** kubectl rollout status's test: the controller saw the spec, and every replica is updated and available. */
export function rolloutComplete(deployment: DeploymentObject): boolean {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  return (
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired
  );
}
