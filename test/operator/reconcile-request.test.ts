// Issue 14 items 4 and 5: tags are re-resolved once per spec.interval, not on every reconcile (a counting
// proxy in front of the registry sees every request the operator makes); "Resolved" is said once per new
// bundle; and `ork reconcile` (the requestedAt annotation, through the real kubectl) re-resolves a moved tag
// now and reports the outcome once status.lastHandledReconcileAt echoes the request.
import { dirname } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import {
  applyKomposer,
  fixture,
  getKomposer,
  installCrd,
  pushKatalog,
  waitForCondition,
} from "./support/cluster.js";
import { metricValue, startOperator, waitFor, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
const name = "platform";
let operator: RunningOperator | undefined;
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  await installCrd();
});

afterAll(async () => {
  await operator?.stop();
  await proxy?.close();
});

/** How many times the operator said `reason` about the Komposer (Events de-duplicate by bumping count). */
async function eventCount(namespace: string, reason: string): Promise<number> {
  const list = JSON.parse(await kubectl(["get", "events", "-n", namespace, "-o", "json"])) as {
    items: { reason?: string; count?: number; involvedObject?: { name?: string } }[];
  };
  return list.items
    .filter((e) => e.reason === reason && e.involvedObject?.name === name)
    .reduce((sum, e) => sum + (e.count ?? 1), 0);
}

async function reconciles(): Promise<number> {
  return metricValue(await (operator as RunningOperator).metrics(), "komposer_reconcile_total");
}

it("resolves tags once per interval, says Resolved once, and re-resolves now on ork reconcile", async () => {
  proxy = await startFaultProxy({ target: env.registry.host });
  const repo = uniqueRepo("reconcile-request");
  // Pushed straight to the registry; the operator reads through the counting proxy.
  await pushKatalog(`oci://${env.registry.host}/${repo}:v1.0.0`, fixture("webapp-v1"));
  const ref = `oci://${proxy.host}/${repo}:v1.0.0`;
  const namespace = await createTestNamespace("op-reconcile-request");
  operator = await startOperator({ name: namespace, args: ["--namespace", namespace] });
  await applyKomposer(namespace, {
    name,
    imports: [ref],
    restartToken: "t1",
    extraSpec: { interval: "10m" },
  });
  const ready = await waitForCondition(namespace, name, "Ready", "True", (k) => !!k.status?.active);
  const firstDigest = ready.status?.desired?.digest;

  // Reconciles that are not a new interval, generation or request (annotation edits, status writes) must
  // not touch the registry. Each poke is waited on through the operator's reconcile counter.
  const requestsAfterCreate = proxy.requests();
  for (const poke of ["1", "2", "3"]) {
    const before = await reconciles();
    await kubectl(["annotate", "komposer", name, "-n", namespace, "--overwrite", `example.com/poke=${poke}`]);
    await waitFor(`reconcile after poke ${poke}`, async () => (await reconciles()) > before);
  }
  expect(proxy.requests()).toBe(requestsAfterCreate);
  expect(await eventCount(namespace, "Resolved")).toBe(1);

  // The tag moves; only a request (or the interval, 10 m away) makes the operator look.
  await pushKatalog(`oci://${env.registry.host}/${repo}:v1.0.0`, fixture("webapp-v2"));
  const kubectlDir = dirname(env.bin.kubectl);
  const result = await runOrk(["reconcile", name, "-n", namespace, "--timeout", "60s"], {
    env: { KUBECONFIG: env.kubeconfig, PATH: `${kubectlDir}:${process.env.PATH ?? "/usr/bin:/bin"}` },
    timeoutMs: 90_000,
  });
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  expect(result.stdout).toMatch(new RegExp(`^Komposer ${namespace}/${name} reconciled: Ready=True `));
  const after = await getKomposer(namespace, name);
  const annotation = (
    JSON.parse(await kubectl(["get", "komposer", name, "-n", namespace, "-o", "json"])) as {
      metadata: { annotations: Record<string, string> };
    }
  ).metadata.annotations["komposer.orkestra.orkspace.io/requestedAt"];
  expect(annotation).toBeDefined();
  expect(after?.status?.lastHandledReconcileAt).toBe(annotation);
  expect(after?.status?.desired?.digest).not.toBe(firstDigest);
  expect(proxy.requests()).toBeGreaterThan(requestsAfterCreate);
  expect(await eventCount(namespace, "Resolved")).toBe(2);
});

it("says clearly when kubectl is missing", async () => {
  const result = await runOrk(["reconcile", name, "-n", "default"], { env: { PATH: "/nonexistent" } });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /kubectl not found \(kubectl\): ork reconcile talks to the cluster through kubectl/,
  );
});
