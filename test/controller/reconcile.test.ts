// The Komposer reconcile called directly against the real kube-apiserver and registry (kubebuilder's envtest
// style): each test applies a Komposer as a user would, runs one reconcile at a time and asserts on the world
// it left (ConfigMaps, RBAC, status, events) and on the result it returned. No operator process, no
// polling: after `reconcile` returns, its writes are in the API server.
import { ResultKind } from "../../src/controller/reconcile-result.js";
import { FINALIZER } from "../../src/controller/komposer/komposer-object.js";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import {
  applyKomposer,
  configMaps,
  core,
  fixture,
  installCrd,
  pushKatalog,
  readClusterRole,
  type KomposerSpecInput,
} from "../operator/support/cluster.js";
import { createReconciler, liveKomposer, type Reconciler } from "./support/reconcile.js";

const env = loadTestEnv();
const refs: Record<"v1" | "v2" | "cache", string> = { v1: "", v2: "", cache: "" };
let reconciler: Reconciler;

beforeAll(async () => {
  await installCrd();
  refs.v1 = `oci://${env.registry.host}/${uniqueRepo("rec-webapp")}:v1.0.0`;
  refs.v2 = `oci://${env.registry.host}/${uniqueRepo("rec-webapp")}:v2.0.0`;
  refs.cache = `oci://${env.registry.host}/${uniqueRepo("rec-cache")}:v1.0.0`;
  await pushKatalog(refs.v1, fixture("webapp-v1"));
  await pushKatalog(refs.v2, fixture("webapp-v2"));
  await pushKatalog(refs.cache, fixture("cache"));
  reconciler = createReconciler();
});

const revisionNames = async (namespace: string) =>
  (await configMaps(namespace))
    .map((c) => c.metadata?.name ?? "")
    .filter((n) => n.startsWith("orkestra-katalog-"))
    .sort();

const eventReasons = async (namespace: string) =>
  (await core().listNamespacedEvent({ namespace })).items.map((e) => e.reason);

const conditionOf = (k: Awaited<ReturnType<typeof liveKomposer>>, type: string) =>
  k?.status?.conditions?.find((c) => c.type === type);

/** A fresh namespace with a Komposer applied and reconciled once (first install: staged and activated). */
async function installed(prefix: string, input: Partial<KomposerSpecInput> = {}) {
  const namespace = await createTestNamespace(prefix);
  const spec: KomposerSpecInput = { name: "platform", imports: [refs.v1], ...input };
  await applyKomposer(namespace, spec);
  const outcome = await reconciler.reconcile(namespace, "platform");
  expect(outcome.result).toEqual({ kind: ResultKind.Success });
  return { namespace, spec };
}

describe("reconcileKomposer against the real API server", () => {
  it("adds the finalizer, stages the bundle as a revision and activates it at first install", async () => {
    const { namespace } = await installed("rec-stage");
    const k = await liveKomposer(namespace, "platform");
    expect(k?.metadata.finalizers).toContain(FINALIZER);
    const digest = k?.status?.desired?.digest ?? "";
    expect(digest).toMatch(/^sha256:/);
    expect(k?.status?.active?.digest).toBe(digest);
    expect(k?.status?.observedGeneration).toBe(k?.metadata.generation);
    expect(conditionOf(k, "Ready")).toMatchObject({ status: "True", reason: "Reconciled" });
    expect(await revisionNames(namespace)).toEqual([k?.status?.desired?.configMap]);
    const active = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(active?.data?.["katalog.yaml"]).toContain("webapp");
    expect(await readClusterRole(`orkestra-${namespace}`)).toBeDefined();
    expect(await eventReasons(namespace)).toEqual(
      expect.arrayContaining(["Resolved", "Staged", "Activated"]),
    );

    // A second reconcile of the unchanged world writes nothing: same resourceVersion.
    const again = await reconciler.reconcile(namespace, "platform");
    expect(again.result.kind).toBe(ResultKind.Success);
    expect((await liveKomposer(namespace, "platform"))?.metadata.resourceVersion).toBe(
      k?.metadata.resourceVersion,
    );
  });

  it("stages a changed import without activating it until spec.restartToken changes (token gate)", async () => {
    const { namespace, spec } = await installed("rec-token");
    const first = await liveKomposer(namespace, "platform");
    const activeBefore = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");

    await applyKomposer(namespace, { ...spec, imports: [refs.v2] });
    await reconciler.reconcile(namespace, "platform");
    const staged = await liveKomposer(namespace, "platform");
    expect(staged?.status?.desired?.digest).not.toBe(first?.status?.active?.digest);
    expect(staged?.status?.active).toEqual(first?.status?.active);
    expect(conditionOf(staged, "RestartPending")).toMatchObject({ status: "True", reason: "RestartPending" });
    const activeStaged = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(activeStaged?.metadata?.resourceVersion).toBe(activeBefore?.metadata?.resourceVersion);
    expect(await revisionNames(namespace)).toHaveLength(2);

    await applyKomposer(namespace, { ...spec, imports: [refs.v2], restartToken: "t1" });
    await reconciler.reconcile(namespace, "platform");
    const activated = await liveKomposer(namespace, "platform");
    expect(activated?.status?.active?.digest).toBe(staged?.status?.desired?.digest);
    expect(activated?.status?.observedRestartToken).toBe("t1");
    expect(conditionOf(activated, "RestartPending")).toMatchObject({ status: "False", reason: "UpToDate" });
  });

  it("restores the active ConfigMap after it was edited or deleted by hand, from the active revision", async () => {
    const { namespace } = await installed("rec-restore");
    const original = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    await kubectl([
      "patch",
      "configmap",
      "orkestra-katalog",
      "-n",
      namespace,
      "--type=merge",
      "-p",
      JSON.stringify({ data: { "katalog.yaml": "tampered: true\n" } }),
    ]);
    const outcome = await reconciler.reconcile(namespace, "platform");
    expect(outcome.result.kind).toBe(ResultKind.Success);
    const restored = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(restored?.data).toEqual(original?.data);
    expect(await eventReasons(namespace)).toContain("Restored");

    await kubectl(["delete", "configmap", "orkestra-katalog", "-n", namespace]);
    await reconciler.reconcile(namespace, "platform");
    const recreated = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(recreated?.data).toEqual(original?.data);
  });

  it("keeps revisionHistoryLimit revisions, never deleting the active or the desired one", async () => {
    const { namespace, spec } = await installed("rec-history", { extraSpec: { revisionHistoryLimit: 1 } });
    const active = (await liveKomposer(namespace, "platform"))?.status?.active?.configMap;
    await applyKomposer(namespace, { ...spec, imports: [refs.v2] });
    await reconciler.reconcile(namespace, "platform");
    const second = (await liveKomposer(namespace, "platform"))?.status?.desired?.configMap;
    expect(await revisionNames(namespace)).toEqual([active, second].sort());

    await applyKomposer(namespace, { ...spec, imports: [refs.v2, refs.cache] });
    await reconciler.reconcile(namespace, "platform");
    const third = (await liveKomposer(namespace, "platform"))?.status?.desired?.configMap;
    expect(third).not.toBe(second);
    // Limit 1: the staged-but-superseded second revision goes; the active and the desired one stay.
    expect(await revisionNames(namespace)).toEqual([active, third].sort());
  });

  it("stalls a second Komposer in the namespace; its Warning event has the condition's reason", async () => {
    const { namespace } = await installed("rec-taken");
    await applyKomposer(namespace, { name: "second", imports: [refs.v2] });
    const outcome = await reconciler.reconcile(namespace, "second");
    expect(outcome.result).toMatchObject({ kind: ResultKind.Terminal, reason: "NamespaceTaken" });
    expect(outcome.stoppedAt).toBe("guard");
    const second = await liveKomposer(namespace, "second");
    expect(conditionOf(second, "Stalled")).toMatchObject({ status: "True", reason: "NamespaceTaken" });
    expect(conditionOf(second, "Resolved")).toBeUndefined();
    const warnings = (await core().listNamespacedEvent({ namespace })).items.filter(
      (e) => e.type === "Warning",
    );
    expect(warnings.map((e) => [e.involvedObject.name, e.reason])).toEqual([["second", "NamespaceTaken"]]);
    // Nothing of the second Komposer was staged.
    expect(await revisionNames(namespace)).toHaveLength(1);
  });

  it("removes its RBAC and the finalizer when the Komposer is deleted", async () => {
    const { namespace } = await installed("rec-delete");
    await kubectl(["delete", "komposer", "platform", "-n", namespace, "--wait=false"]);
    const deleting = await liveKomposer(namespace, "platform");
    expect(deleting?.metadata.deletionTimestamp).toBeDefined();
    expect(deleting?.metadata.finalizers).toContain(FINALIZER);

    const outcome = await reconciler.reconcile(namespace, "platform");
    expect(outcome.abandoned).toBe("gone");
    expect(await liveKomposer(namespace, "platform")).toBeUndefined();
    expect(await readClusterRole(`orkestra-${namespace}`)).toBeUndefined();

    const after = await reconciler.reconcile(namespace, "platform");
    expect(after.abandoned).toBe("gone");
    expect(after.trace.map((t) => t.step)).toEqual([
      "load",
      "finalizer",
      "guard",
      "compose",
      "rbac-ceiling",
      "stage",
      "activate",
      "prune",
      "restore-active",
      "status",
    ]);
  });
});
