// The operator with exactly the chart's RBAC: `helm install` the chart, mint a real token for the chart's
// ServiceAccount (TokenRequest), and run the built operator with that identity through a whole lifecycle —
// stage, activate (which creates a ClusterRole with rules the operator itself does not hold, so it needs the
// chart's escalate/bind), leader election on a Lease, and deletion with its finalizer. A ServiceAccount with
// no RBAC must fail clearly: not ready, and a log that says what was forbidden.
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { serviceAccountKubeconfig } from "../support/impersonate.js";
import {
  applyKomposer,
  createRuntimeDeployment,
  fixture,
  installCrd,
  pushKatalog,
  readClusterRole,
  readDeployment,
  waitForCondition,
} from "../operator/support/cluster.js";
import { startOperator, waitFor, type RunningOperator } from "../operator/support/operator.js";
import { CHART_DIR, helmOk } from "./chart.js";

const env = loadTestEnv();
let releaseNs: string;
let appNs: string;
let webapp: string;
const operators: RunningOperator[] = [];

beforeAll(async () => {
  await installCrd();
  releaseNs = await createTestNamespace("chart-op");
  appNs = await createTestNamespace("chart-app");
  await helmOk(["install", "komposer", CHART_DIR, "-n", releaseNs, "--set", "replicaCount=1"]);
  webapp = `oci://${env.registry.host}/${uniqueRepo("webapp")}:v1.0.0`;
  await pushKatalog(webapp, fixture("webapp-v1"));
  await createRuntimeDeployment(appNs, 1);
});

afterAll(async () => {
  for (const operator of operators) await operator.stop();
});

async function operatorAs(serviceAccount: string, name: string): Promise<RunningOperator> {
  const kubeconfig = await serviceAccountKubeconfig({ namespace: releaseNs, name: serviceAccount });
  const operator = await startOperator({
    name,
    args: [
      "--kubeconfig",
      kubeconfig,
      "--namespace",
      appNs,
      "--leader-elect",
      "--leader-election-namespace",
      releaseNs,
    ],
  });
  operators.push(operator);
  return operator;
}

describe("the operator with exactly the chart's RBAC", () => {
  it("does its whole job: stage, activate with a new ClusterRole, restart the runtime, clean up", async () => {
    const operator = await operatorAs("komposer", "chart-rbac");
    await applyKomposer(appNs, { name: "platform", imports: [webapp], restartToken: "t1" });
    const ready = await waitForCondition(
      appNs,
      "platform",
      "Ready",
      "True",
      (k) => k.status?.active !== undefined,
    );
    const role = await readClusterRole(`orkestra-${appNs}`);
    expect(role?.rules?.some((r) => r.resources?.includes("webapps"))).toBe(true);
    expect(ready.status?.observedRestartToken).toBe("t1");
    const lease = JSON.parse(
      await kubectl(["get", "lease", "komposer-operator", "-n", releaseNs, "-o", "json"]),
    );
    expect(lease.spec.holderIdentity).toMatch(/^chart-rbac/);

    await kubectl([
      "patch",
      "kmp",
      "platform",
      "-n",
      appNs,
      "--type",
      "merge",
      "-p",
      '{"spec":{"restartToken":"t2"}}',
    ]);
    await waitForCondition(
      appNs,
      "platform",
      "Ready",
      "True",
      (k) => k.status?.observedRestartToken === "t2",
    );
    const deployment = await readDeployment(appNs);
    expect(deployment.spec?.template.metadata?.annotations?.["orkestra.orkspace.io/restart-token"]).toBe(
      "t2",
    );

    await kubectl(["delete", "kmp", "platform", "-n", appNs, "--wait=true", "--timeout=60s"]);
    await waitFor(
      "the runtime ClusterRole to be deleted",
      async () => (await readClusterRole(`orkestra-${appNs}`)) === undefined,
      60_000,
    );
    expect(operator.log()).not.toMatch(/forbidden/i);
  });

  it("fails clearly without it: not ready, and the log names what was forbidden", async () => {
    await kubectl(["create", "serviceaccount", "no-rbac", "-n", releaseNs]);
    const operator = await operatorAs("no-rbac", "no-rbac");
    const line = await waitFor(
      "a warning that names what was forbidden",
      () =>
        operator
          .log()
          .split("\n")
          .find((l) => l.includes('"level":"warn"') && /forbidden/.test(l)),
      30_000,
    );
    const entry = JSON.parse(line) as { msg: string; error: string };
    expect(entry.msg).toBe("Failed to acquire or renew lease");
    expect(entry.error).toMatch(/system:serviceaccount:[^:]+:no-rbac" cannot get resource "leases"/);
    expect(entry.error).toContain("(HTTP 403)");
    const ready = await fetch(`http://127.0.0.1:${operator.healthPort}/readyz?verbose`);
    expect(ready.status).toBe(503);
  });
});
