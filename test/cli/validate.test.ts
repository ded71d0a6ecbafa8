// `ork validate` as users run it: every problem of every file at once, each as file:line and field path, exit 1;
// warnings for unknown fields; --for-kubectl names what `kubectl apply` would reject.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";
import { EXAMPLES } from "./offline-example.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "cli-validate-"));
});

const BROKEN_KATALOG = `apiVersion: orkestra.orkspace.io/v2
kind: Katalog
metadata:
  name: broken
spec:
  crds:
    webapp:
      apiTypes: {group: a.example.io, version: v1, kind: A}
      workers: 99
      resync: soon
      webhooks: {operations: [PATCH]}
      frobnicate: true
`;

describe("ork validate", () => {
  it("reports every problem at once with file:line and path, and exits 1", async () => {
    writeFileSync(join(work, "broken.yaml"), BROKEN_KATALOG);
    const result = await runOrk(["validate", "-f", "broken.yaml"], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    for (const expected of [
      /broken\.yaml:1: apiVersion: .*orkestra\.orkspace\.io\/v1/,
      /broken\.yaml:8: spec\.crds\.webapp\.apiTypes\.plural: .*required/,
      /broken\.yaml:9: spec\.crds\.webapp\.workers: .*between 1 and 50/,
      // Generation 1's resync is a native time.Duration (Go units only); its webhook operations are free strings.
      /broken\.yaml:10: spec\.crds\.webapp\.resync: .*not a Go duration/,
      // Written in generation 1 (CRD-level workers): a field no generation knows is a warning without a target.
      /^warning: broken\.yaml:12: spec\.crds\.webapp\.frobnicate: field "frobnicate" is not known to generation 1/,
    ])
      expect(lines.some((l) => expected.test(l))).toBe(true);
  });

  it("checks several files in one run, and reports problems of each", async () => {
    writeFileSync(join(work, "a.yaml"), BROKEN_KATALOG);
    writeFileSync(
      join(work, "b.yaml"),
      "apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {}\n",
    );
    const result = await runOrk(["validate", "-f", "a.yaml", "-f", "b.yaml"], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a\.yaml:9: spec\.crds\.webapp\.workers/);
    expect(result.stderr).toMatch(/b\.yaml:3: metadata\.name/);
  });

  it("with --runtime-version, refuses what that runtime would refuse, saying where fields live (exit 1)", async () => {
    const katalog = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: gen3}
spec:
  crds:
    webapp:
      apiTypes: {group: a.example.io, version: v1, kind: A, plural: as}
      operatorBox:
        reconcile:
          onCreate:
            configmaps: [{name: x}]
        status: {fields: []}
`;
    writeFileSync(join(work, "gen3.yaml"), katalog);
    const result = await runOrk(["validate", "-f", "gen3.yaml", "--runtime-version", "0.7.18"], {
      cwd: work,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /gen3\.yaml:\d+: spec\.crds\.webapp\.operatorBox\.reconcile\.onCreate\.configmaps: .*did you mean "configMaps"/,
    );
    // The misplaced status was converted (it is valid after conversion), and the warning says so.
    expect(result.stderr).toMatch(
      /warning: gen3\.yaml:6: spec\.crds\.webapp: is written for another generation/,
    );
    const bad = await runOrk(["validate", "-f", "gen3.yaml", "--runtime-version", "7"], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/known: 0\.7\.0–0\.7\.8 \(generation 1\)/);
  });

  it("accepts the examples and says so on stdout, exit 0", async () => {
    const file = join(EXAMPLES, "pattern-zoo", "komposer.yaml");
    const result = await runOrk([
      "validate",
      "-f",
      file,
      "-f",
      join(EXAMPLES, "katalogs/redis/katalog.yaml"),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/: valid\n$/);
  });

  it("--output json lists problems for machines", async () => {
    writeFileSync(join(work, "json.yaml"), BROKEN_KATALOG);
    const result = await runOrk(["validate", "-f", "json.yaml", "--output", "json"], { cwd: work });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      problems: { file: string; line?: number; path: string; severity: string }[];
    };
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        file: "json.yaml",
        line: 9,
        path: "spec.crds.webapp.workers",
        severity: "error",
      }),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({ path: "spec.crds.webapp.frobnicate", severity: "warning" }),
    );
  });

  it("--for-kubectl flags metadata fields Kubernetes rejects, and names the annotation to use", async () => {
    const komposer = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata:
  name: for-kubectl
  version: 1.0.0
imports:
  registry: [oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0]
`;
    writeFileSync(join(work, "for-kubectl.yaml"), komposer);
    // Fine for the CLI...
    expect((await runOrk(["validate", "-f", "for-kubectl.yaml"], { cwd: work })).code).toBe(0);
    // ...not for kubectl apply.
    const result = await runOrk(["validate", "-f", "for-kubectl.yaml", "--for-kubectl"], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /for-kubectl\.yaml:5: metadata\.version: .*annotation orkestra\.orkspace\.io\/version/,
    );
    // The guide's komposer uses the annotation and is fine for both.
    const guide = join(EXAMPLES, "registry-guide", "05-komposer", "komposer.yaml");
    expect((await runOrk(["validate", "-f", guide, "--for-kubectl"])).code).toBe(0);
  });

  it("exits 1 with the path for a missing file, and 2 without -f", async () => {
    const missing = await runOrk(["validate", "-f", "nope.yaml"], { cwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.yaml.*not found/);
    const usage = await runOrk(["validate"], { cwd: work });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/-f, --file/);
  });
});
