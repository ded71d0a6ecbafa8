// The operator writes bundles for the runtime the Komposer names (docs/reference/runtime-generations.md):
// spec.runtime.version decides the payload's layout, status and every bundle object say which, and a
// composition that runtime would refuse is Stalled with the path while the active bundle stays exactly as it
// was.
import { parse } from "yaml";
import { payloadProblems, crdEntryProblems } from "../../src/core/runtime-schema/strict-problems.js";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import {
  applyKomposer,
  condition,
  configMaps,
  fixture,
  installCrd,
  pushKatalog,
  waitForCondition,
} from "./support/cluster.js";
import { startOperator, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
let operator: RunningOperator | undefined;

afterEach(async () => {
  await operator?.stop();
  operator = undefined;
});

beforeAll(async () => {
  await installCrd();
});

async function activeKatalog(
  namespace: string,
): Promise<{ text: string; annotations: Record<string, string> }> {
  const active = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
  return { text: active?.data?.["katalog.yaml"] ?? "", annotations: active?.metadata?.annotations ?? {} };
}

describe("spec.runtime.version", () => {
  it("stages and activates a payload valid for that runtime; refuses one it cannot run, keeping the active bundle", async () => {
    const v1 = `oci://${env.registry.host}/${uniqueRepo("webapp")}:v1.0.0`;
    const remote = `oci://${env.registry.host}/${uniqueRepo("webapp-remote")}:v3.0.0`;
    await pushKatalog(v1, fixture("webapp-gen1"));
    await pushKatalog(remote, fixture("remote-gen3"));
    const namespace = await createTestNamespace("op-runtime");
    operator = await startOperator({ name: namespace, args: ["--namespace", namespace] });

    // webapp-gen1 is written in generation 1 (CRD-level workers); the runtime is 0.7.18: it is converted.
    await applyKomposer(namespace, {
      name: "platform",
      imports: [v1],
      restartToken: "t1",
      extraSpec: { runtime: { version: "0.7.18" }, crds: { webapp: { workers: 6 } } },
    });
    const ready = await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
    expect(ready.status?.runtimeSchema).toEqual({ generation: 3, version: "0.7.18", source: "spec" });
    const active = await activeKatalog(namespace);
    expect(active.annotations["komposer.orkestra.orkspace.io/runtime-schema"]).toBe("generation-3");
    const payload = parse(active.text) as { spec: { crds: { webapp: Record<string, unknown> } } };
    const webapp = payload.spec.crds.webapp;
    expect(webapp).not.toHaveProperty("workers");
    expect(webapp.operatorBox).toMatchObject({
      reconcile: { workers: 6, resync: "60s", onCreate: { deployments: [expect.anything()] } },
    });
    // The whole activated payload passes the strict generation-3 check, not just our reading of it.
    expect(payloadProblems({ ...payload, spec: { crds: {} } }, 3, "active")).toEqual([]);
    expect(crdEntryProblems(webapp, 3, { file: "active", locate: () => undefined, prefix: [] })).toEqual([]);

    // Now a katalog that needs a remote reconciler, for a 0.7.17 runtime, with a new token.
    await applyKomposer(namespace, {
      name: "platform",
      imports: [remote],
      restartToken: "t2",
      extraSpec: { runtime: { version: "0.7.17" } },
    });
    const stalled = await waitForCondition(namespace, "platform", "Stalled", "True");
    const message = condition(stalled, "Ready")?.message ?? "";
    expect(condition(stalled, "Ready")).toMatchObject({ status: "False", reason: "IncompatibleWithRuntime" });
    expect(message).toContain("generation 2");
    expect(message).toContain("spec.crds.webapp.operatorBox.reconcile");
    expect(message).toContain("(remote) has no place in generation 2");
    expect(stalled.status?.active?.digest).toBe(ready.status?.active?.digest);
    expect(stalled.status?.observedRestartToken).toBe("t1");
    expect((await activeKatalog(namespace)).text).toBe(active.text);
    const revisions = (await configMaps(namespace))
      .map((c) => c.metadata?.name)
      .filter((n) => n !== "orkestra-katalog");
    expect(revisions).toEqual([ready.status?.active?.configMap]);
  });

  it("is Stalled with the known versions when the version is unknown", async () => {
    const v1 = `oci://${env.registry.host}/${uniqueRepo("webapp")}:v1.0.0`;
    await pushKatalog(v1, fixture("webapp-v1"));
    const namespace = await createTestNamespace("op-runtime-unknown");
    operator = await startOperator({ name: namespace, args: ["--namespace", namespace] });
    await applyKomposer(namespace, {
      name: "platform",
      imports: [v1],
      restartToken: "t1",
      extraSpec: { runtime: { version: "0.8.0" } },
    });
    const stalled = await waitForCondition(namespace, "platform", "Stalled", "True");
    expect(condition(stalled, "Ready")).toMatchObject({ reason: "UnknownRuntimeVersion" });
    expect(condition(stalled, "Ready")?.message).toMatch(
      /0\.8\.0 is not one Komposer knows .*0\.7\.18\+ \(generation 3\)/,
    );
    expect(await configMaps(namespace)).toEqual([]);
  });
});
