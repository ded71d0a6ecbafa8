// Failure handling end to end (docs/reference/operator.md#failure, docs/reference/operator.md#security): a
// registry outage leaves everything in place and recovers by itself (a token bumped meanwhile waits), a
// conflicting composition is Stalled with nothing staged, pull secrets are read only from the Komposer's own
// namespace, and an operator killed mid-reconcile converges after a restart without duplicate revisions.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClientCert } from "../env/pki.js";
import { writeKubeconfig } from "../env/kubeconfig.js";
import { stopProcess } from "../env/process.js";
import { startRegistry, type RegistryInstance } from "../env/registry.js";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import {
  applyKomposer,
  condition,
  configMaps,
  core,
  fixture,
  getKomposer,
  installCrd,
  pushKatalog,
  readClusterRole,
  waitForActive,
  waitForCondition,
} from "./support/cluster.js";
import { captureKomposer } from "./support/capture.js";
import { startOperator, waitFor, type RunningOperator } from "./support/operator.js";
import { configMapPolicy } from "../support/configmap-policy.js";

const env = loadTestEnv();
const operators: RunningOperator[] = [];

async function operatorFor(namespace: string): Promise<RunningOperator> {
  const op = await startOperator({ name: namespace, args: ["--namespace", namespace] });
  operators.push(op);
  return op;
}

beforeAll(async () => {
  await installCrd();
});

afterAll(async () => {
  for (const op of operators) await op.stop();
});

describe("operator failure handling", () => {
  it("keeps everything during a registry outage, waits with a token bump, and recovers when it returns", async () => {
    const name = `registry-outage-${process.pid}`;
    let registry: RegistryInstance = await startRegistry({ name, workDir: env.workDir });
    const port = Number(registry.host.split(":")[1]);
    try {
      const ref = `oci://${registry.host}/${uniqueRepo("outage")}:v1.0.0`;
      await pushKatalog(ref, fixture("webapp-v1"));
      const namespace = await createTestNamespace("op-outage");
      await operatorFor(namespace);
      const input = { name: "platform", imports: [ref], restartToken: "t1", extraSpec: { interval: "2s" } };
      await applyKomposer(namespace, input);
      const ready = await waitForCondition(namespace, "platform", "Ready", "True", (k) => !!k.status?.active);
      const mapsBefore = (await configMaps(namespace)).map((c) => c.metadata?.name).sort();

      await stopProcess(registry.process);
      const failing = await waitForCondition(namespace, "platform", "Ready", "False");
      expect(condition(failing, "Ready")?.reason).toBe("RegistryUnavailable");
      expect(condition(failing, "Ready")?.message).toContain(ref);
      expect(condition(failing, "Stalled")?.status).toBe("False");
      expect(failing.status?.active).toEqual(ready.status?.active);
      captureKomposer("transient", failing);

      await applyKomposer(namespace, { ...input, restartToken: "t2" });
      // Wait until the operator has reconciled the new generation (its Ready condition says so), not a while.
      const waitingToken = await waitFor(
        "the token bump to be reconciled while the registry is down",
        async () => {
          const k = await getKomposer(namespace, "platform");
          const ready = condition(k, "Ready");
          return k && ready?.observedGeneration === k.metadata.generation && ready.status === "False"
            ? k
            : undefined;
        },
      );
      expect(waitingToken.metadata.generation).toBeGreaterThan(ready.metadata.generation);
      expect(condition(waitingToken, "Ready")?.reason).toBe("RegistryUnavailable");
      expect(waitingToken.status?.observedRestartToken).toBe("t1");
      expect((await configMaps(namespace)).map((c) => c.metadata?.name).sort()).toEqual(mapsBefore);
      expect(await readClusterRole(`orkestra-${namespace}`)).toBeDefined();

      registry = await startRegistry({ name, workDir: env.workDir, port });
      const recovered = await waitForCondition(
        namespace,
        "platform",
        "Ready",
        "True",
        (k) => k.status?.observedRestartToken === "t2",
        120_000,
      );
      expect(recovered.status?.active?.digest).toBe(ready.status?.active?.digest);
    } finally {
      await stopProcess(registry.process);
    }
  });

  it("stalls a conflicting composition (duplicate CRD) with nothing staged", async () => {
    const namespace = await createTestNamespace("op-conflict");
    const first = `oci://${env.registry.host}/${uniqueRepo("webapp")}:v1.0.0`;
    const second = `oci://${env.registry.host}/${uniqueRepo("webapp-fork")}:v2.0.0`;
    await pushKatalog(first, fixture("webapp-v1"));
    await pushKatalog(second, fixture("webapp-v2"));
    await operatorFor(namespace);
    await applyKomposer(namespace, { name: "platform", imports: [first, second], restartToken: "t1" });
    const stalled = await waitForCondition(namespace, "platform", "Stalled", "True");
    expect(condition(stalled, "Ready")).toMatchObject({ status: "False", reason: "DuplicateCRD" });
    expect(condition(stalled, "Ready")?.message).toContain("webapp");
    expect(condition(stalled, "Resolved")?.status).toBe("False");
    expect(stalled.status?.observedGeneration).toBe(stalled.metadata.generation);
    expect(stalled.status?.active).toBeUndefined();
    expect(await configMaps(namespace)).toEqual([]);
    expect(await readClusterRole(`orkestra-${namespace}`)).toBeUndefined();
    const events = await kubectl(["get", "events", "-n", namespace, "-o", "jsonpath={.items[*].reason}"]);
    expect(events).toContain("DuplicateCRD");
    captureKomposer("stalled", stalled);

    // One Komposer per namespace: the younger one is Stalled with NamespaceTaken.
    await applyKomposer(namespace, { name: "second", imports: [first], restartToken: "t1" });
    const taken = await waitForCondition(namespace, "second", "Stalled", "True");
    expect(condition(taken, "Ready")).toMatchObject({ status: "False", reason: "NamespaceTaken" });
    expect(condition(taken, "Ready")?.message).toContain("already has Komposer platform");
  });

  it("reads pull secrets only from the Komposer's own namespace", async () => {
    const tenantNs = await createTestNamespace("op-tenant");
    const otherNs = await createTestNamespace("op-other");
    const { host, username, password } = env.authRegistry;
    const dockerConfig = JSON.stringify({
      auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString("base64") } },
    });
    const configDir = join(env.workDir, `docker-${tenantNs}`);
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, "config.json"), dockerConfig);
    const ref = `oci://${host}/${uniqueRepo("private")}:v1.0.0`;
    const pushed = await runOrk(["push", ref, fixture("webapp-v1")], { env: { DOCKER_CONFIG: configDir } });
    expect(pushed.code).toBe(0);
    const secret = (namespace: string) => ({
      metadata: { name: "registry-creds", namespace },
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": Buffer.from(dockerConfig).toString("base64") },
    });
    await core().createNamespacedSecret({ namespace: otherNs, body: secret(otherNs) });

    // A tenant who may manage Komposers in its namespace and nothing else.
    await kubectl([
      "create",
      "role",
      "komposer-editor",
      "-n",
      tenantNs,
      "--verb=get,list,watch,create,update,patch",
      "--resource=komposers.orkestra.orkspace.io",
    ]);
    await kubectl([
      "create",
      "rolebinding",
      "tenant",
      "-n",
      tenantNs,
      "--role=komposer-editor",
      "--user=tenant",
    ]);
    const cert = createClientCert(env.pki, "tenant");
    const tenantKubeconfig = writeKubeconfig(join(env.workDir, `tenant-${tenantNs}.kubeconfig`), {
      server: env.server,
      caCert: env.pki.caCert,
      client: cert,
      user: "tenant",
    });
    await expect(
      kubectl(["get", "secret", "registry-creds", "-n", otherNs], { kubeconfig: tenantKubeconfig }),
    ).rejects.toThrow(/forbidden/i);

    await operatorFor(tenantNs);
    await applyKomposer(
      tenantNs,
      {
        name: "platform",
        imports: [ref],
        restartToken: "t1",
        extraSpec: { pullSecrets: [{ name: "registry-creds" }] },
      },
      tenantKubeconfig,
    );
    const denied = await waitForCondition(tenantNs, "platform", "Ready", "False");
    expect(condition(denied, "Ready")?.message).toContain(`Secret ${tenantNs}/registry-creds not found`);
    expect(await configMaps(tenantNs)).toEqual([]);

    // Control: the same secret in the tenant's own namespace is used.
    await core().createNamespacedSecret({ namespace: tenantNs, body: secret(tenantNs) });
    await waitForActive(tenantNs, "platform", 120_000);
  });

  it("converges after a kill -9 half-way through activation without duplicate revisions", async () => {
    const namespace = await createTestNamespace("op-crash");
    const ref = `oci://${env.registry.host}/${uniqueRepo("crash")}:v1.0.0`;
    await pushKatalog(ref, fixture("webapp-v1"));
    // Hold activation half-way, so the kill cannot land after it finished however fast the operator is: the
    // API server refuses the active ConfigMap in this namespace until the hold is released.
    const hold = await holdActiveConfigMap(namespace);
    const first = await operatorFor(namespace);
    await applyKomposer(namespace, { name: "platform", imports: [ref], restartToken: "t1" });
    await waitFor("the revision to be staged and RBAC written, the active ConfigMap refused", async () => {
      const names = (await configMaps(namespace)).map((c) => c.metadata?.name);
      const k = await getKomposer(namespace, "platform");
      return (
        names.some((n) => n?.startsWith("orkestra-katalog-")) &&
        (await readClusterRole(`orkestra-${namespace}`)) !== undefined &&
        condition(k, "Ready")?.status === "False"
      );
    });
    await first.kill();
    // Observed after the kill: activation had not finished (nothing active, no active ConfigMap).
    const killed = await getKomposer(namespace, "platform");
    expect(killed?.status?.active).toBeUndefined();
    const staged = (await configMaps(namespace)).map((c) => c.metadata?.name).sort();
    expect(staged).toHaveLength(1);
    expect(staged[0]).toMatch(/^orkestra-katalog-/);

    await hold.release();
    await operatorFor(namespace);
    const k = await waitForCondition(namespace, "platform", "Ready", "True", (x) => !!x.status?.active);
    expect(k.status?.active?.configMap).toBe(staged[0]);
    const names = (await configMaps(namespace)).map((c) => c.metadata?.name).sort();
    expect(names).toEqual(["orkestra-katalog", k.status?.active?.configMap].sort());
  });
});

/**
 * A ValidatingAdmissionPolicy that refuses the active ConfigMap (orkestra-katalog) in `namespace`; returns
 * once the API server enforces it (a server-side dry run is refused), and `release` once it no longer does.
 */
async function holdActiveConfigMap(namespace: string): Promise<{ release(): Promise<void> }> {
  const name = `hold-activation-${namespace}`;
  const items = configMapPolicy(name, namespace, {
    expression: "object.metadata.name != 'orkestra-katalog'",
    message: "held by the test",
  });
  const dryRun = () =>
    kubectl([
      "create",
      "configmap",
      "orkestra-katalog",
      "-n",
      namespace,
      "--dry-run=server",
      "-o",
      "name",
    ]).then(
      () => "allowed" as const,
      (error: unknown) => {
        if (String(error).includes("held by the test")) return "held" as const;
        // Admitted, and the operator has already written it.
        if (String(error).includes("already exists")) return "allowed" as const;
        throw error;
      },
    );
  await kubectl(["apply", "-f", "-"], {
    input: JSON.stringify({ apiVersion: "v1", kind: "List", items }),
  });
  await waitFor("the admission policy to be enforced", async () => (await dryRun()) === "held");
  return {
    async release() {
      await kubectl([
        "delete",
        "validatingadmissionpolicybinding,validatingadmissionpolicy",
        name,
        "--wait=true",
      ]);
      await waitFor("the admission policy to be lifted", async () => (await dryRun()) === "allowed");
    },
  };
}
