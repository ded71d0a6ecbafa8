// Kubernetes API refusals classified against the real kube-apiserver (issue 10b): an operator whose
// ServiceAccount lacks a permission is Stalled with that permission named and is not retried with backoff;
// an object the API server refuses as invalid is Stalled naming the field; a conflict is retried.
import * as k8s from "@kubernetes/client-node";
import { ResultKind, resultFromError, scheduleNext } from "../../src/controller/reconcile-result.js";
import { WorkQueue } from "../../src/controller/work-queue.js";
import { classifyApiError } from "../../src/kube/api-error.js";
import { KubeClient } from "../../src/kube/client.js";
import { loadTestEnv } from "../env/state.js";
import { serviceAccountKubeconfig } from "../support/impersonate.js";
import { adminKubeConfig, createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { applyKomposer, core, fixture, installCrd, pushKatalog } from "../operator/support/cluster.js";
import { createReconciler, liveKomposer } from "./support/reconcile.js";
import { waitFor } from "../operator/support/operator.js";
import { REVISION_LABEL } from "../../src/controller/komposer/komposer-object.js";
import { configMapPolicy } from "../support/configmap-policy.js";

const env = loadTestEnv();
let ref = "";

beforeAll(async () => {
  await installCrd();
  ref = `oci://${env.registry.host}/${uniqueRepo("api-errors")}:v1.0.0`;
  await pushKatalog(ref, fixture("webapp-v1"));
});

/** A ServiceAccount that may manage Komposers and read ConfigMaps, but not write them. */
async function operatorWithoutConfigMapWrites(namespace: string): Promise<k8s.KubeConfig> {
  await kubectl(["create", "serviceaccount", "komposer", "-n", namespace]);
  const rules: [string, string][] = [
    ["get,list,watch,patch,update", "komposers.orkestra.orkspace.io"],
    ["get,patch,update", "komposers.orkestra.orkspace.io/status"],
    ["get,list", "configmaps"],
    ["create,patch", "events"],
  ];
  for (const [i, [verbs, resource]] of rules.entries()) {
    await kubectl([
      "create",
      "role",
      `komposer-${i}`,
      "-n",
      namespace,
      `--verb=${verbs}`,
      `--resource=${resource}`,
    ]);
    await kubectl([
      "create",
      "rolebinding",
      `komposer-${i}`,
      "-n",
      namespace,
      `--role=komposer-${i}`,
      `--serviceaccount=${namespace}:komposer`,
    ]);
  }
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(await serviceAccountKubeconfig({ namespace, name: "komposer" }));
  return kubeConfig;
}

describe("Kubernetes API errors in a reconcile", () => {
  it("stalls on a missing permission, names it, and does not back off again and again", async () => {
    const namespace = await createTestNamespace("api-forbidden");
    const reconciler = createReconciler({ kubeConfig: await operatorWithoutConfigMapWrites(namespace) });
    await applyKomposer(namespace, { name: "platform", imports: [ref] });
    const queue = new WorkQueue();
    const key = `${namespace}/platform`;
    const policy = { intervalMs: 600_000 };

    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await reconciler.reconcile(namespace, "platform");
      expect(outcome.result).toMatchObject({ kind: ResultKind.Terminal, reason: "Forbidden" });
      expect(outcome.stoppedAt).toBe("stage");
      // Terminal: requeued after the interval, never rate-limited, so the attempt count stays at zero.
      expect(scheduleNext(queue, key, outcome.result, policy)).toBeGreaterThanOrEqual(600_000);
      expect(queue.numRequeues(key)).toBe(0);
    }

    const k = await liveKomposer(namespace, "platform");
    const stalled = k?.status?.conditions?.find((c) => c.type === "Stalled");
    expect(stalled).toMatchObject({ status: "True", reason: "Forbidden" });
    expect(stalled?.message).toContain(
      `system:serviceaccount:${namespace}:komposer) lacks permission to patch configmaps (API group core) ` +
        `in namespace ${namespace}`,
    );
    expect(k?.status?.observedGeneration).toBe(k?.metadata.generation);
    const events = (await core().listNamespacedEvent({ namespace })).items;
    expect(events.find((e) => e.type === "Warning")?.reason).toBe("Forbidden");
    queue.shutDown();
  });

  it("stalls when the API server refuses a revision as invalid (an admission policy), naming why", async () => {
    const namespace = await createTestNamespace("api-invalid-policy");
    const policy = `no-revisions-${namespace}`;
    // A cluster policy (CEL, no webhook) refusing revision ConfigMaps in this namespace: the API server
    // answers 422 Invalid, as it would for any object it will not take.
    await kubectl(["apply", "-f", "-"], {
      input: JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: configMapPolicy(policy, namespace, {
          expression: `!has(object.metadata.labels) || !('${REVISION_LABEL}' in object.metadata.labels)`,
          message: "revision ConfigMaps are not allowed in this namespace",
        }),
      }),
    });
    try {
      // The policy takes effect asynchronously: wait until the API server refuses a labelled ConfigMap (a
      // server-side dry run), so the first reconcile meets it.
      const probe = JSON.stringify({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "probe", namespace, labels: { [REVISION_LABEL]: "true" } },
      });
      await waitFor("the admission policy to take effect", () =>
        kubectl(["apply", "--dry-run=server", "-f", "-"], { input: probe }).then(
          () => false,
          (error: unknown) => String(error).includes("not allowed in this namespace"),
        ),
      );
      const reconciler = createReconciler();
      await applyKomposer(namespace, { name: "platform", imports: [ref] });
      const outcome = await reconciler.reconcile(namespace, "platform");
      expect(outcome.result).toMatchObject({ kind: ResultKind.Terminal, reason: "Invalid" });
      expect(outcome.stoppedAt).toBe("stage");
      const k = await liveKomposer(namespace, "platform");
      const stalled = k?.status?.conditions?.find((c) => c.type === "Stalled");
      expect(stalled).toMatchObject({ status: "True", reason: "Invalid" });
      expect(stalled?.message).toContain("the API server refused configmaps orkestra-katalog-");
      expect(stalled?.message).toContain("revision ConfigMaps are not allowed in this namespace");
    } finally {
      await kubectl(["delete", "validatingadmissionpolicybinding,validatingadmissionpolicy", policy]);
    }
  });

  it("classifies a 422 from the API server as Invalid naming the field, a 409 as transient", async () => {
    const namespace = await createTestNamespace("api-invalid");
    const client = new KubeClient(adminKubeConfig());
    const invalid = await client
      .apply({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "bad-key", namespace },
        data: { "not a key!": "x" },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const classified = classifyApiError(invalid);
    expect(classified?.reason).toBe("Invalid");
    expect(classified?.message).toContain("ConfigMap bad-key");
    expect(classified?.message).toContain("data[not a key!]");
    expect(resultFromError(invalid)).toMatchObject({ kind: ResultKind.Terminal, reason: "Invalid" });

    await core().createNamespacedConfigMap({ namespace, body: { metadata: { name: "taken" } } });
    const conflict = await core()
      .createNamespacedConfigMap({ namespace, body: { metadata: { name: "taken" } } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(resultFromError(conflict)).toMatchObject({ kind: ResultKind.Transient, reason: "Conflict" });
  });
});
