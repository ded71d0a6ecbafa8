// `ork init --pack registry-guide`, then the guide's command verbatim in a fresh folder. The machine has no route
// to ghcr.io, so success proves the imports came from the pack's OCI image layout via .ork/config.yaml.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { kubectl } from "../support/kube.js";
import { runOrk } from "../support/ork-cli.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(loadTestEnv().workDir, "cli-init-"));
});

describe("ork init --pack registry-guide", () => {
  it("writes the guide, whose command runs verbatim offline and gives a bundle Kubernetes accepts", async () => {
    const dir = mkdtempSync(join(work, "guide-"));
    const init = await runOrk(["init", "--pack", "registry-guide"], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("cd 05-komposer && ork generate bundle -f komposer.yaml -o bundle.yaml");
    for (const f of [
      "05-komposer/komposer.yaml",
      "06-pattern-zoo/komposer.yaml",
      "registry/index.json",
      ".ork/config.yaml",
    ])
      expect(existsSync(join(dir, f))).toBe(true);

    // `cd 05-komposer && ork generate bundle -f komposer.yaml -o bundle.yaml`
    const guide = join(dir, "05-komposer");
    const generate = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "bundle.yaml"], {
      cwd: guide,
    });
    expect(generate.code).toBe(0);
    expect(generate.stderr).toMatch(
      /^mirrors from .*\/\.ork\/config\.yaml\nRuntime schema: Katalog schema generation 3 /,
    );
    expect(generate.stderr).toMatch(/^Wrote .*05-komposer\/bundle\.yaml/m);
    const bundle = readFileSync(join(guide, "bundle.yaml"), "utf8");
    // The katalog's own workers (the guide overrides only webhooks), where generation 3 keeps them.
    expect(bundle).toMatch(/\n {12}reconcile:\n(?: {14}.*\n)*? {14}workers: 4\n/);
    expect(existsSync(join(guide, "komposer.lock"))).toBe(true);

    const zoo = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "bundle.yaml"], {
      cwd: join(dir, "06-pattern-zoo"),
    });
    expect(zoo.code).toBe(0);

    await kubectl(["create", "namespace", "orkestra-system"]).catch((e: unknown) => {
      if (!/AlreadyExists/.test(String(e))) throw e;
    });
    const applied = await kubectl([
      "apply",
      "--server-side",
      "--dry-run=server",
      "-f",
      join(guide, "bundle.yaml"),
    ]);
    expect(applied).toMatch(/configmap\/orkestra-katalog serverside-applied/);
  });

  it("refuses to overwrite an existing pack without --force (exit 1), and overwrites with it", async () => {
    const dir = mkdtempSync(join(work, "again-"));
    expect((await runOrk(["init", "--pack", "registry-guide"], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, "05-komposer", "komposer.yaml"), "# edited\n");
    const again = await runOrk(["init", "--pack", "registry-guide"], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(dir, "05-komposer", "komposer.yaml"), "utf8")).toBe("# edited\n");
    expect((await runOrk(["init", "--pack", "registry-guide", "--force"], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, "05-komposer", "komposer.yaml"), "utf8")).toMatch(/kind: Komposer/);
  });

  it("names the available packs for an unknown one (exit 2)", async () => {
    const result = await runOrk(["init", "--pack", "nope"], { cwd: mkdtempSync(join(work, "nope-")) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/registry-guide/);
  });
});
