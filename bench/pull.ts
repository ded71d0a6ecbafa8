// Pulling N artifacts: Komposer's client (parallel, bounded, one fetcher) against sequential `oras pull` of the
// same artifacts, through a loopback proxy that adds 20 ms to every request (a realistic registry round trip).
// Both write the files to disk. Prints a table (median and min–max over several runs) and writes JSON under
// bench/results/. Run: npx tsx bench/pull.ts   (BENCH_RUNS=5 BENCH_SIZES=1,10,50 BENCH_DELAY_MS=20)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
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
import { startFaultProxy } from "../test/support/fault-proxy.js";
import { katalogFiles } from "../test/support/oci-fixtures.js";
import { stats, type Stats } from "./stats.js";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const sizes = (process.env.BENCH_SIZES ?? "1,10,50").split(",").map(Number);
const delayMs = Number(process.env.BENCH_DELAY_MS ?? 20);
const concurrency = 8;
const execAsync = promisify(execFile);

async function main(): Promise<void> {
  const oras = toolPaths().oras;
  const workDir = mkdtempSync(join(tmpdir(), "komposer-bench-"));
  const registry = await startRegistry({ name: "bench-registry", workDir });
  const proxy = await startFaultProxy({ target: registry.host, delayMs });
  const rows: { n: number; komposer: Stats; oras: Stats; komposerRequests: number; orasRequests: number }[] =
    [];
  try {
    for (const n of sizes) {
      process.stderr.write(`N=${n}: pushing\n`);
      const refs = [];
      for (let i = 0; i < n; i++) {
        const ref = parseReference(`${registry.host}/bench/n${n}/katalog-${i}:v1.0.0`);
        await pushArtifact(ref, katalogFiles(`katalog-${i}`), { env: {}, created: "2026-01-01T00:00:00Z" });
        refs.push({ ...ref, registry: proxy.host });
      }
      const komposer: number[] = [];
      const orasTimes: number[] = [];
      let komposerRequests = 0;
      let orasRequests = 0;
      for (let run = 0; run < runs; run++) {
        process.stderr.write(`N=${n}: run ${run + 1}/${runs}\n`);
        const out = mkdtempSync(join(workDir, "out-"));
        const counter = createRequestCounter();
        let started = performance.now();
        // A fresh fetcher per run: no cache carries over between runs.
        const fetcher = createArtifactFetcher({ env: {}, concurrency, onRequest: counter.hook });
        await Promise.all(
          refs.map(async (ref, i) => {
            const artifact = await fetcher.fetch(ref);
            await writeArtifactFiles(join(out, "komposer", String(i)), artifact.files, artifact.ref);
          }),
        );
        komposer.push(performance.now() - started);
        komposerRequests = counter.total();

        const before = proxy.requests();
        started = performance.now();
        for (const [i, ref] of refs.entries()) {
          const dir = join(out, "oras", String(i));
          mkdirSync(dir, { recursive: true });
          // Async on purpose: the delay proxy runs in this process and must keep serving while oras runs.
          await execAsync(oras, [
            "pull",
            "--plain-http",
            "-o",
            dir,
            `${ref.registry}/${ref.repository}:${ref.tag}`,
          ]);
        }
        orasTimes.push(performance.now() - started);
        orasRequests = (proxy.requests() - before) / n;
        rmSync(out, { recursive: true, force: true });
      }
      rows.push({
        n,
        komposer: stats(komposer),
        oras: stats(orasTimes),
        komposerRequests: komposerRequests / n,
        orasRequests,
      });
    }
  } finally {
    await proxy.close();
    await stopProcess(registry.process);
    rmSync(workDir, { recursive: true, force: true });
  }

  const ms = (s: Stats) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const lines = [
    `pull N artifacts through a ${delayMs} ms/request loopback proxy, ${runs} runs each, median (min–max)`,
    "",
    "| N | Komposer (parallel, ≤8 in flight) | oras pull (sequential) | speed-up | requests/artifact (Komposer / oras) |",
    "|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.n} | ${ms(r.komposer)} | ${ms(r.oras)} | ${(r.oras.median / r.komposer.median).toFixed(1)}× | ${r.komposerRequests.toFixed(1)} / ${r.orasRequests.toFixed(1)} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const resultsDir = join(import.meta.dirname, "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `pull-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: "pull", delayMs, runs, concurrency, node: process.version, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${file}\n`);
}

await main();
