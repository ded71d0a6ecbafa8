// The operator end to end, as a user drives it: apply a Komposer, change an import (staged, not activated),
// bump the restart token (activated, runtime rolled, old-only RBAC pruned after the rollout), roll back by
// reverting the import (the old revision is reused, nothing re-downloaded), then delete it (everything
// collected). The operator is the built `node dist/operator.js` against the real control plane with
// kube-controller-manager, the scheduler and kwok nodes, so Deployments really roll out.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import {
  applyKomposer,
  configMaps,
  condition,
  createRuntimeDeployment,
  fixture,
  getKomposer,
  installCrd,
  komposerYaml,
  pushKatalog,
  rbac,
  readClusterRole,
  readDeployment,
  waitForCondition,
  type KomposerSpecInput,
} from "./support/cluster.js";
import { captureKomposer } from "./support/capture.js";
import { metricValue, startOperator, waitFor, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
const name = "platform";
let namespace: string;
let operator: RunningOperator;
let webappV1: string;
let webappV2: string;
let cacheV1: string;
let firstDigest: string;

const hasResource = (rules: { resources?: string[] }[] | undefined, resource: string) =>
  (rules ?? []).some((r) => r.resources?.includes(resource));

async function apply(input: Omit<KomposerSpecInput, "name">): Promise<void> {
  await applyKomposer(namespace, { name, ...input });
}

beforeAll(async () => {
  await installCrd();
  namespace = await createTestNamespace("op-life");
  const webapp = uniqueRepo("webapp");
  const cache = uniqueRepo("cache");
  webappV1 = `oci://${env.registry.host}/${webapp}:v1.0.0`;
  webappV2 = `oci://${env.registry.host}/${webapp}:v2.0.0`;
  cacheV1 = `oci://${env.registry.host}/${cache}:v1.0.0`;
  await pushKatalog(webappV1, fixture("webapp-v1"));
  await pushKatalog(webappV2, fixture("webapp-v2"));
  await pushKatalog(cacheV1, fixture("cache"));
  await createRuntimeDeployment(namespace);
  operator = await startOperator({ name: "life", args: ["--namespace", namespace] });
});

afterAll(async () => {
  await operator?.stop();
});

describe("Komposer lifecycle through the operator", () => {
  it("installs: revision, active ConfigMap and RBAC appear, kubectl get shows READY and digests", async () => {
    await apply({ imports: [webappV1, cacheV1], restartToken: "t1" });
    const k = await waitForCondition(namespace, name, "Ready", "True", (x) => x.status?.active !== undefined);
    firstDigest = k.status?.active?.digest ?? "";
    expect(k.status?.desired?.digest).toBe(firstDigest);
    expect(k.status?.observedRestartToken).toBe("t1");
    expect(k.status?.crds).toEqual(["cache", "webapp"]);
    expect(k.status?.resolved?.map((r) => r.ref)).toEqual([cacheV1, webappV1].sort());
    expect(k.metadata.finalizers).toContain("komposer.orkestra.orkspace.io/finalizer");

    const maps = await configMaps(namespace);
    const revisionName = `orkestra-katalog-${firstDigest.slice(7, 17)}`;
    expect(maps.map((c) => c.metadata?.name).sort()).toEqual(["orkestra-katalog", revisionName]);
    const active = maps.find((c) => c.metadata?.name === "orkestra-katalog");
    const revision = maps.find((c) => c.metadata?.name === revisionName);
    expect(revision?.immutable).toBe(true);
    expect(revision?.data).toEqual(active?.data);
    expect(revision?.metadata?.labels?.["orkestra.io/deletion-protection"]).toBeUndefined();
    expect(revision?.metadata?.labels?.["komposer.orkestra.orkspace.io/revision"]).toBe("true");
    expect(active?.metadata?.labels?.["orkestra.io/deletion-protection"]).toBe("true");
    expect(active?.data?.["katalog.yaml"]).toContain("kind: Katalog");
    for (const cm of [active, revision])
      expect(cm?.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ kind: "Komposer", controller: true }),
      ]);

    const role = await readClusterRole(`orkestra-${namespace}`);
    expect(hasResource(role?.rules, "services")).toBe(true);
    expect(hasResource(role?.rules, "webapps")).toBe(true);
    const binding = await rbac().readClusterRoleBinding({ name: `orkestra-${namespace}` });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "orkestra", namespace }]);

    const deployment = await readDeployment(namespace);
    expect(deployment.spec?.template.metadata?.annotations).toMatchObject({
      "orkestra.orkspace.io/restart-token": "t1",
      "orkestra.orkspace.io/bundle-digest": firstDigest,
    });

    const table = await kubectl(["get", "komposers", "-n", namespace]);
    expect(table).toMatch(
      new RegExp(
        `${name}\\s+True\\s+${firstDigest.slice(7, 17)}\\s+${firstDigest.slice(7, 17)}\\s+False\\s+t1`,
      ),
    );
    captureKomposer("ready", k);
  });

  it("applies the same ConfigMap bytes and digest as `ork generate bundle` for the same file", async () => {
    const dir = mkdtempSync(join(env.workDir, "parity-"));
    const file = join(dir, "komposer.yaml");
    writeFileSync(file, komposerYaml({ name, imports: [webappV1, cacheV1], restartToken: "t1" }));
    const result = await runOrk(["generate", "bundle", "-f", file, "-n", namespace, "-o", "-"]);
    // Only the target report: no warning. The operator reports the same target in status.runtimeSchema.
    expect(result.stderr).toMatch(
      /^Runtime schema: Katalog schema generation 3 \(runtime 0\.7\.18\+\), detected[^\n]*\n$/,
    );
    expect(result.code).toBe(0);
    const generated = parseAllDocuments(result.stdout)
      .map(
        (d) =>
          d.toJS() as {
            kind: string;
            metadata: { annotations: Record<string, string> };
            data?: Record<string, string>;
          },
      )
      .find((o) => o.kind === "ConfigMap");
    const active = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(active?.data?.["katalog.yaml"]).toBe(generated?.data?.["katalog.yaml"]);
    const digestKey = "komposer.orkestra.orkspace.io/bundle-digest";
    expect(active?.metadata?.annotations?.[digestKey]).toBe(generated?.metadata.annotations[digestKey]);
  });

  it("stages a changed import without touching the active ConfigMap or the Deployment", async () => {
    await waitFor(
      "the first rollout",
      async () =>
        (
          await kubectl(["rollout", "status", "deployment/orkestra-runtime", "-n", namespace, "--timeout=5s"])
        ).includes("successfully"),
      120_000,
    );
    const before = await readDeployment(namespace);
    const activeBefore = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    await apply({ imports: [webappV2, cacheV1], restartToken: "t1" });
    const k = await waitForCondition(namespace, name, "RestartPending", "True");
    expect(k.status?.desired?.digest).not.toBe(firstDigest);
    expect(k.status?.active?.digest).toBe(firstDigest);
    expect(condition(k, "RestartPending")?.message).toContain("set spec.restartToken to activate");
    expect(condition(k, "Ready")?.status).toBe("True");
    const maps = await configMaps(namespace);
    expect(maps).toHaveLength(3);
    const activeAfter = maps.find((c) => c.metadata?.name === "orkestra-katalog");
    expect(activeAfter?.metadata?.resourceVersion).toBe(activeBefore?.metadata?.resourceVersion);
    const after = await readDeployment(namespace);
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    captureKomposer("restart-pending", k);
  });

  it("activates on a token bump: union RBAC during the rollout, old-only rules pruned after it", async () => {
    const role = `orkestra-${namespace}`;
    let sawUnion = false;
    const watching = (async () => {
      for (let i = 0; i < 400 && !sawUnion; i++) {
        const rules = (await readClusterRole(role))?.rules;
        if (hasResource(rules, "services") && hasResource(rules, "ingresses")) sawUnion = true;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await apply({ imports: [webappV2, cacheV1], restartToken: "t2" });
    const k = await waitForCondition(
      namespace,
      name,
      "RestartPending",
      "False",
      (x) => x.status?.observedRestartToken === "t2",
    );
    const digest = k.status?.active?.digest ?? "";
    expect(digest).toBe(k.status?.desired?.digest);
    expect(digest).not.toBe(firstDigest);
    const deployment = await readDeployment(namespace);
    expect(deployment.spec?.template.metadata?.annotations).toMatchObject({
      "orkestra.orkspace.io/restart-token": "t2",
      "orkestra.orkspace.io/bundle-digest": digest,
    });
    await watching;
    expect(sawUnion).toBe(true);
    await waitFor(
      "services RBAC to be pruned after the rollout",
      async () => {
        const rules = (await readClusterRole(role))?.rules;
        return !hasResource(rules, "services") && hasResource(rules, "ingresses");
      },
      120_000,
    );
    const rollout = await kubectl([
      "rollout",
      "status",
      "deployment/orkestra-runtime",
      "-n",
      namespace,
      "--timeout=5s",
    ]);
    expect(rollout).toContain("successfully rolled out");
    const active = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
    expect(active?.metadata?.annotations?.["komposer.orkestra.orkspace.io/bundle-digest"]).toBe(digest);
    expect(active?.data?.["katalog.yaml"]).toContain("katalogVersion: v2.0.0");
    // The prune is said as an Event, not only in the operator's log.
    await waitFor(
      "the Pruned event",
      async () =>
        (await kubectl(["get", "events", "-n", namespace, "-o", "jsonpath={.items[*].reason}"]))
          .split(" ")
          .includes("Pruned"),
      30_000,
    );
  });

  it("rolls back by reverting the import and bumping the token: the old revision is reused", async () => {
    const namesBefore = (await configMaps(namespace)).map((c) => c.metadata?.name).sort();
    const fetchedBefore = metricValue(await operator.metrics(), "komposer_registry_fetches_total", {
      result: "fetched",
    });
    await apply({ imports: [webappV1, cacheV1], restartToken: "t3", extraSpec: { interval: "2s" } });
    const k = await waitForCondition(
      namespace,
      name,
      "Ready",
      "True",
      (x) => x.status?.active?.digest === firstDigest && x.status?.observedRestartToken === "t3",
    );
    expect(condition(k, "RestartPending")?.status).toBe("False");
    expect((await configMaps(namespace)).map((c) => c.metadata?.name).sort()).toEqual(namesBefore);
    const fetchedAfter = metricValue(await operator.metrics(), "komposer_registry_fetches_total", {
      result: "fetched",
    });
    expect(fetchedAfter).toBe(fetchedBefore);
  });

  it("makes no API writes in steady state (interval 2s), only tag re-checks", async () => {
    await waitFor(
      "RBAC to settle after the rollback",
      async () =>
        hasResource((await readClusterRole(`orkestra-${namespace}`))?.rules, "services") &&
        !hasResource((await readClusterRole(`orkestra-${namespace}`))?.rules, "ingresses"),
      120_000,
    );
    const reconciles = (t: string) => metricValue(t, "komposer_reconcile_total");
    const reconcilesSince = (base: number, more: number) =>
      waitFor(`${more} more reconcile(s)`, async () => {
        const text = await operator.metrics();
        return reconciles(text) >= base + more ? text : undefined;
      });
    // Settled: the rollout is over, and one whole reconcile ran after that (its writes, if any, are counted).
    await waitForCondition(namespace, name, "Reconciling", "False");
    const before = await reconcilesSince(reconciles(await operator.metrics()), 1);
    // Two periodic resyncs (interval 2s) observed by the operator's own counter, not a while.
    const after = await reconcilesSince(reconciles(before), 2);
    // The counter moved during the activations above, so equal values below mean no writes, not no counting.
    expect(metricValue(before, "komposer_api_writes_total")).toBeGreaterThan(0);
    expect(metricValue(after, "komposer_api_writes_total")).toBe(
      metricValue(before, "komposer_api_writes_total"),
    );
    const fetched = (t: string) => metricValue(t, "komposer_registry_fetches_total", { result: "fetched" });
    expect(fetched(after)).toBe(fetched(before));
    const unchanged = (t: string) =>
      metricValue(t, "komposer_registry_fetches_total", { result: "unchanged" });
    expect(unchanged(after)).toBeGreaterThan(unchanged(before));
  });

  it("collects everything when the Komposer is deleted", async () => {
    await kubectl(["delete", "komposer", name, "-n", namespace, "--wait=true", "--timeout=60s"]);
    expect(await getKomposer(namespace, name)).toBeUndefined();
    await waitFor("the ClusterRole and binding to go", async () => {
      const role = await readClusterRole(`orkestra-${namespace}`);
      const bindings = await rbac().listClusterRoleBinding();
      return role === undefined && !bindings.items.some((b) => b.metadata?.name === `orkestra-${namespace}`);
    });
    await waitFor(
      "garbage collection of revisions and the active ConfigMap",
      async () => (await configMaps(namespace)).length === 0,
      90_000,
    );
  });
});
