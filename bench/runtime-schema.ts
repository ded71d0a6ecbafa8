// What the runtime-schema work costs in composition (in process, no registry): N katalogs × 5 CRDs written in
// generation 2, composed for runtime 0.7.18 (detection, conversion through the newest layout, strict payload
// check) — beside the same composition's YAML parse + render floor, measured as a composition of entries that
// need no conversion (generation 3). Prints medians of 5 runs and the 400/200 ratio (linear ≈ 2).
// Run: npx tsx bench/runtime-schema.ts
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { composeBundle } from "../src/core/compose.js";
import { generationsOf } from "../src/core/runtime-schema/detect.js";
import { crdEntryProblems } from "../src/core/runtime-schema/strict-problems.js";
import { MemoryArtifactFetcher } from "../test/support/memory-fetcher.js";
import { stats } from "./stats.js";

const RUNS = 5;

function entry(key: string, generation: 2 | 3): Record<string, unknown> {
  const hooks = {
    deployments: [{ name: "{{ .metadata.name }}", image: "{{ .spec.image }}", port: "8080" }],
    services: [{ name: "{{ .metadata.name }}", port: "80" }],
    configMaps: [{ name: "{{ .metadata.name }}-cfg", data: { a: "b" } }],
  };
  const apiTypes = { group: `${key}.example.io`, version: "v1", kind: "Thing", plural: "things" };
  return generation === 2
    ? {
        apiTypes,
        webhooks: { validation: true },
        operatorBox: { reconciler: { workers: 2, resync: "60s" }, onCreate: hooks, status: { fields: [] } },
      }
    : {
        apiTypes,
        admission: { webhooks: { validation: true } },
        operatorBox: {
          reconcile: { workers: 2, resync: "60s", onCreate: hooks },
          emit: { status: { fields: [] } },
        },
      };
}

async function compose(katalogs: number, generation: 2 | 3): Promise<number> {
  const fetcher = new MemoryArtifactFetcher();
  const refs: string[] = [];
  for (let k = 0; k < katalogs; k++) {
    const crds = Object.fromEntries(
      Array.from({ length: 5 }, (_, c) => [`k${k}c${c}`, entry(`k${k}c${c}`, generation)]),
    );
    const ref = `oci://r.example/k${k}:v1`;
    fetcher.put(ref, {
      "katalog.yaml": stringify({
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Katalog",
        metadata: { name: `k${k}` },
        spec: { crds },
      }),
    });
    refs.push(ref);
  }
  const komposer = stringify({
    apiVersion: "orkestra.orkspace.io/v1",
    kind: "Komposer",
    metadata: { name: "bench" },
    imports: { registry: refs },
    spec: { runtime: { version: "0.7.18" } },
  });
  const started = performance.now();
  await composeBundle({
    documents: [{ file: "komposer.yaml", text: komposer }],
    readLocalFile: () => Promise.reject(new Error("no files")),
    fetcher,
    namespace: "orkestra-system",
    includeNamespace: true,
    maxBundleBytes: 64 * 1024 * 1024,
  });
  return performance.now() - started;
}

function perEntry(generation: 2 | 3): number {
  const entries = Array.from({ length: 1000 }, (_, i) => entry(`e${i}`, generation));
  const started = performance.now();
  for (const e of entries) {
    generationsOf(e);
    crdEntryProblems(e, 3, { file: "f", locate: () => undefined, prefix: [] });
  }
  return (performance.now() - started) / entries.length;
}

const medians = new Map<string, number>();
const rows: string[] = [];
for (const katalogs of [200, 400]) {
  for (const generation of [3, 2] as const) {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await compose(katalogs, generation));
    const s = stats(samples);
    medians.set(`${katalogs}/${generation}`, s.median);
    // Converted input beside the floor (the same composition with nothing to convert), and the ratio.
    const ratio = generation === 2 ? (s.median / medians.get(`${katalogs}/3`)!).toFixed(2) : "1.00";
    rows.push(
      `| ${katalogs} × 5 | ${generation === 2 ? "gen 2 → 0.7.18 (converted)" : "gen 3 (floor: no conversion)"} | ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) | ${ratio} |`,
    );
  }
}
console.log("| CRDs | input | compose ms median (min–max) | ratio to floor |\n|---|---|---:|---:|");
for (const row of rows) console.log(row);
const growth = (generation: number) =>
  (medians.get(`400/${generation}`)! / medians.get(`200/${generation}`)!).toFixed(2);
console.log(`\n400×5 / 200×5 (linear = 2.00): floor ${growth(3)}, converted ${growth(2)}`);
console.log(
  `detect + strict check per entry: gen 3 ${(perEntry(3) * 1000).toFixed(0)} µs, gen 2 ${(perEntry(2) * 1000).toFixed(0)} µs`,
);
