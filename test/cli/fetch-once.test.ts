// Spec §2.3: in a diamond the shared artifact is loaded once. Counted on the wire, at a loopback proxy in front
// of the real registry, for the golden diamond case's packs.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { runOrk } from "../support/ork-cli.js";

const DIAMOND = fileURLToPath(new URL("../cases/diamond", import.meta.url));

let env: TestEnv;
let work: string;
let proxy: FaultProxy;
beforeAll(async () => {
  env = loadTestEnv();
  work = mkdtempSync(join(env.workDir, "cli-fetch-once-"));
  proxy = await startFaultProxy({ target: env.registry.host });
});
afterAll(() => proxy.close());

/** Pushes a folder of the diamond case with `${REGISTRY}` pointing at the proxy. */
async function push(prefix: string, name: string): Promise<void> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const file = readFileSync(
    join(DIAMOND, "katalogs", name, name.startsWith("pack-") ? "komposer.yaml" : "katalog.yaml"),
    "utf8",
  );
  writeFileSync(
    join(dir, name.startsWith("pack-") ? "komposer.yaml" : "katalog.yaml"),
    file.split("${REGISTRY}").join(prefix),
  );
  expect((await runOrk(["push", `oci://${prefix}/${name}:v1`, dir])).code).toBe(0);
}

describe("ork generate over a diamond", () => {
  it("fetches the artifact both packs share once", async () => {
    const prefix = `${proxy.host}/fetch-once`;
    for (const name of ["cache", "alpha", "beta", "pack-a", "pack-b"]) await push(prefix, name);
    writeFileSync(
      join(work, "komposer.yaml"),
      readFileSync(join(DIAMOND, "komposer.yaml"), "utf8").split("${REGISTRY}").join(prefix),
    );
    const before = proxy.requests();
    const result = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "--no-lock"], { cwd: work });
    expect(result.code).toBe(0);
    // Five artifacts, each one manifest and one file: had the shared cache been fetched per path, 12.
    expect(proxy.requests() - before).toBe(10);
  });
});
