// Reading a ClusterRole the operator acts on: the runtime's (pruned after a rollout), each of the bundle's
// (whose old rules activation keeps in a union) and the --rbac-ceiling one. Its rules are read with rulesOf,
// so a rule an administrator wrote in an unexpected shape is ignored instead of failing a set operation.
import { rulesOf, type ClusterRoleRule } from "../../core/rbac-rules.js";
import type { KubeClient } from "../../kube/client.js";

export interface ClusterRoleObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  rules?: ClusterRoleRule[];
}

/** The ClusterRole `name` with its well-formed rules, or undefined when it does not exist. */
export async function readClusterRole(
  client: KubeClient,
  name: string,
): Promise<(ClusterRoleObject & { rules: ClusterRoleRule[] }) | undefined> {
  const role = await client.get<ClusterRoleObject>({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    name,
  });
  return role === undefined ? undefined : { ...role, rules: rulesOf(role) };
}
