// The embedded example stays honest: the committed OCI image layout is exactly what scripts/build-examples.ts
// builds from examples/katalogs (fix drift with `npm run build:examples`), `npm run demo` prints a bundle the
// real API server accepts, and the committed komposer.lock records what the layout holds.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildExampleLayout } from "../../scripts/build-examples.js";
import { loadTestEnv } from "../env/state.js";
import { kubectl } from "../support/kube.js";
import { runOrk } from "../support/ork-cli.js";
import { strictPayloadProblems } from "../support/strict-payload.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = join(ROOT, "examples");
const COMMITTED = join(EXAMPLES, "registry");
const LOCK = join(EXAMPLES, "pattern-zoo", "komposer.lock");
const DRIFT =
  "examples/registry is out of date with examples/katalogs: run `npm run build:examples` and commit";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "examples-"));
});

/** Every file of a layout, path → bytes. */
function layoutFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path)));
    }
  };
  walk("");
  return files;
}

describe("examples", () => {
  it("the committed layout is byte-identical to a fresh build (drift check)", async () => {
    const rebuilt = join(work, "rebuilt");
    const pushed = await buildExampleLayout(EXAMPLES, rebuilt);
    expect(pushed).toHaveLength(5);
    const fresh = layoutFiles(rebuilt);
    const committed = layoutFiles(COMMITTED);
    expect({ files: [...committed.keys()].sort(), hint: DRIFT }).toEqual({
      files: [...fresh.keys()].sort(),
      hint: DRIFT,
    });
    expect(readFileSync(join(COMMITTED, "index.json"), "utf8")).toBe(
      fresh.get("index.json")?.toString("utf8"),
    );
    for (const [path, bytes] of fresh)
      expect({ path, same: committed.get(path)?.equals(bytes) === true, hint: DRIFT }).toEqual({
        path,
        same: true,
        hint: DRIFT,
      });
  });

  it("`npm run demo` prints a bundle the API server accepts, offline, without touching the committed lock", async () => {
    const lockBefore = readFileSync(LOCK);
    // package.json's demo script, after its build step: the command as users run it from the repository root.
    const demo = await runOrk(["generate", "bundle", "-f", "examples/pattern-zoo/komposer.yaml", "-o", "-"], {
      cwd: ROOT,
    });
    expect(demo.code).toBe(0);
    // The offline mirror comes from examples/.ork/config.yaml (the walk stops at the repository root).
    expect(demo.stderr.split("\n").slice(0, 2)).toEqual([
      `mirrors from ${join(ROOT, "examples", ".ork", "config.yaml")}`,
      "Runtime schema: runtime 0.7.18 (spec.runtime.version): Katalog schema generation 3 (runtime 0.7.18+)",
    ]);
    expect(demo.stderr).not.toMatch(/warning|error/i);
    expect(readFileSync(LOCK).equals(lockBefore)).toBe(true);
    const docs = demo.stdout.split(/^---\n/m).filter((d) => d !== "");
    expect(docs).toHaveLength(6);
    // The payload is one the 0.7.18 runtime decodes: checked against the strict generation-3 model.
    expect(strictPayloadProblems(demo.stdout)).toEqual([]);

    await kubectl(["create", "namespace", "orkestra-system"]).catch((e: unknown) => {
      if (!/AlreadyExists/.test(String(e))) throw e;
    });
    const dir = join(work, "demo");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "bundle.yaml");
    writeFileSync(file, demo.stdout);
    const applied = await kubectl(["apply", "--server-side", "--dry-run=server", "-f", file]);
    expect(applied.trim().split("\n").sort()).toEqual(
      [
        "namespace/orkestra-system serverside-applied (server dry run)",
        "serviceaccount/orkestra serverside-applied (server dry run)",
        "serviceaccount/orkestra-cc serverside-applied (server dry run)",
        "clusterrole.rbac.authorization.k8s.io/orkestra-orkestra-system serverside-applied (server dry run)",
        "clusterrolebinding.rbac.authorization.k8s.io/orkestra-orkestra-system serverside-applied (server dry run)",
        "configmap/orkestra-katalog serverside-applied (server dry run)",
      ].sort(),
    );
  });

  it("the committed komposer.lock is what re-resolving the layout gives", async () => {
    const dir = join(work, "relock");
    cpSync(join(EXAMPLES, "pattern-zoo"), join(dir, "pattern-zoo"), { recursive: true });
    cpSync(COMMITTED, join(dir, "registry"), { recursive: true });
    cpSync(join(EXAMPLES, ".ork"), join(dir, ".ork"), { recursive: true });
    const result = await runOrk(["generate", "bundle", "-f", "pattern-zoo/komposer.yaml", "--update-lock"], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "pattern-zoo", "komposer.lock"), "utf8")).toBe(readFileSync(LOCK, "utf8"));
    // And the digests are the ones the example build pushes.
    const built = await buildExampleLayout(EXAMPLES, join(work, "for-lock"));
    for (const line of built) {
      const [ref, digest] = line.split(" ");
      expect(readFileSync(LOCK, "utf8")).toContain(`${ref}: ${digest}`);
    }
  });
});
