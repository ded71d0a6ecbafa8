// Start-up of the built CLI against Node's own, measured in the same run: `node -e 0`, `ork --version`,
// `ork --help` and `ork generate bundle --help` as child processes, interleaved so load changes hit all alike.
// The goal (issue 11): each ork figure ≤ node -e 0 + 30 ms. Prints medians (min–max), the difference to Node
// and the ratio; writes JSON under bench/results/. Run: npm run build && npx tsx bench/startup.ts (BENCH_RUNS=15)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { timeChild } from "./support/floors.js";
import { stats, type Stats } from "./stats.js";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
// BENCH_ORK=/path/to/dist/cli/main.js compares another build (e.g. main's) in the same way.
const ORK = process.env.BENCH_ORK ?? join(ROOT, "dist", "cli", "main.js");
const CASES: { name: string; args: string[] }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "ork --version", args: [ORK, "--version"] },
  { name: "ork --help", args: [ORK, "--help"] },
  { name: "ork generate bundle --help", args: [ORK, "generate", "bundle", "--help"] },
];

async function main(): Promise<void> {
  if (!existsSync(ORK)) throw new Error(`${ORK} is missing: run npm run build first`);
  const samples = CASES.map(() => [] as number[]);
  for (let run = 0; run < runs; run++)
    for (const [i, c] of CASES.entries()) samples[i]!.push(await timeChild(process.execPath, c.args));
  const results: Stats[] = samples.map((s) => stats(s));
  const node = results[0]!.median;
  const lines = [
    `start-up, ${runs} runs each (interleaved), median (min–max); +ms and ×ratio against node -e 0 in the same run`,
    "",
    "| command | wall ms | over node -e 0 | ratio |",
    "|---|---:|---:|---:|",
    ...CASES.map((c, i) => {
      const s = results[i]!;
      return `| ${c.name} | ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) | +${(s.median - node).toFixed(0)} | ×${(s.median / node).toFixed(2)} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const resultsDir = join(ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `startup-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const rows = CASES.map((c, i) => ({ command: c.name, wallMs: results[i] }));
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: "startup", runs, node: process.version, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${file}\n`);
}

await main();
