// Issue 10 item 4: a hostile artifact must not make `ork` download more than a bounded total. The fake registry
// declares what a real one would also accept (200 layers of 8 MiB each); `ork` must refuse from the manifest,
// before asking for a single blob, and a pack must download only the files it uses.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { startFakeRegistry, type FakeRegistry } from "../support/fake-registry.js";
import { katalogText } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";

const enc = new TextEncoder();
const MiB = 1024 * 1024;
let registry: FakeRegistry;
let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(loadTestEnv().workDir, "artifact-limits-"));
  registry = await startFakeRegistry();
});
afterAll(() => registry.close());

describe("total limits per artifact", () => {
  it("refuses 200 layers × 8 MiB from the manifest, before downloading anything (ork pull)", async () => {
    registry.put("big/pull", "v1", {
      layers: Array.from({ length: 200 }, (_, i) => ({ title: `f${i}.bin`, size: 8 * MiB })),
    });
    const before = registry.blobRequests().length;
    const result = await runOrk(["pull", `${registry.host}/big/pull:v1`, "-o", join(work, "out")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/declares 1677721600 bytes in 200 files, above the 67108864-byte limit/);
    expect(registry.blobRequests().length - before).toBe(0);
  });

  it("refuses more than 1,000 files in one artifact", async () => {
    registry.put("big/many", "v1", {
      layers: Array.from({ length: 1001 }, (_, i) => ({ title: `f${i}.txt`, size: 1 })),
    });
    const result = await runOrk(["pull", `${registry.host}/big/many:v1`, "-o", join(work, "many")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/has 1001 files, more than the 1000 allowed/);
    expect(registry.blobRequests().filter((r) => r.includes("big/many"))).toEqual([]);
  });

  it("downloads only komposer.yaml and the files its imports.files name from a pack (useKomposer)", async () => {
    const pack = [
      "apiVersion: orkestra.orkspace.io/v1",
      "kind: Komposer",
      "metadata: {name: pack}",
      "imports:",
      "  files: [./katalogs/web.yaml]",
      "",
    ].join("\n");
    registry.put("packs/p", "v1", {
      layers: [
        { title: "komposer.yaml", bytes: enc.encode(pack) },
        { title: "katalogs/web.yaml", bytes: enc.encode(katalogText("web")) },
        // Unused by the pack: 150 × 1 MiB declared (real blobs would be 150 MiB); never asked for.
        ...Array.from({ length: 150 }, (_, i) => ({ title: `unused/${i}.bin`, size: MiB })),
      ],
    });
    writeFileSync(
      join(work, "komposer.yaml"),
      `apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {name: top}\nimports:\n  registry:\n    - url: oci://${registry.host}/packs/p:v1\n      useKomposer: true\n`,
    );
    const before = registry.blobRequests().length;
    const result = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--no-lock"], { cwd: work });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("WebApp");
    expect(registry.blobRequests().length - before).toBe(2);
  });
});
