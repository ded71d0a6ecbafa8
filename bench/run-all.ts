// `npm run bench`: every benchmark in bench/, one after the other so they never compete for the machine, each
// printing its own table and writing JSON under bench/results/. A benchmark is a bench/*.ts that no other
// bench module imports: shared modules (stats.ts, bench/support/) are imported, and running one would only
// load it and exit 0, pretending a benchmark passed.
// Stops at the first failing benchmark with its exit code. BENCH_ONLY=generate,pull runs a subset.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s !== "");

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "results" ? [] : modulesUnder(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Absolute paths of the bench modules other bench modules import (`./stats.js` → bench/stats.ts). */
function importedModules(): Set<string> {
  const imported = new Set<string>();
  for (const file of modulesUnder(BENCH_DIR)) {
    for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)\.js"/g)) {
      imported.add(resolve(dirname(file), `${m[1]}.ts`));
    }
  }
  return imported;
}

function benchmarks(): string[] {
  const shared = importedModules();
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".ts") && f !== basename(fileURLToPath(import.meta.url)))
    .filter((f) => !shared.has(join(BENCH_DIR, f)))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, "")))
    .sort();
}

function run(file: string): Promise<number> {
  return new Promise((done, fail) => {
    // tsx's loader, as `npx tsx bench/<name>.ts` would run it, inheriting stdio so tables print as they come.
    const child = spawn(process.execPath, ["--import", "tsx", join(BENCH_DIR, file)], { stdio: "inherit" });
    child.on("error", fail);
    child.on("close", (code) => done(code ?? 1));
  });
}

const files = benchmarks();
if (files.length === 0)
  throw new Error(`no benchmarks to run in ${BENCH_DIR}${only.length ? ` matching ${only.join(",")}` : ""}`);
for (const file of files) {
  process.stdout.write(`\n=== bench/${file}\n`);
  const started = Date.now();
  const code = await run(file);
  if (code !== 0) {
    process.stderr.write(`bench/${file} failed with exit code ${code}\n`);
    process.exit(code);
  }
  process.stdout.write(`=== bench/${file} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
