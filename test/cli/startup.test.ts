// Start-up stays cheap (issue 11): `ork --version` and `ork --help` load no command module, and a command's
// --help loads that command's options only, never the schemas, YAML, composition or OCI client it runs with.
// The time itself is measured by bench/startup.ts, never asserted here; what is asserted is what gets loaded.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runOrk } from "../support/ork-cli.js";

const TRACE = pathToFileURL(join(import.meta.dirname, "..", "support", "module-trace.mjs")).href;

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), "ork-trace-")), "modules.txt");
  const result = await runOrk(args, { env: { NODE_OPTIONS: `--import=${TRACE}`, MODULE_TRACE_FILE: file } });
  expect(result).toMatchObject({ code: 0 });
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((url) => url.includes("/dist/") || url.includes("/node_modules/"));
}

/** `dist/cli/main.js` or the package name for node_modules. */
function shortName(url: string): string {
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return pkg ? pkg[1]! : url.replace(/^.*\/dist\//, "dist/");
}

describe("ork start-up", () => {
  it.each([[["--version"]], [["--help"]]])(
    "ork %s loads no command module and no dependency but commander",
    async (args) => {
      const loaded = (await modulesLoadedBy(args)).map(shortName);
      expect(loaded).toContain("dist/cli/main.js");
      expect(
        loaded.filter((m) => m.startsWith("dist/cli/commands/") && m !== "dist/cli/commands/index.js"),
      ).toEqual([]);
      expect(loaded.filter((m) => !m.startsWith("dist/") && m !== "commander")).toEqual([]);
    },
  );

  it.each([
    [["generate", "bundle", "--help"]],
    [["pull", "--help"]],
    [["validate", "--help"]],
    [["reconcile", "--help"]],
  ])("ork %s loads its own command only, and no schema, YAML or OCI client", async (args) => {
    const loaded = (await modulesLoadedBy(args)).map(shortName);
    expect(loaded).toContain(`dist/cli/commands/${args[0]}.js`);
    expect(
      loaded.filter(
        (m) =>
          m.startsWith("dist/cli/commands/") && !m.endsWith(`/${args[0]}.js`) && !m.endsWith("/index.js"),
      ),
    ).toEqual([]);
    expect(loaded.filter((m) => !m.startsWith("dist/") && m !== "commander")).toEqual([]);
    // The registry options' own small helpers (mirror specs, bounded reads, the --timeout deadline) import
    // nothing heavy; the OCI client, composition and the YAML parser must wait for the action.
    expect(
      loaded.filter((m) =>
        /^dist\/(oci\/(?!mirrors|bounded-read|deadline)|core\/(compose|yaml-|parse-document))/.test(m),
      ),
    ).toEqual([]);
  });

  it("a command that runs loads what it needs (the trace sees lazy imports)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ork-validate-"));
    const file = join(dir, "katalog.yaml");
    writeFileSync(
      file,
      "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: k, version: 1.0.0}\nspec:\n  crds:\n    a:\n      apiTypes: {group: a.example.com, version: v1, kind: A, plural: as}\n",
    );
    const loaded = (await modulesLoadedBy(["validate", "-f", file])).map(shortName);
    expect(loaded).toEqual(expect.arrayContaining(["yaml", "zod", "dist/core/parse-document.js"]));
  });
});
