// Proof that the environment is the real thing: objects written through client-node are read back by the
// real kubectl, and a Deployment really rolls out on kwok's fake Nodes.
import * as k8s from "@kubernetes/client-node";
import { loadTestEnv } from "../env/state.js";
import { adminKubeConfig, createTestNamespace, kubectl } from "../support/kube.js";

describe("real control plane", () => {
  it("serves the pinned Kubernetes version", async () => {
    const version = JSON.parse(await kubectl(["version", "-o", "json"])) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  it("stores a ConfigMap written by client-node that kubectl reads back", async () => {
    const ns = await createTestNamespace("proof");
    const core = adminKubeConfig().makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "hello" }, data: { "katalog.yaml": "kind: Katalog\n" } },
    });
    const out = await kubectl([
      "get",
      "configmap",
      "hello",
      "-n",
      ns,
      "-o",
      "jsonpath={.data.katalog\\.yaml}",
    ]);
    expect(out).toBe("kind: Katalog\n");
  });

  it("enforces RBAC for a user outside system:masters", async () => {
    const ns = await createTestNamespace("rbac");
    await expect(kubectl(["auth", "can-i", "get", "secrets", "-n", ns, "--as", "nobody"])).rejects.toThrow(
      /no/,
    );
  });

  it("rolls a Deployment out on kwok nodes", async () => {
    const env = loadTestEnv();
    expect(env.controllers).toBe(true);
    const ns = await createTestNamespace("rollout");
    await kubectl([
      "create",
      "deployment",
      "web",
      "--image=registry.invalid/web:1",
      "--replicas=2",
      "-n",
      ns,
    ]);
    const out = await kubectl(["rollout", "status", "deployment/web", "-n", ns, "--timeout=90s"]);
    expect(out).toContain('deployment "web" successfully rolled out');
    const pods = JSON.parse(await kubectl(["get", "pods", "-n", ns, "-o", "json"])) as {
      items: { spec: { nodeName?: string } }[];
    };
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) expect(pod.spec.nodeName).toMatch(/^kwok-node-/);
  });
});
