// `ork plan -f komposer.yaml --against bundle.yaml`: what a restart would change between the bundle applied
// earlier and the one the files compose to now — CRDs added and removed, changed fields, RBAC grants.
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";
import {
  komposerText,
  offlineFolder,
  POSTGRES_REF,
  REDIS_REF,
  WEBAPP_REF,
  writeKomposer,
} from "./offline-example.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "cli-plan-"));
});

interface Plan {
  current: { digest: string };
  desired: { digest: string };
  crds: {
    added: string[];
    removed: string[];
    changed: { key: string; changes: { path: string; before?: unknown; after?: unknown }[] }[];
  };
  rbac: {
    added: { apiGroup: string; resource: string; verb: string }[];
    removed: { apiGroup: string; resource: string; verb: string }[];
    compared: boolean;
  };
  runtime: { schema: string; moved: { crd: string; from: string; to: string }[] };
}

const NEW_CRD = [
  "webapp:",
  "  workers: 3",
  "  operatorBox:",
  "    reconcile:",
  "      onCreate:",
  "        pdb: [{name: pdb}]",
  "ledger:",
  "  apiTypes: {group: ledger.example.io, version: v1, kind: Ledger, plural: ledgers}",
].join("\n");

async function planned(): Promise<{ cwd: string; before: string }> {
  const cwd = offlineFolder(work, "plan");
  writeKomposer(cwd, komposerText("plan", [WEBAPP_REF, REDIS_REF], "webapp: {workers: 8}"));
  const before = await runOrk(
    ["generate", "bundle", "-f", "komposer.yaml", "-o", "before.yaml", "--no-lock"],
    { cwd },
  );
  expect(before.code).toBe(0);
  // The next commit: redis dropped, postgres added, webapp tuned, a new inline CRD.
  writeKomposer(cwd, komposerText("plan", [WEBAPP_REF, POSTGRES_REF], NEW_CRD));
  return { cwd, before: before.stderr };
}

describe("ork plan --against", () => {
  it("lists CRDs added and removed, changed fields and the RBAC delta", async () => {
    const { cwd } = await planned();
    const result = await runOrk(["plan", "-f", "komposer.yaml", "--against", "before.yaml"], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: `mirrors from ${join(cwd, ".ork", "config.yaml")}\n` });
    const out = result.stdout;
    expect(out).toMatch(/^Bundle [0-9a-f]{10} → [0-9a-f]{10}/);
    expect(out).toMatch(/^ {2}\+ ledger$/m);
    expect(out).toMatch(/^ {2}\+ postgres$/m);
    expect(out).toMatch(/^ {2}- redis$/m);
    expect(out).toMatch(/^ {2}~ webapp\n {6}operatorBox\.reconcile\.onCreate\.pdb: \(absent\) → /m);
    // The seed's override (workers) sits where generation 3 keeps it, in both bundles.
    expect(out).toMatch(/^ {6}operatorBox\.reconcile\.workers: 8 → 3$/m);
    expect(out).toMatch(/^Runtime schema: Katalog schema generation 3 \(runtime 0\.7\.18\+\), detected/m);
    expect(out).toMatch(/^ {2}moved spec\.crds\.webapp\.workers → operatorBox\.reconcile\.workers$/m);
    expect(out).toMatch(
      /^ {2}\+ policy\/poddisruptionbudgets: create, delete, get, list, patch, update, watch$/m,
    );
    expect(out).toMatch(/^ {2}\+ ledger\.example\.io\/ledgers: /m);
    expect(out).toMatch(/^ {2}- cache\.orkspace\.io\/redises: /m);
  });

  it("--output json gives the same plan for machines", async () => {
    const { cwd } = await planned();
    const result = await runOrk(
      ["plan", "-f", "komposer.yaml", "--against", "before.yaml", "--output", "json"],
      { cwd },
    );
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(plan.current.digest).not.toBe(plan.desired.digest);
    expect(plan.crds.added.sort()).toEqual(["ledger", "postgres"]);
    expect(plan.crds.removed).toEqual(["redis"]);
    expect(plan.crds.changed.find((c) => c.key === "webapp")?.changes).toContainEqual({
      path: "operatorBox.reconcile.workers",
      before: 8,
      after: 3,
    });
    const grant = (apiGroup: string, resource: string, verb: string) => ({
      clusterRole: "orkestra-orkestra-system",
      apiGroup,
      resource,
      verb,
    });
    expect(plan.rbac.added).toContainEqual(grant("policy", "poddisruptionbudgets", "create"));
    expect(plan.rbac.added).toContainEqual(grant("ledger.example.io", "ledgers/status", "patch"));
    expect(plan.rbac.removed).toContainEqual(grant("cache.orkspace.io", "redises", "delete"));
    expect(plan.runtime).toMatchObject({ schema: expect.stringMatching(/generation 3/) });
    expect(plan.runtime.moved).toContainEqual({
      crd: "webapp",
      from: "workers",
      to: "operatorBox.reconcile.workers",
    });
  });

  it("shows no change against its own bundle", async () => {
    const cwd = offlineFolder(work, "plan-same");
    writeKomposer(cwd, komposerText("plan", [WEBAPP_REF]));
    expect(
      (await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "now.yaml"], { cwd })).code,
    ).toBe(0);
    const result = await runOrk(
      ["plan", "-f", "komposer.yaml", "--against", "now.yaml", "--output", "json"],
      { cwd },
    );
    const plan = JSON.parse(result.stdout) as Plan;
    expect(plan.desired.digest).toBe(plan.current.digest);
    expect(plan.crds).toEqual({ added: [], removed: [], changed: [] });
    expect(plan.rbac).toEqual({ added: [], removed: [], compared: true });
  });

  it("reads the current bundle from stdin with --against -, as kubectl pipes it", async () => {
    const { cwd } = await planned();
    const file = await runOrk(
      ["plan", "-f", "komposer.yaml", "--against", "before.yaml", "--output", "json"],
      { cwd },
    );
    const piped = await runOrk(["plan", "-f", "komposer.yaml", "--against", "-", "--output", "json"], {
      cwd,
      input: readFileSync(join(cwd, "before.yaml"), "utf8"),
    });
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(file.stdout));
    // Digests are shortened as kubectl's DESIRED and ACTIVE columns show them: 10 hex digits.
    const text = await runOrk(["plan", "-f", "komposer.yaml", "--against", "before.yaml"], { cwd });
    expect(text.stdout).toMatch(/^Bundle [0-9a-f]{10} → [0-9a-f]{10}; a restart would apply:/);
    const empty = await runOrk(["plan", "-f", "komposer.yaml", "--against", "-"], { cwd, input: "" });
    expect(empty.code).toBe(1);
  });

  it("exits 1 when the --against file is missing and 2 without --against", async () => {
    const cwd = offlineFolder(work, "plan-missing");
    writeKomposer(cwd, komposerText("plan", [WEBAPP_REF]));
    const missing = await runOrk(["plan", "-f", "komposer.yaml", "--against", "gone.yaml"], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/gone\.yaml.*not found/);
    expect((await runOrk(["plan", "-f", "komposer.yaml"], { cwd })).code).toBe(2);
  });
});
