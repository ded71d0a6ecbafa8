// Two operator replicas with --leader-elect: exactly one holds the Lease and reconciles; when it stops
// (SIGTERM releases the Lease), the other takes over and keeps reconciling.
import * as k8s from "@kubernetes/client-node";
import { loadTestEnv } from "../env/state.js";
import { adminKubeConfig, createTestNamespace } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { applyKomposer, fixture, installCrd, pushKatalog, waitForCondition } from "./support/cluster.js";
import { metricValue, startOperator, waitFor, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
const LEASE = "komposer-e2e";

describe("operator leader election", () => {
  const replicas: RunningOperator[] = [];
  afterAll(async () => {
    for (const op of replicas) await op.stop();
  });

  it("runs exactly one leader, which reconciles, and hands over on shutdown", async () => {
    await installCrd();
    const namespace = await createTestNamespace("op-leader");
    const ref = `oci://${env.registry.host}/${uniqueRepo("leader")}:v1.0.0`;
    await pushKatalog(ref, fixture("webapp-v1"));
    const args = [
      "--namespace",
      namespace,
      "--leader-elect",
      "--leader-election-namespace",
      namespace,
      "--leader-election-id",
      LEASE,
    ];
    replicas.push(
      await startOperator({ name: "replica-a", args }),
      await startOperator({ name: "replica-b", args }),
    );
    const coordination = adminKubeConfig().makeApiClient(k8s.CoordinationV1Api);
    const holder = async () =>
      (await coordination.readNamespacedLease({ name: LEASE, namespace })).spec?.holderIdentity;
    const first = await waitFor("a leader", async () => (await holder()) || undefined, 30_000);
    const leader = replicas.find((op) => first.endsWith(`_${op.process.pid}`));
    const standby = replicas.find((op) => op !== leader);
    expect(leader).toBeDefined();

    await applyKomposer(namespace, { name: "platform", imports: [ref], restartToken: "t1" });
    await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
    const reconciles = async (op: RunningOperator | undefined) =>
      metricValue(await op!.metrics(), "komposer_reconcile_total");
    expect(await reconciles(leader)).toBeGreaterThan(0);
    expect(await reconciles(standby)).toBe(0);
    expect(await holder()).toBe(first);

    await leader!.stop();
    const next = await waitFor(
      "the standby to take over",
      async () => {
        const h = await holder();
        return h && h !== first ? h : undefined;
      },
      30_000,
    );
    expect(next.endsWith(`_${standby!.process.pid}`)).toBe(true);
    await applyKomposer(namespace, { name: "platform", imports: [ref], restartToken: "t2" });
    await waitForCondition(
      namespace,
      "platform",
      "Ready",
      "True",
      (k) => k.status?.observedRestartToken === "t2",
    );
    expect(await reconciles(standby)).toBeGreaterThan(0);
  });
});
