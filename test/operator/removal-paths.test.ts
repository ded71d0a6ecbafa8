// Issue 14 item 2: removing an imported field must give the same active bundle whichever way the Komposer
// reaches the operator. One komposer.yaml with `remove: [webhooks]` goes through the real `kubectl apply`
// (client-side), `kubectl apply --server-side` and `ork generate bundle`; the bundle digests must agree and
// the webhooks must be gone. The `webhooks: null` spelling is the control: client-side apply drops the
// null, so the operator keeps the webhooks (why `remove` exists, docs/decisions/0009).
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import { configMaps, fixture, installCrd, pushKatalog, waitForCondition } from "./support/cluster.js";
import { startOperator, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
const name = "platform";
const operators: RunningOperator[] = [];
let ref: string;

beforeAll(async () => {
  await installCrd();
  ref = `oci://${env.registry.host}/${uniqueRepo("webhooks")}:v1.0.0`;
  await pushKatalog(ref, fixture("webapp-webhooks"));
});

afterAll(async () => {
  await Promise.all(operators.map((o) => o.stop()));
});

function komposerFile(override: string): string {
  const text = [
    "apiVersion: orkestra.orkspace.io/v1",
    "kind: Komposer",
    "metadata:",
    `  name: ${name}`,
    "imports:",
    `  registry: [${ref}]`,
    "spec:",
    '  restartToken: "t1"',
    "  crds:",
    "    webapp:",
    `      ${override}`,
    "",
  ].join("\n");
  const file = join(mkdtempSync(join(env.workDir, "removal-")), "komposer.yaml");
  writeFileSync(file, text);
  return file;
}

/** Applies `file` with kubectl `mode` in a fresh namespace watched by its own operator; the active bundle. */
async function viaKubectl(
  file: string,
  mode: string[],
): Promise<{ namespace: string; digest: string; payload: string }> {
  const namespace = await createTestNamespace("op-removal");
  operators.push(await startOperator({ name: namespace, args: ["--namespace", namespace] }));
  await kubectl(["apply", ...mode, "-n", namespace, "-f", file]);
  const ready = await waitForCondition(namespace, name, "Ready", "True", (k) => !!k.status?.active);
  const active = (await configMaps(namespace)).find((c) => c.metadata?.name === "orkestra-katalog");
  return {
    namespace,
    digest: ready.status?.active?.digest ?? "",
    payload: active?.data?.["katalog.yaml"] ?? "",
  };
}

async function viaOrk(file: string, namespace: string): Promise<string> {
  const result = await runOrk(["generate", "bundle", "-f", file, "-n", namespace, "-o", "-"]);
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  const configMap = parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as { kind: string; metadata: { annotations: Record<string, string> } })
    .find((o) => o.kind === "ConfigMap");
  return configMap?.metadata.annotations["komposer.orkestra.orkspace.io/bundle-digest"] ?? "";
}

it("remove: [webhooks] gives the CLI's bundle through client-side and server-side kubectl apply", async () => {
  const file = komposerFile("remove: [webhooks]");
  const [clientSide, serverSide] = await Promise.all([
    viaKubectl(file, []),
    viaKubectl(file, ["--server-side"]),
  ]);
  for (const applied of [clientSide, serverSide]) {
    expect(applied.payload).toContain("kind: WebApp");
    expect(applied.payload).not.toContain("webhooks");
    expect(applied.digest).toBe(await viaOrk(file, applied.namespace));
  }
});

it("webhooks: null is dropped by client-side apply only (the operator keeps them); ork validate --for-kubectl says so", async () => {
  const file = komposerFile("webhooks: null");
  const [clientSide, serverSide] = await Promise.all([
    viaKubectl(file, []),
    viaKubectl(file, ["--server-side"]),
  ]);
  expect(clientSide.payload).toContain("webhooks");
  expect(clientSide.digest).not.toBe(await viaOrk(file, clientSide.namespace));
  // Server-side apply stores the null (the CRD marks the field nullable), as docs/gitops.md says.
  expect(serverSide.payload).not.toContain("webhooks");
  expect(serverSide.digest).toBe(await viaOrk(file, serverSide.namespace));

  const check = await runOrk(["validate", "-f", file, "--for-kubectl"]);
  expect(check.code).toBe(1);
  expect(check.stderr).toContain("spec.crds.webapp.webhooks");
  expect(check.stderr).toContain("write `remove: [webhooks]` under spec.crds.webapp instead");
});
