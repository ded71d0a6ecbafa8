// Pulling N artifacts, side by side in one run against the floors measured in the same run:
// - floor: the raw parallel fetch of every manifest and blob (bench/support/floors.ts), and `node -e 0`;
// - Komposer's fetcher in process (ratio to the raw floor);
// - `ork generate bundle` importing the N artifacts, as a child process with an empty cache and no lock
//   (ratio to raw floor + Node start-up);
// - sequential `oras pull` of the same artifacts (how many times slower than `ork generate bundle`).
// The registry (Debian's docker-registry) sits behind a delay proxy in its own process adding BENCH_DELAY_MS to
// every request. Prints a table (medians, min–max) and writes JSON under bench/results/.
// Run: npm run build && npx tsx bench/pull.ts   (BENCH_RUNS=5 BENCH_SIZES=1,10,50 BENCH_DELAY_MS=20)
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseReference } from "../src/core/reference.js";
import {
  createArtifactFetcher,
  createRequestCounter,
  pushArtifact,
  writeArtifactFiles,
} from "../src/oci/index.js";
import { stopProcess } from "../test/env/process.js";
import { startRegistry } from "../test/env/registry.js";
import { toolPaths } from "../test/env/versions.js";
import { startDelayProxy } from "./support/delay-proxy.js";
import { measureNodeStart, rawParallelFetch, timeChild, withRatio, type RawRef } from "./support/floors.js";
import { komposerImporting, syntheticKatalog } from "./support/synthetic-katalog.js";
import { stats, type Stats } from "./stats.js";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const sizes = (process.env.BENCH_SIZES ?? "1,10,50").split(",").map(Number);
const delayMs = Number(process.env.BENCH_DELAY_MS ?? 20);
const execAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
// BENCH_ORK=/path/to/dist/cli/main.js measures another build (e.g. main's) the same way.
const ORK = process.env.BENCH_ORK ?? join(ROOT, "dist", "cli", "main.js");

interface Row {
  n: number;
  nodeStart: Stats;
  rawFloor: Stats;
  komposer: Stats;
  generate: Stats;
  oras: Stats;
  komposerRequests: number;
  generateRequests: number;
  orasRequests: number;
}

async function main(): Promise<void> {
  if (!existsSync(ORK)) throw new Error(`${ORK} is missing: run npm run build first`);
  const oras = toolPaths().oras;
  const workDir = mkdtempSync(join(tmpdir(), "komposer-bench-"));
  const registry = await startRegistry({ name: "bench-registry", workDir });
  const proxy = await startDelayProxy({ target: registry.host, delayMs });
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      process.stderr.write(`N=${n}: pushing\n`);
      const refs = [];
      for (let i = 0; i < n; i++) {
        const ref = parseReference(`${registry.host}/bench/n${n}/katalog-${i}:v1.0.0`);
        await pushArtifact(ref, syntheticKatalog(i), { env: {}, created: "2026-01-01T00:00:00Z" });
        refs.push({ ...ref, registry: proxy.host });
      }
      const raw: RawRef[] = refs.map((r) => ({
        host: r.registry,
        repository: r.repository,
        tag: r.tag ?? "",
      }));
      const komposerDir = join(workDir, `generate-${n}`);
      mkdirSync(komposerDir);
      writeFileSync(
        join(komposerDir, "komposer.yaml"),
        komposerImporting(
          `bench-${n}`,
          refs.map((r) => `oci://${r.registry}/${r.repository}:${r.tag}`),
        ),
      );
      const samples = {
        raw: [] as number[],
        komposer: [] as number[],
        generate: [] as number[],
        oras: [] as number[],
      };
      const counts = { komposer: 0, generate: 0, oras: 0 };
      const nodeStart: number[] = [];
      for (let run = 0; run < runs; run++) {
        process.stderr.write(`N=${n}: run ${run + 1}/${runs}\n`);
        nodeStart.push((await measureNodeStart(1)).median);
        samples.raw.push(await rawParallelFetch(raw));

        const out = mkdtempSync(join(workDir, "out-"));
        const counter = createRequestCounter();
        let started = performance.now();
        // A fresh fetcher per run: nothing carries over between runs.
        const fetcher = createArtifactFetcher({ env: {}, onRequest: counter.hook });
        await Promise.all(
          refs.map(async (ref, i) => {
            const artifact = await fetcher.fetch(ref);
            await writeArtifactFiles(join(out, "komposer", String(i)), artifact.files, artifact.ref);
          }),
        );
        samples.komposer.push(performance.now() - started);
        counts.komposer = counter.total() / n;

        // The CLI as users run it, cold: an empty cache folder, no komposer.lock, no lock written.
        const cache = mkdtempSync(join(workDir, "cache-"));
        let before = await proxy.requests();
        samples.generate.push(
          await timeChild(
            process.execPath,
            [ORK, "generate", "bundle", "-f", "komposer.yaml", "-o", join(out, "bundle.yaml"), "--no-lock"],
            {
              cwd: komposerDir,
              env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: out, XDG_CACHE_HOME: cache },
            },
          ),
        );
        counts.generate = ((await proxy.requests()) - before) / n;

        before = await proxy.requests();
        started = performance.now();
        for (const [i, ref] of refs.entries()) {
          const dir = join(out, "oras", String(i));
          mkdirSync(dir, { recursive: true });
          await execAsync(oras, [
            "pull",
            "--plain-http",
            "-o",
            dir,
            `${ref.registry}/${ref.repository}:${ref.tag}`,
          ]);
        }
        samples.oras.push(performance.now() - started);
        counts.oras = ((await proxy.requests()) - before) / n;
        rmSync(out, { recursive: true, force: true });
        rmSync(cache, { recursive: true, force: true });
      }
      rows.push({
        n,
        nodeStart: stats(nodeStart),
        rawFloor: stats(samples.raw),
        komposer: stats(samples.komposer),
        generate: stats(samples.generate),
        oras: stats(samples.oras),
        komposerRequests: counts.komposer,
        generateRequests: counts.generate,
        orasRequests: counts.oras,
      });
    }
  } finally {
    await proxy.close();
    await stopProcess(registry.process);
    rmSync(workDir, { recursive: true, force: true });
  }

  const ms = (s: Stats) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const lines = [
    `pull N artifacts through a ${delayMs} ms/request delay proxy (own process), ${runs} runs each, median (min–max);`,
    "×r is the ratio to the floor measured in the same run (raw fetch; for ork: raw fetch + node -e 0)",
    "",
    "| N | node -e 0 | raw parallel fetch (floor) | Komposer fetcher in process | ork generate bundle (cold, no lock) | oras pull ×N (sequential) | oras / ork | requests per artifact (fetcher / ork / oras) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.n} | ${ms(r.nodeStart)} | ${ms(r.rawFloor)} | ${withRatio(r.komposer, r.rawFloor.median)} | ${withRatio(r.generate, r.rawFloor.median + r.nodeStart.median)} | ${ms(r.oras)} | ${(r.oras.median / r.generate.median).toFixed(1)}× | ${r.komposerRequests.toFixed(1)} / ${r.generateRequests.toFixed(1)} / ${r.orasRequests.toFixed(1)} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const resultsDir = join(import.meta.dirname, "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `pull-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: "pull", delayMs, runs, node: process.version, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${file}\n`);
}

await main();
