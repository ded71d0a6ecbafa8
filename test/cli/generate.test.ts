// `ork generate bundle|configmap|rbac` as users run it: output to stdout or a file (atomically: a failure never
// leaves a partial or changed file), the subsets, -n, the lock file, and the exit codes 0/1/2/3.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { kubectl } from "../support/kube.js";
import { runOrk } from "../support/ork-cli.js";
import { strictPayloadProblems } from "../support/strict-payload.js";
import { komposerText, offlineFolder, REDIS_REF, WEBAPP_REF, writeKomposer } from "./offline-example.js";

let env: TestEnv;
let work: string;
beforeAll(() => {
  env = loadTestEnv();
  work = mkdtempSync(join(env.workDir, "cli-generate-"));
});

type K8sObject = { kind: string; metadata: { name: string; namespace?: string }; subjects?: unknown[] };
const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as K8sObject);
const kindsOf = (yaml: string) => objectsOf(yaml).map((o) => `${o.kind}/${o.metadata.name}`);

function folderWith(name: string, text: string): string {
  const dir = offlineFolder(work, name);
  writeKomposer(dir, text);
  return dir;
}

const GOOD = komposerText("cli-generate", [WEBAPP_REF, REDIS_REF], "webapp: {workers: 5}");
const INVALID = komposerText("cli-generate", [WEBAPP_REF], "webapp: {workers: 0}");

describe("ork generate", () => {
  it("prints the bundle on stdout with -o - (and without -o), identical both ways, exit 0", async () => {
    const cwd = folderWith("stdout", GOOD);
    const dash = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "-"], { cwd });
    expect(dash.code).toBe(0);
    // stderr says which runtime the bundle is for, and that the seed's override was placed for it.
    expect(dash.stderr).toBe(
      `mirrors from ${join(cwd, ".ork", "config.yaml")}\n` +
        "Runtime schema: Katalog schema generation 3 (runtime 0.7.18+), detected (the newest generation the entries " +
        "are written in); pass --runtime-version or set spec.runtime.version to choose\n" +
        "Moved 1 field(s) to where the target keeps them (-v lists them)\n",
    );
    expect(kindsOf(dash.stdout)).toEqual([
      "Namespace/orkestra-system",
      "ServiceAccount/orkestra",
      "ServiceAccount/orkestra-cc",
      "ClusterRole/orkestra-orkestra-system",
      "ClusterRoleBinding/orkestra-orkestra-system",
      "ConfigMap/orkestra-katalog",
    ]);
    const plain = await runOrk(["generate", "bundle", "-f", "komposer.yaml"], { cwd });
    expect(plain.stdout).toBe(dash.stdout);
  });

  it("configmap and rbac print subsets of the bundle, byte for byte", async () => {
    const cwd = folderWith("subsets", GOOD);
    const bundle = (await runOrk(["generate", "bundle", "-f", "komposer.yaml"], { cwd })).stdout;
    const configmap = await runOrk(["generate", "configmap", "-f", "komposer.yaml"], { cwd });
    const rbac = await runOrk(["generate", "rbac", "-f", "komposer.yaml"], { cwd });
    expect(configmap.code).toBe(0);
    expect(rbac.code).toBe(0);
    expect(kindsOf(configmap.stdout)).toEqual(["ConfigMap/orkestra-katalog"]);
    expect(kindsOf(rbac.stdout)).toEqual([
      "ServiceAccount/orkestra",
      "ServiceAccount/orkestra-cc",
      "ClusterRole/orkestra-orkestra-system",
      "ClusterRoleBinding/orkestra-orkestra-system",
    ]);
    // Each subset is the bundle's own documents: same digest annotations, same bytes.
    for (const part of [configmap.stdout, rbac.stdout])
      for (const doc of part.split(/^---\n/m).filter((d) => d !== ""))
        expect(bundle).toContain(`---\n${doc}`);
  });

  it("-n moves every object, the ClusterRole name and the binding subject; Kubernetes accepts it", async () => {
    const cwd = folderWith("namespace", GOOD);
    const ns = `cli-gen-${Date.now().toString(36)}`;
    const result = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-n", ns], { cwd });
    expect(result.code).toBe(0);
    const objects = objectsOf(result.stdout);
    expect(objects[0]).toMatchObject({ kind: "Namespace", metadata: { name: ns } });
    for (const o of objects.filter((x) => x.kind === "ServiceAccount" || x.kind === "ConfigMap"))
      expect(o.metadata.namespace).toBe(ns);
    const binding = objects.find((o) => o.kind === "ClusterRoleBinding");
    expect(binding).toMatchObject({
      metadata: { name: `orkestra-${ns}` },
      subjects: [{ kind: "ServiceAccount", name: "orkestra", namespace: ns }],
    });
    await kubectl(["create", "namespace", ns]);
    writeFileSync(join(cwd, "ns-bundle.yaml"), result.stdout);
    const applied = await kubectl([
      "apply",
      "--server-side",
      "--dry-run=server",
      "-f",
      join(cwd, "ns-bundle.yaml"),
    ]);
    expect(applied).toMatch(new RegExp(`configmap/orkestra-katalog serverside-applied`));
  });

  it("-o FILE writes the bundle atomically, reports it on stderr and writes komposer.lock beside the komposer", async () => {
    const cwd = folderWith("file", GOOD);
    const result = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "bundle.yaml"], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /\nWrote .*bundle\.yaml \(2 CRDs from 2 artifacts, digest sha256:[0-9a-f]{64}\)\n$/,
    );
    expect(readFileSync(join(cwd, "bundle.yaml"), "utf8")).toMatch(/^---\napiVersion: v1\nkind: Namespace/);
    expect(readFileSync(join(cwd, "komposer.lock"), "utf8")).toContain(`${WEBAPP_REF}: sha256:`);
    // No temp files are left behind.
    expect(readdirSync(cwd).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("--for selects upstream's identities; -v lists every field moved; --runtime-version picks the layout", async () => {
    const cwd = folderWith("identities", GOOD);
    const cc = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--for", "cc", "--no-lock"], {
      cwd,
    });
    expect(kindsOf(cc.stdout)).toEqual(["Namespace/orkestra-system", "ServiceAccount/orkestra-cc"]);
    const runtime = await runOrk(
      ["generate", "bundle", "-f", "komposer.yaml", "--for", "run,gw", "--no-lock"],
      { cwd },
    );
    expect(kindsOf(runtime.stdout)).not.toContain("ServiceAccount/orkestra-cc");
    expect((await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--for", "nope"], { cwd })).code).toBe(
      2,
    );
    const verbose = await runOrk(
      ["generate", "bundle", "-f", "komposer.yaml", "-v", "--runtime-version", "0.7.17", "--no-lock"],
      { cwd },
    );
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(
      /^mirrors from .*\/\.ork\/config\.yaml\nRuntime schema: runtime 0\.7\.17 \(--runtime-version\): Katalog schema generation 2/,
    );
    expect(verbose.stderr).toContain(
      "  moved spec.crds.webapp.operatorBox.reconcile.onCreate → operatorBox.onCreate\n",
    );
    expect(verbose.stderr).toContain("  moved spec.crds.webapp.workers → operatorBox.reconciler.workers\n");
    expect(verbose.stdout).toMatch(/komposer\.orkestra\.orkspace\.io\/runtime-schema: generation-2/);
    expect(strictPayloadProblems(verbose.stdout)).toEqual([]);
    const unknown = await runOrk(
      ["generate", "bundle", "-f", "komposer.yaml", "--runtime-version", "0.6.0"],
      { cwd },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
  });

  it("--no-lock writes no komposer.lock", async () => {
    const cwd = folderWith("no-lock", GOOD);
    expect((await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--no-lock"], { cwd })).code).toBe(0);
    expect(existsSync(join(cwd, "komposer.lock"))).toBe(false);
  });

  it("never leaves a partial output: no file after a failure, an existing file untouched, no lock", async () => {
    const cwd = folderWith("atomic", INVALID);
    const first = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "out.yaml"], { cwd });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/komposer\.yaml:\d+: spec\.crds\.webapp\.workers/);
    expect(existsSync(join(cwd, "out.yaml"))).toBe(false);
    expect(existsSync(join(cwd, "komposer.lock"))).toBe(false);

    const previous = "# the bundle applied last week\n";
    writeFileSync(join(cwd, "out.yaml"), previous);
    const again = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "out.yaml"], { cwd });
    expect(again.code).toBe(1);
    expect(readFileSync(join(cwd, "out.yaml"), "utf8")).toBe(previous);
    expect(readdirSync(cwd).sort()).toEqual([".ork", "komposer.yaml", "out.yaml", "registry"]);
  });

  it("exit codes: 1 user error, 2 usage, 3 registry", async () => {
    const cwd = folderWith("codes", GOOD);
    const missing = await runOrk(["generate", "bundle", "-f", "absent.yaml"], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/absent\.yaml.*file not found/);

    const noFile = await runOrk(["generate", "bundle"], { cwd });
    expect(noFile.code).toBe(2);
    const badFlag = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--frobnicate"], { cwd });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown option '--frobnicate'/);
    expect((await runOrk(["generate", "nothing", "-f", "komposer.yaml"], { cwd })).code).toBe(2);

    const unknownTag = folderWith(
      "codes-registry",
      komposerText("cli-generate", [`oci://${env.registry.host}/cli-generate/none:v404`]),
    );
    const registry = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "out.yaml"], {
      cwd: unknownTag,
    });
    expect(registry.code).toBe(3);
    expect(registry.stderr).toMatch(/none:v404.*not found/);
    expect(existsSync(join(unknownTag, "out.yaml"))).toBe(false);

    // A registry that does not answer at all is a registry error too (port 9 on loopback: nothing listens).
    const down = folderWith("codes-down", komposerText("cli-generate", ["oci://127.0.0.1:9/x/y:v1"]));
    expect((await runOrk(["generate", "bundle", "-f", "komposer.yaml"], { cwd: down })).code).toBe(3);
  });

  it("is deterministic: two runs give byte-identical output", async () => {
    const cwd = folderWith("determinism", GOOD);
    const a = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--no-lock"], { cwd });
    const b = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--no-lock"], { cwd });
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });
});
