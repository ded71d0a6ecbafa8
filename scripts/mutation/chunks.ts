// Which source files one `stryker run` mutates at a time. A full run of src/core is about 4,000 mutants and
// takes hours on two cores, so it is split: each chunk keeps its own incremental result under test/mutation/,
// a chunk that is interrupted loses only itself, and a later run re-tests only mutants whose source or
// covering tests changed. The last chunk of each area takes every file the others did not name, so a new
// file is never left out of the score.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface Chunk {
  /** Names the incremental file: test/mutation/<name>.json. */
  name: string;
  /** The area whose score this chunk counts towards. */
  area: "src/core" | "src/oci" | "src/controller";
  /** File name patterns (matched against the path relative to the area); undefined: the rest of the area. */
  match?: RegExp;
}

export const CHUNKS: readonly Chunk[] = [
  { name: "core-reference-plan", area: "src/core", match: /^(reference|plan|json-diff|import-chain)\.ts$/ },
  { name: "core-rbac", area: "src/core", match: /rbac/ },
  { name: "core-runtime-schema", area: "src/core", match: /^runtime-schema\// },
  {
    name: "core-documents",
    area: "src/core",
    match: /^(yaml-|schema-problems|document-checks|unknown-fields|field-path|parse-document|canonical-yaml)/,
  },
  {
    name: "core-resolution",
    area: "src/core",
    match:
      /^(artifact|resolve|registry-allow|drop-sources|import-sources|lock-file|limiter|settle|digest|katalog-doc)/,
  },
  {
    name: "core-bundle",
    area: "src/core",
    match:
      /^(render-bundle|bundle-|kubectl-check|override-removals|apply-overrides|crd-set|runtime-payload|compose|merge-patch|object-meta)/,
  },
  { name: "core-rest", area: "src/core" },
  { name: "oci", area: "src/oci" },
  // The controller is mostly I/O glue; its decision functions (retry and backoff, conditions, status, which
  // revisions to keep, shared tag lookups, the work queue) are what a unit test can pin down.
  {
    name: "controller-decisions",
    area: "src/controller",
    match:
      /^(reconcile-result|rate-limiter|work-queue|komposer\/(conditions|status|revisions|shared-tag-heads))\.ts$/,
  },
];

/** The files an area is scored on: all of them when it has a catch-all chunk, else those its chunks name. */
export function scoredFiles(area: string, files: readonly string[]): string[] {
  const chunks = CHUNKS.filter((chunk) => chunk.area === area);
  if (chunks.some((chunk) => chunk.match === undefined)) return [...files];
  return files.filter((file) => chunks.some((chunk) => chunk.match?.test(file.slice(area.length + 1))));
}

/**
 * Source files of an area that mutation testing looks at: TypeScript, not tests, sorted, and with code that
 * runs. A file of only types and interfaces (src/core/artifact.ts) compiles to nothing, so Stryker makes no
 * mutant of it and writes no result for it; counting it would leave the area "without a result" forever.
 */
export function sourceFiles(root: string, area: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && hasRuntimeCode(path))
        found.push(relative(root, path));
    }
  };
  walk(join(root, area));
  return found.sort();
}

/** Whether TypeScript source compiles to any JavaScript statement besides `export {}`. */
export function hasRuntimeCode(path: string): boolean {
  const output = ts.transpileModule(readFileSync(path, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
  }).outputText;
  return output.replace(/export \{\};?/g, "").trim() !== "";
}

/** Files of each chunk: every source file of an area belongs to exactly one chunk. */
export function filesByChunk(files: Record<string, readonly string[]>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const taken = new Set<string>();
  for (const chunk of CHUNKS) {
    const own = (files[chunk.area] ?? []).filter((file) => {
      if (taken.has(file)) return false;
      const inArea = file.slice(chunk.area.length + 1);
      return chunk.match === undefined || chunk.match.test(inArea);
    });
    own.forEach((file) => taken.add(file));
    result.set(chunk.name, own);
  }
  return result;
}
