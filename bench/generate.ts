// `ork generate bundle` end to end, as users run it: the built CLI (dist/cli/main.js) as a child process against
// a real registry (Debian's docker-registry) behind a loopback proxy that adds latency to every request and
// counts them. Two compositions: (a) the pattern zoo (examples/pattern-zoo/komposer.yaml verbatim, its ghcr.io
// imports mirrored to the local registry) and (b) a synthetic one of BENCH_KATALOGS katalogs × 5 CRDs each.
// Each cold (no komposer.lock: tags are resolved) and locked (komposer.lock present: tags map to digests).
// The proxy runs in its own process; each run also measures, in the same run, `node -e 0` and the raw parallel
// fetch of the scenario's artifacts (bench/support/floors.ts), and the table prints the ratio of the wall time
// to their sum. Prints a table (median and min–max over BENCH_RUNS runs) and writes JSON under bench/results/.
// Run: npm run build && npx tsx bench/generate.ts   (BENCH_RUNS=5 BENCH_DELAY_MS=10 BENCH_KATALOGS=200)
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { EXAMPLE_ARTIFACTS } from "../src/cli/example-pack.js";
import { parseReference } from "../src/core/reference.js";
import { pushArtifact, readPatternDirectory } from "../src/oci/index.js";
import { stopProcess } from "../test/env/process.js";
import { startRegistry } from "../test/env/registry.js";
import { startDelayProxy, type DelayProxy } from "./support/delay-proxy.js";
import { measureNodeStart, rawParallelFetch, withRatio, type RawRef } from "./support/floors.js";
import { CRDS_PER_KATALOG, komposerImporting, syntheticKatalog } from "./support/synthetic-katalog.js";
import { stats, type Stats } from "./stats.js";

const runs = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));
const delayMs = Number(process.env.BENCH_DELAY_MS ?? 10);
const katalogCount = Number(process.env.BENCH_KATALOGS ?? 200);
const CREATED = "2026-01-01T00:00:00Z";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ORK = join(ROOT, "dist", "cli", "main.js");
/** Preloaded into the CLI: writes its own peak RSS (KiB) when it exits, so nothing has to poll /proc. */
const RSS_HOOK =
  "data:text/javascript,import{writeFileSync}from'node:fs';" +
  "process.on('exit',()=>{if(process.env.BENCH_RSS_FILE)writeFileSync(process.env.BENCH_RSS_FILE,String(process.resourceUsage().maxRSS))})";

interface Scenario {
  name: string;
  dir: string;
  args: string[];
  artifacts: number;
  crds: number;
  /** The artifacts as the raw-fetch floor fetches them (through the proxy). */
  raw: RawRef[];
}

interface Row {
  scenario: string;
  mode: "cold" | "locked";
  artifacts: number;
  crds: number;
  wallMs: Stats;
  nodeStartMs: Stats;
  rawFloorMs: Stats;
  peakRssMiB: Stats;
  requests: Stats;
  bundleBytes: number;
}

/** The scenario's own ork cache ($XDG_CACHE_HOME/ork), emptied before each cold run. */
function cacheDir(scenario: Scenario): string {
  return join(scenario.dir, ".cache");
}

/** Runs the CLI asynchronously: the delay proxy lives in this process and must keep serving meanwhile. */
function runGenerate(scenario: Scenario, rssFile: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        RSS_HOOK,
        ORK,
        "generate",
        "bundle",
        "-f",
        "komposer.yaml",
        "-o",
        "bundle.yaml",
        ...scenario.args,
      ],
      {
        cwd: scenario.dir,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: scenario.dir,
          XDG_CACHE_HOME: cacheDir(scenario),
          BENCH_RSS_FILE: rssFile,
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stderr }));
  });
}

async function measure(
  scenario: Scenario,
  mode: Row["mode"],
  proxy: DelayProxy,
  workDir: string,
): Promise<Row> {
  const lock = join(scenario.dir, "komposer.lock");
  const wall: number[] = [];
  const nodeStart: number[] = [];
  const rawFloor: number[] = [];
  const rss: number[] = [];
  const requests: number[] = [];
  let bundleBytes = 0;
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`${scenario.name} ${mode}: run ${run + 1}/${runs}\n`);
    // Cold: no lock and an empty ork cache. Locked: the lock and the cache the previous runs left.
    if (mode === "cold") {
      rmSync(lock, { force: true });
      rmSync(cacheDir(scenario), { recursive: true, force: true });
    } else if (!existsSync(lock)) throw new Error(`${scenario.name}: no komposer.lock for the locked runs`);
    nodeStart.push((await measureNodeStart(1)).median);
    rawFloor.push(await rawParallelFetch(scenario.raw));
    const rssFile = join(workDir, `rss-${scenario.name}-${mode}-${run}`);
    const before = await proxy.requests();
    const started = performance.now();
    const result = await runGenerate(scenario, rssFile);
    wall.push(performance.now() - started);
    if (result.code !== 0)
      throw new Error(`${scenario.name} ${mode}: ork exited ${result.code}: ${result.stderr}`);
    requests.push((await proxy.requests()) - before);
    rss.push(Number(readFileSync(rssFile, "utf8")) / 1024);
    bundleBytes = statSync(join(scenario.dir, "bundle.yaml")).size;
  }
  return {
    scenario: scenario.name,
    mode,
    artifacts: scenario.artifacts,
    crds: scenario.crds,
    wallMs: stats(wall),
    nodeStartMs: stats(nodeStart),
    rawFloorMs: stats(rawFloor),
    peakRssMiB: stats(rss),
    requests: stats(requests),
    bundleBytes,
  };
}

/** The pattern zoo's five katalogs, pushed under their ghcr.io repository paths; ghcr.io is mirrored here. */
async function patternZoo(registryHost: string, proxyHost: string, workDir: string): Promise<Scenario> {
  for (const artifact of EXAMPLE_ARTIFACTS) {
    const ref = { ...parseReference(artifact.ref), registry: registryHost };
    const files = await readPatternDirectory(join(ROOT, "examples", "katalogs", artifact.dir));
    await pushArtifact(ref, files, { env: {}, created: CREATED });
  }
  const dir = join(workDir, "pattern-zoo");
  mkdirSync(dir);
  copyFileSync(join(ROOT, "examples", "pattern-zoo", "komposer.yaml"), join(dir, "komposer.yaml"));
  return {
    name: "pattern-zoo",
    dir,
    args: ["--mirror", `ghcr.io=${proxyHost}`],
    artifacts: EXAMPLE_ARTIFACTS.length,
    crds: 6,
    raw: EXAMPLE_ARTIFACTS.map((a) => {
      const ref = parseReference(a.ref);
      return { host: proxyHost, repository: ref.repository, tag: ref.tag ?? "latest" };
    }),
  };
}

async function synthetic(registryHost: string, proxyHost: string, workDir: string): Promise<Scenario> {
  const refs: string[] = [];
  // Pushed straight to the registry (not through the proxy), 16 at a time: setup is not what is measured.
  for (let start = 0; start < katalogCount; start += 16) {
    const batch = Array.from({ length: Math.min(16, katalogCount - start) }, (_, i) => start + i);
    await Promise.all(
      batch.map(async (i) => {
        const repository = `bench/synthetic/katalog-${i}`;
        await pushArtifact({ registry: registryHost, repository, tag: "v1.0.0" }, syntheticKatalog(i), {
          env: {},
          created: CREATED,
        });
      }),
    );
    for (const i of batch) refs.push(`oci://${proxyHost}/bench/synthetic/katalog-${i}:v1.0.0`);
  }
  const dir = join(workDir, "synthetic");
  mkdirSync(dir);
  // One CRD tuned by the Komposer, so the merge path is exercised too.
  writeFileSync(
    join(dir, "komposer.yaml"),
    `${komposerImporting("synthetic", refs)}spec:
  crds:
    thing-0-0: {workers: 8}
`,
  );
  return {
    name: `synthetic-${katalogCount}x${CRDS_PER_KATALOG}`,
    dir,
    args: [],
    artifacts: katalogCount,
    crds: katalogCount * CRDS_PER_KATALOG,
    raw: Array.from({ length: katalogCount }, (_, i) => ({
      host: proxyHost,
      repository: `bench/synthetic/katalog-${i}`,
      tag: "v1.0.0",
    })),
  };
}

function table(rows: Row[]): string {
  const range = (s: Stats, digits = 0) =>
    `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  return [
    `ork generate bundle (built CLI, child process) through a ${delayMs} ms/request delay proxy (own process); ${runs} runs each, median (min–max);`,
    "×r: wall time over (raw parallel fetch + node -e 0) measured in the same runs",
    "",
    "| composition | artifacts | CRDs | lock | wall ms ×r | node -e 0 | raw fetch | peak RSS MiB | registry requests | bundle KiB |",
    "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.artifacts} | ${r.crds} | ${r.mode === "cold" ? "none (cold)" : "komposer.lock"} | ${withRatio(r.wallMs, r.nodeStartMs.median + r.rawFloorMs.median)} | ${range(r.nodeStartMs)} | ${range(r.rawFloorMs)} | ${range(r.peakRssMiB, 1)} | ${range(r.requests)} | ${(r.bundleBytes / 1024).toFixed(1)} |`,
    ),
  ].join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(ORK)) throw new Error(`${ORK} is missing: run npm run build first`);
  const workDir = mkdtempSync(join(tmpdir(), "komposer-bench-generate-"));
  const registry = await startRegistry({ name: "bench-registry", workDir });
  const proxy = await startDelayProxy({ target: registry.host, delayMs });
  const rows: Row[] = [];
  try {
    const scenarios = [
      await patternZoo(registry.host, proxy.host, workDir),
      await synthetic(registry.host, proxy.host, workDir),
    ];
    for (const scenario of scenarios) {
      // Cold runs end with a komposer.lock written; the locked runs reuse the last one.
      rows.push(await measure(scenario, "cold", proxy, workDir));
      rows.push(await measure(scenario, "locked", proxy, workDir));
    }
  } finally {
    await proxy.close();
    await stopProcess(registry.process);
    rmSync(workDir, { recursive: true, force: true });
  }
  process.stdout.write(`${table(rows)}\n`);
  const resultsDir = join(ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `generate-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const meta = {
    benchmark: "generate",
    delayMs,
    runs,
    katalogs: katalogCount,
    crdsPerKatalog: CRDS_PER_KATALOG,
  };
  writeFileSync(file, `${JSON.stringify({ ...meta, node: process.version, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
}

await main();
