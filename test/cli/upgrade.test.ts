// `ork upgrade katalog FILE [--to X.Y.Z] [-o FILE|-]` as users run it: in place by default, -o elsewhere,
// the moves on stderr, exit 1 (nothing written) when the target cannot hold a field, exit 2 for a bad version.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";
import { EXAMPLES } from "./offline-example.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "cli-upgrade-"));
});

describe("ork upgrade katalog", () => {
  it("rewrites a generation-2 katalog in place for the newest runtime, then validates clean", async () => {
    const file = join(work, "gadget.yaml");
    writeFileSync(file, readFileSync(join(EXAMPLES, "katalogs/legacy-gen2/katalog.yaml")));
    const result = await runOrk(["upgrade", "katalog", "gadget.yaml"], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^moved spec\.crds\.gadget\.operatorBox\.reconciler\.workers → operatorBox\.reconcile\.workers$/m,
    );
    expect(result.stderr).toMatch(
      /gadget\.yaml: \d+ field\(s\) moved; valid for generation 3 \(runtime 0\.7\.18\+\)\n$/,
    );
    expect(readFileSync(file, "utf8")).toMatch(/^# A generation-2 katalog/);
    const validate = await runOrk(["validate", "-f", "gadget.yaml", "--runtime-version", "0.7.18"], {
      cwd: work,
    });
    expect(validate).toMatchObject({ code: 0, stderr: "" });
  });

  it("prints to stdout with -o -, and refuses a target that cannot hold a field (exit 1, file untouched)", async () => {
    const file = join(EXAMPLES, "katalogs/webapp-operator/katalog.yaml");
    const before = readFileSync(file, "utf8");
    const down = await runOrk(["upgrade", "katalog", file, "--to", "0.7.8", "-o", "-"]);
    expect(down.code).toBe(1);
    expect(down.stdout).toBe("");
    expect(down.stderr).toMatch(/spec\.crds\.webapp\.operatorBox\.observe: .*no place in generation 1/);
    expect(readFileSync(file, "utf8")).toBe(before);
    const same = await runOrk(["upgrade", "katalog", file, "--to", "v0.7.18", "-o", "-"]);
    expect(same.code).toBe(0);
    expect(same.stderr).toMatch(/stdout: 0 field\(s\) moved/);
    expect((await runOrk(["upgrade", "katalog", file, "--to", "0.7"])).code).toBe(2);
  });
});
