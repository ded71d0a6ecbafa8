import { decidePrune } from "./step-prune.js";
import type { DeploymentObject } from "./runtime-deployment.js";

const services = { apiGroups: [""], resources: ["services"], verbs: ["get", "list"] };
const ingresses = { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get"] };

function deployment(done: boolean): DeploymentObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { generation: 3 },
    spec: { replicas: 2 },
    status: done
      ? { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }
      : { observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2 },
  };
}

describe("decidePrune", () => {
  it("does nothing without a ClusterRole or when it already holds exactly the active rules", () => {
    expect(decidePrune(undefined, [ingresses], deployment(false))).toBe("in-sync");
    // Same grants written differently (verb order, split rules) are the same rules.
    const split = [
      { apiGroups: [""], resources: ["services"], verbs: ["list"] },
      { apiGroups: [""], resources: ["services"], verbs: ["get"] },
    ];
    expect(decidePrune(split, [services], deployment(false))).toBe("in-sync");
  });

  it("keeps the union while the rollout runs, prunes once it completed", () => {
    expect(decidePrune([services, ingresses], [ingresses], deployment(false))).toBe("wait-for-rollout");
    expect(decidePrune([services, ingresses], [ingresses], deployment(true))).toBe("prune");
  });

  it("prunes at once when there is no runtime Deployment (no old pod can need the rules)", () => {
    expect(decidePrune([services, ingresses], [ingresses], undefined)).toBe("prune");
  });

  it("treats a ClusterRole without rules as different from non-empty active rules", () => {
    expect(decidePrune([], [ingresses], deployment(true))).toBe("prune");
  });
});
