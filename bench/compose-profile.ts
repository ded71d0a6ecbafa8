// Where composition time goes as the composition grows (issue 11 item 4): the generate benchmark's synthetic
// katalogs (N × 5 CRDs, bench/support/synthetic-katalog.ts) composed in process from memory (no registry), for
// N = 200 and 400: medians of BENCH_RUNS, the 400/200 growth (linear = 2.00), and the top self-time functions
// of one profiled composition of each size (node:inspector CPU profile) so what grows faster shows up.
// Run: npx tsx bench/compose-profile.ts   (BENCH_RUNS=5 BENCH_SIZES=200,400 BENCH_TOP=12)
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { composeBundle } from "../src/core/compose.js";
import { MemoryArtifactFetcher } from "../test/support/memory-fetcher.js";
import { komposerImporting, syntheticKatalog } from "./support/synthetic-katalog.js";
import { stats } from "./stats.js";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const sizes = (process.env.BENCH_SIZES ?? "200,400").split(",").map(Number);
const top = Number(process.env.BENCH_TOP ?? 12);

function inputs(katalogs: number): { fetcher: MemoryArtifactFetcher; komposer: string } {
  const fetcher = new MemoryArtifactFetcher();
  const refs: string[] = [];
  for (let k = 0; k < katalogs; k++) {
    const ref = `oci://r.example/bench/katalog-${k}:v1.0.0`;
    const [file] = syntheticKatalog(k);
    fetcher.put(ref, { "katalog.yaml": new TextDecoder().decode(file!.bytes) });
    refs.push(ref);
  }
  return { fetcher, komposer: komposerImporting("synthetic", refs) };
}

async function compose(katalogs: number): Promise<number> {
  const { fetcher, komposer } = inputs(katalogs);
  const started = performance.now();
  await composeBundle({
    documents: [{ file: "komposer.yaml", text: komposer }],
    readLocalFile: () => Promise.reject(new Error("no local files")),
    fetcher,
    namespace: "orkestra-system",
    includeNamespace: true,
    maxBundleBytes: 64 * 1024 * 1024,
  });
  return performance.now() - started;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function (name, file:line) over one composition, largest first. */
async function profile(katalogs: number): Promise<{ name: string; ms: number }[]> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  await compose(katalogs);
  const { profile: p } = (await session.post("Profiler.stop")) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of p.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/|src\/)/, "$1");
    const name = `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
  return [...byFunction]
    .map(([name, ms]) => ({ name, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

const medians = new Map<number, number>();
await compose(20); // warm-up: module loading and JIT are not composition
for (const n of sizes) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await compose(n));
  const s = stats(samples);
  medians.set(n, s.median);
  process.stdout.write(
    `${n} katalogs × 5 CRDs: compose ${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)}), ${runs} runs\n`,
  );
}
const [small, large] = sizes;
if (small !== undefined && large !== undefined)
  process.stdout.write(
    `growth ${large}/${small}: ${(medians.get(large)! / medians.get(small)!).toFixed(2)} (linear = ${(large / small).toFixed(2)})\n`,
  );
for (const n of sizes) {
  process.stdout.write(`\ntop ${top} self time, one profiled composition of ${n} × 5:\n`);
  for (const entry of await profile(n))
    process.stdout.write(`  ${entry.ms.toFixed(1).padStart(8)} ms  ${entry.name}\n`);
}
