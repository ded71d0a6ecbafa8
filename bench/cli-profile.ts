// What a cold `ork generate bundle` is made of (issue 11, start-up and composition): runs the built CLI on the
// embedded pattern zoo (no network) under V8's CPU profiler BENCH_RUNS times, and prints the self time of the
// median run grouped by what it is spent on: loading modules (resolve, read, compile), zod (schema
// construction and parsing), yaml (parse, stringify), the garbage collector, Komposer's own code, and Node's
// start-up. Next to it, `node -e 0` measured in the same run. This is the breakdown the closing note quotes
// for the goals a JavaScript CLI cannot reach (a cold generate within 1.25 × the network floor plus Node).
// Run: npm run build && npx tsx bench/cli-profile.ts   (BENCH_RUNS=5, BENCH_ORK=/path/to/dist/cli/main.js)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { timeChild } from "./support/floors.js";
import { stats } from "./stats.js";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ORK = process.env.BENCH_ORK ?? join(ROOT, "dist", "cli", "main.js");
const ARGS = [
  ORK,
  "generate",
  "bundle",
  "-f",
  join(ROOT, "examples", "pattern-zoo", "komposer.yaml"),
  "-o",
  "-",
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Native frames that are the module loader at work: reading, stat-ing and compiling module files. */
const MODULE_NATIVES = new Set([
  "openFileHandle",
  "fstat",
  "read",
  "readFileUtf8",
  "internalModuleStat",
  "internalModuleReadJSON",
  "lstat",
  "stat",
  "close",
  "ModuleWrap",
  "link",
  "compileFunction",
  "compileFunctionForCJSLoader",
  "parse",
]);

/** The group a sample's function belongs to, from its script URL (native frames by name). */
function categoryOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collector";
    if (MODULE_NATIVES.has(functionName)) return "module loading";
    if (functionName === "(idle)") return "idle (waiting on I/O)";
    return "V8 and other native code";
  }
  if (url.includes("/node_modules/zod/")) return "zod (schemas, parsing)";
  if (url.includes("/node_modules/yaml/")) return "yaml (parse, stringify)";
  if (url.includes("/node_modules/")) return "other dependencies";
  if (/^node:internal\/modules\//.test(url) || url === "node:path" || url === "node:internal/url")
    return "module loading";
  if (url.startsWith("node:")) return "Node internals";
  return "Komposer's own code";
}

function profileOnce(dir: string): { wallMs: number; byCategory: Map<string, number> } {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=250", ...ARGS],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`ork generate failed: ${run.stderr.toString()}`);
  const [file] = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(join(dir, file!), "utf8")) as CpuProfile;
  rmSync(join(dir, file!));
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byCategory = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const category = categoryOf(frameOf.get(id)!);
    byCategory.set(category, (byCategory.get(category) ?? 0) + profile.timeDeltas[index]! / 1000);
  });
  return { wallMs, byCategory };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ork-cli-profile-"));
  const profiles: ReturnType<typeof profileOnce>[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(await timeChild(process.execPath, ["-e", "0"]));
    profiles.push(profileOnce(dir));
  }
  rmSync(dir, { recursive: true, force: true });
  profiles.sort((a, b) => a.wallMs - b.wallMs);
  const median = profiles[Math.floor(profiles.length / 2)]!;
  const sampled = [...median.byCategory.values()].reduce((sum, ms) => sum + ms, 0);
  const rows = [...median.byCategory].sort((a, b) => b[1] - a[1]);
  const lines = [
    `ork generate bundle of the pattern zoo (embedded, no network), ${runs} profiled runs; median run ${median.wallMs.toFixed(0)} ms wall (profiler on), node -e 0 ${stats(node).median.toFixed(0)} ms`,
    "",
    "| spent on | self ms | share |",
    "|---|---:|---:|",
    ...rows.map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} | ${((100 * ms) / sampled).toFixed(0)}% |`),
    `| all sampled | ${sampled.toFixed(0)} | 100% |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
