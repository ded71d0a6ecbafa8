// Duplicate-key detection on a large flat mapping (issue 10, item 3): the `yaml` package's own `uniqueKeys`
// (quadratic) against parseYamlSource (uniqueKeys off, one linear walk with a Set per mapping). Prints one line
// per size: milliseconds for each. The old way is only run up to BENCH_YAML_OLD_MAX keys (default 20,000): at
// 100,000 keys (1.2 MB) it takes minutes. Run: npx tsx bench/yaml-keys.ts
import { performance } from "node:perf_hooks";
import { parseAllDocuments } from "yaml";
import { DEFAULT_STRUCTURE_LIMITS } from "../src/core/yaml-structure.js";
import { parseYamlSource } from "../src/core/yaml-source.js";

const oldMax = Number(process.env.BENCH_YAML_OLD_MAX ?? 20_000);
const flatMapping = (keys: number) => Array.from({ length: keys }, (_, i) => `key${i}: v\n`).join("");
const time = (f: () => unknown) => {
  const started = performance.now();
  f();
  return Math.round(performance.now() - started);
};
// Under the per-mapping limit the whole document is read; above it, the walk stops at the mapping.
const generous = { maxBytes: 8 * 1024 * 1024, maxAliasCount: 100, maxKeysPerMapping: 1_000_000 };

process.stdout.write(
  `keys      bytes      uniqueKeys:true  parseYamlSource(no key limit)  parseYamlSource(default ${DEFAULT_STRUCTURE_LIMITS.maxKeysPerMapping}-key limit)\n`,
);
for (const keys of [5_000, 10_000, 20_000, 100_000]) {
  const text = flatMapping(keys);
  const old = keys <= oldMax ? `${time(() => parseAllDocuments(text, { uniqueKeys: true }))} ms` : "skipped";
  const linear = time(() => parseYamlSource("bench.yaml", text, generous));
  const limited = time(() => parseYamlSource("bench.yaml", text));
  process.stdout.write(
    `${String(keys).padEnd(9)} ${String(text.length).padEnd(10)} ${old.padEnd(16)} ${`${linear} ms`.padEnd(30)} ${limited} ms\n`,
  );
}
