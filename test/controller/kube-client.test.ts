// KubeClient against the real API server: server-side apply is idempotent, reads map 404 to undefined, the
// status subresource is patched without touching spec, and repeated events are counted on one Event.
import * as k8s from "@kubernetes/client-node";
import { KubeClient } from "../../src/kube/client.js";
import { coreV1EventSink, EventRecorder } from "../../src/kube/events.js";
import { adminKubeConfig, createTestNamespace } from "../support/kube.js";

const GROUP = "controller-test.komposer.io";
const widgetRef = (namespace: string, name: string) => ({
  apiVersion: `${GROUP}/v1`,
  kind: "Widget",
  plural: "widgets",
  namespace,
  name,
});

async function ensureWidgetCrd(client: KubeClient): Promise<void> {
  await client.apply({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `widgets.${GROUP}` },
    spec: {
      group: GROUP,
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
        },
      ],
    },
  } as k8s.KubernetesObject);
  for (let i = 0; i < 100; i++) {
    const crd = await client.get<k8s.V1CustomResourceDefinition>({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      name: `widgets.${GROUP}`,
    });
    if (crd?.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) {
      // Discovery lags Established a little; the generic client resolves kinds through discovery.
      try {
        await client.list(`${GROUP}/v1`, "Widget", { namespace: "default" });
        return;
      } catch {
        /* not discoverable yet */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("Widget CRD never became usable");
}

describe("KubeClient against kube-apiserver", () => {
  const client = new KubeClient(adminKubeConfig());

  it("applies a ConfigMap idempotently: a second identical apply keeps the resourceVersion", async () => {
    const namespace = await createTestNamespace("ssa");
    const desired: k8s.V1ConfigMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "orkestra-katalog",
        namespace,
        labels: { "app.kubernetes.io/managed-by": "komposer" },
      },
      data: { "katalog.yaml": "kind: Katalog\n" },
    };
    const first = await client.apply(desired);
    const second = await client.apply(desired);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(first.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["komposer", "Apply"],
    ]);

    const changed = await client.apply({ ...desired, data: { "katalog.yaml": "kind: Katalog\nspec: {}\n" } });
    expect(changed.metadata?.resourceVersion).not.toBe(first.metadata?.resourceVersion);

    const read = await client.get<k8s.V1ConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace,
      name: "orkestra-katalog",
    });
    expect(read?.data?.["katalog.yaml"]).toBe("kind: Katalog\nspec: {}\n");
  });

  it("takes over fields another manager set, because it applies with force", async () => {
    const namespace = await createTestNamespace("ssa-force");
    const core = adminKubeConfig().makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: "cm" }, data: { k: "theirs" } },
      fieldManager: "kubectl",
    });
    const applied = await client.apply({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm", namespace },
      data: { k: "ours" },
    });
    expect(applied.data).toEqual({ k: "ours" });
  });

  it("returns undefined or false for missing objects and lists by label", async () => {
    const namespace = await createTestNamespace("reads");
    const ref = { apiVersion: "v1", kind: "ConfigMap", namespace, name: "missing" };
    expect(await client.get(ref)).toBeUndefined();
    expect(await client.delete(ref)).toBe(false);
    expect(await client.mergePatch(ref, { data: { a: "b" } })).toBeUndefined();

    for (const name of ["a", "b", "c"]) {
      await client.apply({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace, labels: { tier: name === "c" ? "other" : "katalog" } },
      });
    }
    const listed = await new KubeClient(adminKubeConfig(), { pageSize: 1 }).list("v1", "ConfigMap", {
      namespace,
      labelSelector: "tier=katalog",
    });
    expect(listed.map((o) => o.metadata?.name).sort()).toEqual(["a", "b"]);
    expect(await client.delete({ ...ref, name: "a" })).toBe(true);
  });

  it("patches the status subresource of a custom resource (merge and apply) without touching spec", async () => {
    await ensureWidgetCrd(client);
    const namespace = await createTestNamespace("status");
    const ref = widgetRef(namespace, "w1");
    await client.apply({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: "w1", namespace },
      spec: { size: 1 },
    } as k8s.KubernetesObject);

    const merged = await client.patchStatus<k8s.KubernetesObject & { status?: unknown; spec?: unknown }>(
      ref,
      {
        observedGeneration: 1,
        conditions: [{ type: "Ready", status: "True" }],
      },
    );
    expect(merged?.status).toEqual({
      observedGeneration: 1,
      conditions: [{ type: "Ready", status: "True" }],
    });
    expect(merged?.spec).toEqual({ size: 1 });

    const applied = await client.patchStatus<k8s.KubernetesObject & { status?: unknown }>(
      ref,
      { observedGeneration: 2 },
      { strategy: "apply" },
    );
    expect(applied?.status).toMatchObject({ observedGeneration: 2 });

    expect(await client.patchStatus(widgetRef(namespace, "absent"), { x: 1 })).toBeUndefined();
    const stale = client.patchStatus(ref, { observedGeneration: 3 }, { resourceVersion: "1" });
    await expect(stale).rejects.toMatchObject({ code: 409 });
  });

  it("records a repeated event once, with a count", async () => {
    const namespace = await createTestNamespace("events");
    const cm = await client.apply<k8s.V1ConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "subject", namespace },
    });
    const errors: unknown[] = [];
    const recorder = new EventRecorder({
      sink: coreV1EventSink(adminKubeConfig()),
      component: "komposer-operator",
      instance: "test-pod",
      onError: (e) => errors.push(e),
    });
    const subject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "subject",
      namespace,
      uid: cm.metadata!.uid!,
    };
    await recorder.warning(subject, "ResolveFailed", "registry 127.0.0.1:1 refused the connection");
    await recorder.warning(subject, "ResolveFailed", "registry 127.0.0.1:1 refused the connection");
    await recorder.normal(subject, "Resolved", "Resolved 3 imports");
    expect(errors).toEqual([]);
    const events = await adminKubeConfig().makeApiClient(k8s.CoreV1Api).listNamespacedEvent({ namespace });
    const byReason = Object.fromEntries(events.items.map((e) => [e.reason, e]));
    expect(events.items).toHaveLength(2);
    expect(byReason.ResolveFailed).toMatchObject({
      type: "Warning",
      count: 2,
      involvedObject: { kind: "ConfigMap", name: "subject", uid: subject.uid },
    });
    expect(byReason.Resolved).toMatchObject({
      type: "Normal",
      count: 1,
      reportingComponent: "komposer-operator",
    });
  });
});
