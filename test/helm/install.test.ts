// `helm install` of the chart into fresh namespaces of the real control plane. The namespaces enforce the
// "restricted" Pod Security Standard, so a pod that is not non-root, read-only, capability-free and
// seccomp-confined is refused at admission and the rollout never completes. kube-controller-manager,
// kube-scheduler and kwok's fake Nodes really roll the Deployments out (the image is never pulled).
import { setTimeout as delay } from "node:timers/promises";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { CHART_DIR, helmOk } from "./chart.js";

interface DeploymentStatus {
  spec: { replicas: number };
  status: { readyReplicas?: number; availableReplicas?: number };
}

async function restrictedNamespace(prefix: string): Promise<string> {
  const ns = await createTestNamespace(prefix);
  await kubectl([
    "label",
    "namespace",
    ns,
    "pod-security.kubernetes.io/enforce=restricted",
    "pod-security.kubernetes.io/enforce-version=latest",
  ]);
  return ns;
}

async function getJson<T>(args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, "-o", "json"])) as T;
}

async function podCount(ns: string, selector: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = 0;
  while (Date.now() < deadline) {
    count = (await getJson<{ items: unknown[] }>(["get", "pods", "-n", ns, "-l", selector])).items.length;
    if (count > 0) return count;
    await delay(500);
  }
  return count;
}

describe("helm install into the real control plane", () => {
  it("installs the CRD, the operator, its ServiceAccount and RBAC; rolls out under restricted Pod Security", async () => {
    const ns = await restrictedNamespace("komposer-install");
    const out = await helmOk(["install", "komposer", CHART_DIR, "-n", ns, "--wait", "--timeout", "150s"]);

    // NOTES.txt: the next three commands, for this namespace.
    expect(out).toContain(`kubectl -n ${ns} rollout status deployment/komposer`);
    expect(out).toContain(`kubectl apply -n ${ns} -f komposer.yaml`);
    expect(out).toContain(`kubectl get komposers -n ${ns} -o wide -w`);
    expect(out).toContain("WARNING: no rbacCeiling is set");

    await kubectl([
      "wait",
      "--for=condition=Established",
      "crd/komposers.orkestra.orkspace.io",
      "--timeout=30s",
    ]);
    const deployment = await getJson<DeploymentStatus>(["get", "deployment", "komposer", "-n", ns]);
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.status.availableReplicas).toBe(2);
    const pods = await getJson<{ items: { spec: { serviceAccountName: string } }[] }>([
      "get",
      "pods",
      "-n",
      ns,
      "-l",
      "app.kubernetes.io/name=komposer,app.kubernetes.io/component=operator",
    ]);
    expect(pods.items.map((p) => p.spec.serviceAccountName)).toEqual(["komposer", "komposer"]);

    await kubectl(["get", "serviceaccount", "komposer", "-n", ns]);
    await kubectl(["get", "service", "komposer-metrics", "-n", ns]);
    await kubectl(["get", "role,rolebinding", "komposer-leader-election", "-n", ns]);
    const binding = await getJson<{
      roleRef: { name: string };
      subjects: { name: string; namespace: string }[];
    }>(["get", "clusterrolebinding", `komposer-${ns}`]);
    expect(binding.roleRef.name).toBe(`komposer-${ns}`);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "komposer", namespace: ns }]);
    await kubectl(["get", "clusterrole", `komposer-${ns}`]);

    // An upgrade with another replica count rolls out too; uninstall removes the cluster-scoped RBAC.
    await helmOk([
      "upgrade",
      "komposer",
      CHART_DIR,
      "-n",
      ns,
      "--set",
      "replicaCount=3",
      "--wait",
      "--timeout",
      "150s",
    ]);
    const upgraded = await getJson<DeploymentStatus>(["get", "deployment", "komposer", "-n", ns]);
    expect(upgraded.status.availableReplicas).toBe(3);
    await helmOk(["uninstall", "komposer", "-n", ns, "--wait"]);
    await expect(kubectl(["get", "clusterrole", `komposer-${ns}`])).rejects.toThrow(/NotFound/);
    // Helm never deletes CRDs from crds/: Komposers (and the bundles they own) survive an uninstall.
    await kubectl(["get", "crd", "komposers.orkestra.orkspace.io"]);
  });

  it("with runtime.enabled, the Orkestra runtime's pods pass restricted admission too", async () => {
    const ns = await restrictedNamespace("komposer-platform");
    const out = await helmOk([
      "install",
      "platform",
      CHART_DIR,
      "-n",
      ns,
      "--set",
      "runtime.enabled=true",
      "--set",
      "replicaCount=1",
      "--wait",
      "--timeout",
      "150s",
    ]);
    expect(out).toContain(`next to the runtime Deployment orkestra-runtime`);
    const runtime = await getJson<{ spec: { template: { spec: { serviceAccountName: string } } } }>([
      "get",
      "deployment",
      "orkestra-runtime",
      "-n",
      ns,
    ]);
    expect(runtime.spec.template.spec.serviceAccountName).toBe("orkestra");
    // The pods exist, so the API server's Pod Security admission accepted their spec.
    expect(await podCount(ns, "app.kubernetes.io/component=runtime", 60_000)).toBe(1);
    await kubectl(["get", "deployment", "platform-komposer", "-n", ns]);
  });
});
