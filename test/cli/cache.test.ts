// The download cache (issue 11): with a komposer.lock a repeated `ork generate bundle` makes no registry
// request; without one, each tag costs one HEAD; a corrupted entry is detected and fetched again; processes
// sharing one cache folder at once all succeed; cached and uncached runs write byte-identical bundles.
// Requests are counted on the wire, at a loopback proxy in front of the real registry.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { katalogText, uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk, type OrkResult } from "../support/ork-cli.js";

let env: TestEnv;
let proxy: FaultProxy;
beforeAll(async () => {
  env = loadTestEnv();
  proxy = await startFaultProxy({ target: env.registry.host });
});
afterAll(() => proxy.close());

interface Setup {
  dir: string;
  cache: string;
  refs: string[];
}

/** Three katalogs pushed through the proxy, and a Komposer importing them by tag. */
async function setup(name: string): Promise<Setup> {
  const dir = mkdtempSync(join(env.workDir, `cli-cache-${name}-`));
  const refs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const folder = join(dir, `katalog-${i}`);
    mkdirSync(folder);
    writeFileSync(
      join(folder, "katalog.yaml"),
      katalogText(`k${i}`)
        .replace(/webapp/g, `app${i}`)
        .replace("apps.example.com", `k${i}.example.com`),
    );
    const ref = `oci://${proxy.host}/${uniqueRepo(`cache-${name}-${i}`)}:v1`;
    expect(await runOrk(["push", ref, folder])).toMatchObject({ code: 0 });
    refs.push(ref);
  }
  writeFileSync(
    join(dir, "komposer.yaml"),
    [
      "apiVersion: orkestra.orkspace.io/v1",
      "kind: Komposer",
      "metadata: {name: cached}",
      "imports:",
      "  registry:",
      ...refs.map((r) => `    - ${r}`),
      "",
    ].join("\n"),
  );
  return { dir, cache: join(dir, "cache"), refs };
}

async function generate(
  s: Setup,
  out: string,
  ...extra: string[]
): Promise<{ result: OrkResult; requests: number }> {
  const before = proxy.requests();
  const result = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", out, ...extra], {
    cwd: s.dir,
    env: { XDG_CACHE_HOME: s.cache },
  });
  expect(result).toMatchObject({ code: 0 });
  return { result, requests: proxy.requests() - before };
}

function cachedFiles(cache: string): string[] {
  const root = join(cache, "ork", "blobs", "sha256");
  return existsSync(root) ? readdirSync(root).map((name) => join(root, name)) : [];
}

describe("ork's download cache", () => {
  it("with komposer.lock, a repeated generate makes no registry request and writes the same bundle", async () => {
    const s = await setup("locked");
    const cold = await generate(s, "cold.yaml");
    expect(cold.requests).toBe(6); // three manifests (by tag) and three katalog.yaml blobs
    expect(existsSync(join(s.dir, "komposer.lock"))).toBe(true);
    const warm = await generate(s, "warm.yaml");
    expect(warm.requests).toBe(0);
    const uncached = await generate(s, "uncached.yaml", "--no-cache");
    expect(uncached.requests).toBe(6); // manifests by the locked digests, and blobs
    const bundle = readFileSync(join(s.dir, "cold.yaml"));
    expect(readFileSync(join(s.dir, "warm.yaml")).equals(bundle)).toBe(true);
    expect(readFileSync(join(s.dir, "uncached.yaml")).equals(bundle)).toBe(true);
  });

  it("without a lock, each tag costs one HEAD and nothing is downloaded again", async () => {
    const s = await setup("tags");
    expect((await generate(s, "a.yaml", "--no-lock")).requests).toBe(6);
    expect((await generate(s, "b.yaml", "--no-lock")).requests).toBe(3);
    expect(readFileSync(join(s.dir, "b.yaml")).equals(readFileSync(join(s.dir, "a.yaml")))).toBe(true);
  });

  it("detects a corrupted entry, fetches it again and repairs the cache", async () => {
    const s = await setup("corrupt");
    await generate(s, "a.yaml");
    const files = cachedFiles(s.cache);
    expect(files).toHaveLength(6); // three manifests, three blobs
    const victim = files[0]!;
    writeFileSync(victim, "not what the digest says\n");
    const again = await generate(s, "b.yaml");
    expect(again.requests).toBe(1);
    expect(readFileSync(join(s.dir, "b.yaml")).equals(readFileSync(join(s.dir, "a.yaml")))).toBe(true);
    const hex = createHash("sha256").update(readFileSync(victim)).digest("hex");
    expect(victim.endsWith(hex)).toBe(true);
  });

  it("serves several processes sharing one cache folder at once", async () => {
    const s = await setup("concurrent");
    const runs = await Promise.all([0, 1, 2, 3].map((i) => generate(s, `out-${i}.yaml`, "--no-lock")));
    for (const run of runs) expect(run.result.code).toBe(0);
    const first = readFileSync(join(s.dir, "out-0.yaml"));
    for (const i of [1, 2, 3]) expect(readFileSync(join(s.dir, `out-${i}.yaml`)).equals(first)).toBe(true);
    expect(readdirSync(join(s.cache, "ork", "tmp"))).toEqual([]);
    // Every entry they wrote is whole: a run that needs only the cache (the lock is written) asks nothing.
    await generate(s, "lock.yaml");
    expect((await generate(s, "after.yaml")).requests).toBe(0);
    for (const file of cachedFiles(s.cache))
      expect(file.endsWith(createHash("sha256").update(readFileSync(file)).digest("hex"))).toBe(true);
  });

  it("--trace says where the time went, per phase, with the requests made", async () => {
    const s = await setup("trace");
    const { result } = await generate(s, "a.yaml", "--trace", "--no-lock");
    expect(result.stderr).toMatch(/^trace: inputs .* ms$/m);
    expect(result.stderr).toMatch(/^trace: resolve .* ms \(3 artifacts; 3 GET manifest, 3 GET blob\)$/m);
    expect(result.stderr).toMatch(/^trace: compose .* ms/m);
    expect(result.stderr).toMatch(/^trace: total .* ms/m);
    const warm = await generate(s, "b.yaml", "--trace", "--no-lock");
    expect(warm.result.stderr).toMatch(/^trace: resolve .* \(3 artifacts; 3 HEAD manifest\)$/m);
  });

  it("--no-cache neither reads nor writes it", async () => {
    const s = await setup("nocache");
    expect((await generate(s, "a.yaml", "--no-cache")).requests).toBe(6);
    expect(existsSync(join(s.cache, "ork"))).toBe(false);
  });
});
