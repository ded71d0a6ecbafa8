// Reads one golden case folder (test/cases/<name>/) into the steps the runner performs. The format is described
// in test/cases/README.md; a case without case.yaml pushes every folder under katalogs/ as `<folder>:v1` and
// runs `ork generate bundle -f komposer.yaml -o -` once.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** Publish a folder of the case (after placeholder substitution) with the built `ork push`. */
export interface PushStep {
  kind: "push";
  /** Folder inside the case, e.g. `katalogs/base`. */
  dir: string;
  /** Reference below the case's registry prefix, e.g. `base:v1`. */
  ref: string;
}

/** Run `ork generate <part>` and compare its output with expected/<expect>.*. */
export interface GenerateStep {
  kind: "generate";
  part: "bundle" | "configmap" | "rbac";
  args: string[];
  exitCode: number;
  /** Basename under expected/: `<expect>.yaml` (stdout on success), `<expect>.txt` (stderr on failure). */
  expect: string;
}

/** Compare the komposer.lock the CLI wrote with expected/<expect>. */
export interface LockStep {
  kind: "lock";
  expect: string;
}

export type CaseStep = PushStep | GenerateStep | LockStep;

export interface GoldenCase {
  name: string;
  dir: string;
  steps: CaseStep[];
}

interface RawStep {
  push?: { dir: string; ref: string }[];
  generate?: { part?: GenerateStep["part"]; args?: string[]; exitCode?: number; expect?: string };
  lock?: string;
}

interface RawCase {
  push?: { dir: string; ref: string }[];
  args?: string[];
  exitCode?: number;
  steps?: RawStep[];
}

function defaultPushes(dir: string): PushStep[] {
  const katalogs = join(dir, "katalogs");
  if (!existsSync(katalogs)) return [];
  return readdirSync(katalogs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ kind: "push", dir: join("katalogs", name), ref: `${name}:v1` }));
}

function generateStep(raw: RawStep["generate"] & object): GenerateStep {
  const exitCode = raw.exitCode ?? 0;
  return {
    kind: "generate",
    part: raw.part ?? "bundle",
    args: raw.args ?? [],
    exitCode,
    expect: raw.expect ?? (exitCode === 0 ? "bundle" : "error"),
  };
}

function stepsOf(raw: RawStep): CaseStep[] {
  const steps: CaseStep[] = [];
  for (const p of raw.push ?? []) steps.push({ kind: "push", dir: p.dir, ref: p.ref });
  if (raw.generate) steps.push(generateStep(raw.generate));
  if (raw.lock) steps.push({ kind: "lock", expect: raw.lock });
  return steps;
}

export function readGoldenCase(casesDir: string, name: string): GoldenCase {
  const dir = join(casesDir, name);
  const file = join(dir, "case.yaml");
  const raw = (existsSync(file) ? parse(readFileSync(file, "utf8")) : {}) as RawCase | null;
  const spec = raw ?? {};
  if (spec.steps) return { name, dir, steps: spec.steps.flatMap(stepsOf) };
  const pushes: PushStep[] = spec.push
    ? spec.push.map((p) => ({ kind: "push", dir: p.dir, ref: p.ref }))
    : defaultPushes(dir);
  const generate = generateStep({
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.exitCode !== undefined ? { exitCode: spec.exitCode } : {}),
  });
  return { name, dir, steps: [...pushes, generate] };
}

/** Every case folder: directories with a komposer.yaml, except `_pending` and other `_`-prefixed folders. */
export function listGoldenCases(casesDir: string): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
    .filter((e) => existsSync(join(casesDir, e.name, "komposer.yaml")))
    .map((e) => e.name)
    .sort();
}
