// The operator's guard rails end to end (docs/reference/operator.md#staged-and-active-bundles,
// docs/reference/operator.md#security): an RBAC ceiling, allowed registries (checked before any request,
// nested packs included), spec.suspend, and restoring a hand-deleted or hand-edited active ConfigMap from the
// ACTIVE revision without activating the staged one. Each test runs its own `node dist/operator.js` with the
// flags under test, watching only its namespace.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import {
  applyKomposer,
  condition,
  configMaps,
  fixture,
  getKomposer,
  installCrd,
  pushKatalog,
  rbac,
  readClusterRole,
  waitForCondition,
  type KomposerSpecInput,
} from "./support/cluster.js";
import { metricValue, startOperator, waitFor, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
let webappV1: string;
let webappV2: string;
let cacheV1: string;
const running: RunningOperator[] = [];

async function operatorFor(namespace: string, extra: readonly string[] = []): Promise<RunningOperator> {
  const op = await startOperator({ name: namespace, args: ["--namespace", namespace, ...extra] });
  running.push(op);
  return op;
}

async function stopOperators(): Promise<void> {
  for (const op of running.splice(0)) await op.stop();
}

const names = async (namespace: string) => (await configMaps(namespace)).map((c) => c.metadata?.name).sort();
const eventReasons = (namespace: string) =>
  kubectl(["get", "events", "-n", namespace, "-o", "jsonpath={.items[*].reason}"]);

beforeAll(async () => {
  await installCrd();
  const webapp = uniqueRepo("webapp");
  webappV1 = `oci://${env.registry.host}/${webapp}:v1.0.0`;
  webappV2 = `oci://${env.registry.host}/${webapp}:v2.0.0`;
  cacheV1 = `oci://${env.registry.host}/${uniqueRepo("cache")}:v1.0.0`;
  await pushKatalog(webappV1, fixture("webapp-v1"));
  await pushKatalog(webappV2, fixture("webapp-v2"));
  await pushKatalog(cacheV1, fixture("cache"));
});

afterEach(stopOperators);

describe("--rbac-ceiling", () => {
  it("stalls a Komposer needing more than the ceiling (nothing staged), lets one within it through", async () => {
    const ceiling = `komposer-ceiling-${process.pid}`;
    // The runtime's fixed grants and what the webapp katalog needs; not apps/statefulsets (the cache's).
    await rbac().createClusterRole({
      body: {
        metadata: { name: ceiling },
        rules: [
          { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["*"] },
          { apiGroups: [""], resources: ["events", "services"], verbs: ["*"] },
          { apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] },
          { apiGroups: ["apps.example.io"], resources: ["webapps", "webapps/status"], verbs: ["*"] },
        ],
      },
    });
    const over = await createTestNamespace("op-ceiling-over");
    const within = await createTestNamespace("op-ceiling-ok");
    await operatorFor(over, ["--rbac-ceiling", ceiling]);
    await operatorFor(within, ["--rbac-ceiling", ceiling]);

    await applyKomposer(over, { name: "platform", imports: [webappV1, cacheV1], restartToken: "t1" });
    const stalled = await waitForCondition(over, "platform", "Stalled", "True");
    const ready = condition(stalled, "Ready");
    expect(ready).toMatchObject({ status: "False", reason: "RBACCeilingExceeded" });
    expect(ready?.message).toContain(ceiling);
    expect(ready?.message).toContain("apps/statefulsets: create, delete, get, list, patch, update, watch");
    expect(ready?.message).toContain("cache.example.io/caches");
    expect(ready?.message).not.toContain("apps/deployments");
    expect(stalled.status?.active).toBeUndefined();
    expect(stalled.status?.desired).toBeUndefined();
    expect(await configMaps(over)).toEqual([]);
    expect(await readClusterRole(`orkestra-${over}`)).toBeUndefined();

    await applyKomposer(within, { name: "platform", imports: [webappV1], restartToken: "t1" });
    const ok = await waitForCondition(within, "platform", "Ready", "True", (k) => !!k.status?.active);
    expect(await names(within)).toEqual(["orkestra-katalog", ok.status?.active?.configMap].sort());
  });

  it("reports a missing ceiling ClusterRole clearly and recovers once it exists", async () => {
    const ceiling = `komposer-ceiling-missing-${process.pid}`;
    const namespace = await createTestNamespace("op-ceiling-missing");
    const op = await operatorFor(namespace, ["--rbac-ceiling", ceiling]);
    const input = {
      name: "platform",
      imports: [webappV1],
      restartToken: "t1",
      extraSpec: { interval: "2s" },
    };
    await applyKomposer(namespace, input);
    const stalled = await waitForCondition(namespace, "platform", "Stalled", "True");
    expect(condition(stalled, "Ready")).toMatchObject({ status: "False", reason: "RBACCeilingExceeded" });
    expect(condition(stalled, "Ready")?.message).toContain(`ClusterRole ${ceiling} does not exist`);
    expect(await configMaps(namespace)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${op.healthPort}/healthz`)).ok).toBe(true);

    await rbac().createClusterRole({
      body: { metadata: { name: ceiling }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
    });
    await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
  });
});

describe("--allowed-registries", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    // Another "registry host" (a counting proxy in front of the real one): any request to it is counted.
    proxy = await startFaultProxy({ target: env.registry.host });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it("refuses imports from other hosts, nested packs included, without a single request to them", async () => {
    const repo = uniqueRepo("internal");
    await pushKatalog(`oci://${env.registry.host}/${repo}:v1.0.0`, fixture("webapp-v1"));
    const forbidden = `oci://${proxy.host}/${repo}:v1.0.0`;
    // A pack on an allowed host whose komposer.yaml imports the forbidden host.
    const packDir = mkdtempSync(join(env.workDir, "pack-"));
    writeFileSync(
      join(packDir, "komposer.yaml"),
      JSON.stringify({
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Komposer",
        metadata: { name: "sneaky-pack" },
        imports: { registry: [forbidden] },
      }),
    );
    const pack = `oci://${env.registry.host}/${uniqueRepo("pack")}:v1.0.0`;
    await pushKatalog(pack, packDir);
    expect(proxy.requests()).toBe(0);

    const namespace = await createTestNamespace("op-allowed");
    await operatorFor(namespace, ["--allowed-registries", env.registry.host]);
    const input: KomposerSpecInput = { name: "platform", imports: [forbidden], restartToken: "t1" };
    await applyKomposer(namespace, input);
    const direct = await waitForCondition(namespace, "platform", "Ready", "False");
    expect(condition(direct, "Ready")?.reason).toBe("RegistryNotAllowed");
    expect(condition(direct, "Ready")?.message).toContain(forbidden);
    expect(condition(direct, "Ready")?.message).toContain(env.registry.host);

    await applyKomposer(namespace, { ...input, imports: [{ url: pack, useKomposer: true }] });
    const nested = await waitForCondition(
      namespace,
      "platform",
      "Ready",
      "False",
      (k) => k.metadata.generation === 2 && k.status?.observedGeneration === 2,
    );
    expect(condition(nested, "Ready")?.reason).toBe("RegistryNotAllowed");
    expect(condition(nested, "Ready")?.message).toContain(forbidden);
    expect(await configMaps(namespace)).toEqual([]);
    expect(proxy.requests()).toBe(0);

    // Control: an allowed import goes through.
    await applyKomposer(namespace, { ...input, imports: [webappV1] });
    await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
    expect(proxy.requests()).toBe(0);
  });
});

describe("spec.suspend", () => {
  it("ignores import and token changes while suspended, reconciles them once unsuspended", async () => {
    const namespace = await createTestNamespace("op-suspend");
    const op = await operatorFor(namespace);
    const base = { name: "platform", extraSpec: { interval: "2s" } };
    await applyKomposer(namespace, { ...base, imports: [webappV1], restartToken: "t1" });
    const ready = await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
    const mapsBefore = await names(namespace);
    const activeBefore = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");

    await applyKomposer(namespace, {
      ...base,
      imports: [webappV2],
      restartToken: "t2",
      extraSpec: { interval: "2s", suspend: true },
    });
    const suspended = await waitForCondition(
      namespace,
      "platform",
      "Ready",
      "False",
      (k) => condition(k, "Ready")?.reason === "Suspended",
    );
    expect(condition(suspended, "Ready")?.message).toContain("spec.suspend");
    // Two more reconciles of the suspended generation (interval 2s) observed by the operator's own counter,
    // then nothing may have moved.
    const reconciles = async () => metricValue(await op.metrics(), "komposer_reconcile_total");
    const seen = await reconciles();
    await waitFor("two reconciles while suspended", async () => (await reconciles()) >= seen + 2, 30_000);
    const still = await getKomposer(namespace, "platform");
    expect(still?.status?.observedRestartToken).toBe("t1");
    expect(still?.status?.active).toEqual(ready.status?.active);
    expect(still?.status?.desired).toEqual(ready.status?.desired);
    expect(await names(namespace)).toEqual(mapsBefore);
    const activeNow = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(activeNow?.metadata?.resourceVersion).toBe(activeBefore?.metadata?.resourceVersion);

    await applyKomposer(namespace, {
      ...base,
      imports: [webappV2],
      restartToken: "t2",
      extraSpec: { interval: "2s", suspend: false },
    });
    const resumed = await waitForCondition(
      namespace,
      "platform",
      "Ready",
      "True",
      (k) => k.status?.observedRestartToken === "t2",
    );
    expect(resumed.status?.active?.digest).not.toBe(ready.status?.active?.digest);
    expect(resumed.status?.active?.digest).toBe(resumed.status?.desired?.digest);
  });
});

describe("restoring the active ConfigMap", () => {
  it("puts back the ACTIVE bundle (not the staged one) after a delete or a hand edit", async () => {
    const namespace = await createTestNamespace("op-restore");
    await operatorFor(namespace);
    const base = { name: "platform", restartToken: "t1", extraSpec: { interval: "2s" } };
    await applyKomposer(namespace, { ...base, imports: [webappV1] });
    await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
    await applyKomposer(namespace, { ...base, imports: [webappV2] });
    const pending = await waitForCondition(namespace, "platform", "RestartPending", "True");
    const active = pending.status?.active;
    const desired = pending.status?.desired;
    expect(active?.digest).not.toBe(desired?.digest);
    const revision = (await configMaps(namespace)).find((c) => c.metadata?.name === active?.configMap);
    const staged = (await configMaps(namespace)).find((c) => c.metadata?.name === desired?.configMap);
    expect(revision?.data).not.toEqual(staged?.data);
    const isActiveBundle = async () => {
      const cm = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
      return (
        cm !== undefined &&
        JSON.stringify(cm.data) === JSON.stringify(revision?.data) &&
        cm.metadata?.annotations?.["komposer.orkestra.orkspace.io/bundle-digest"] === active?.digest &&
        cm.metadata?.labels?.["orkestra.io/deletion-protection"] === "true" &&
        cm.metadata?.ownerReferences?.[0]?.kind === "Komposer"
      );
    };

    await kubectl(["delete", "configmap", "orkestra-katalog", "-n", namespace]);
    await waitFor("the active ConfigMap to come back", isActiveBundle, 30_000);

    const edit = JSON.stringify({ data: { "katalog.yaml": "kind: Katalog\n# edited by hand\n" } });
    await kubectl(["patch", "configmap", "orkestra-katalog", "-n", namespace, "--type", "merge", "-p", edit]);
    await waitFor("the hand edit to be reverted", isActiveBundle, 30_000);

    const after = await getKomposer(namespace, "platform");
    expect(condition(after, "RestartPending")?.status).toBe("True");
    expect(after?.status?.active).toEqual(active);
    expect(after?.status?.observedRestartToken).toBe("t1");
    expect(await eventReasons(namespace)).toContain("Restored");
  });
});
