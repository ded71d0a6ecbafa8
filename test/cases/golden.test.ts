// Golden folder tests (conventions.md, Tests): each test/cases/<name>/ publishes its katalogs to the real test
// registry with the built `ork push`, runs the built `ork generate`, and compares exit code, stdout and stderr
// with expected/. Every bundle the CLI prints is applied to the real kube-apiserver with a server-side dry run,
// so "expected" never drifts into something Kubernetes would refuse. UPDATE_GOLDEN=1 rewrites expected/
// (exit codes are declared in case.yaml and are never rewritten). See test/cases/README.md.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { kubectl } from "../support/kube.js";
import { runOrk } from "../support/ork-cli.js";
import { strictPayloadProblems } from "../support/strict-payload.js";
import {
  listGoldenCases,
  readGoldenCase,
  type GenerateStep,
  type GoldenCase,
  type LockStep,
  type PushStep,
} from "./golden-case.js";

const CASES_DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** Pushes use a fixed creation time, so artifact digests (in locks and digest errors) are stable. */
const SOURCE_DATE_EPOCH = "1767225600";
const PLACEHOLDER = "${REGISTRY}";

let env: TestEnv;
let work: string;
beforeAll(() => {
  env = loadTestEnv();
  work = mkdtempSync(join(env.workDir, "golden-"));
});

/** What `${REGISTRY}` stands for in one case: a repository prefix of its own on the test registry. */
const registryPrefix = (c: GoldenCase) => `${env.registry.host}/golden/${c.name}`;

function substitute(text: string, c: GoldenCase): string {
  return text.split(PLACEHOLDER).join(registryPrefix(c));
}

/** The reverse, so expected files hold the placeholder and never a port number. */
function normalise(text: string, c: GoldenCase): string {
  return text.split(registryPrefix(c)).join(PLACEHOLDER).split(env.registry.host).join("${REGISTRY_HOST}");
}

/** Copies a folder with `${REGISTRY}` substituted in every YAML file (packs reference other artifacts). */
function copySubstituted(from: string, to: string, c: GoldenCase): void {
  cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      if (src.endsWith(".yaml")) {
        mkdirSync(dirname(join(to, src.slice(from.length))), { recursive: true });
        writeFileSync(join(to, src.slice(from.length)), substitute(readFileSync(src, "utf8"), c));
        return false;
      }
      return true;
    },
  });
}

/** Compares with the expected file (absent = empty), or rewrites it under UPDATE_GOLDEN=1. */
function expectGolden(c: GoldenCase, name: string, actual: string): void {
  const file = join(c.dir, "expected", name);
  if (UPDATE) {
    if (actual === "") rmSync(file, { force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
    }
    return;
  }
  const expected = existsSync(file) ? readFileSync(file, "utf8") : "";
  expect({ file: `${c.name}/expected/${name}`, text: actual }).toEqual({
    file: `${c.name}/expected/${name}`,
    text: expected,
  });
}

async function ensureNamespace(name: string): Promise<void> {
  try {
    await kubectl(["create", "namespace", name]);
  } catch (error) {
    if (!/AlreadyExists/.test(String(error))) throw error;
  }
}

/** Kubernetes must accept every object: namespaces are created for real, the rest is a server-side dry run. */
async function applyDryRun(yaml: string, caseDir: string, name: string): Promise<void> {
  const docs = parseAllDocuments(yaml).map(
    (d) => d.toJS() as { kind?: string; metadata?: { name?: string } },
  );
  expect(docs.length).toBeGreaterThan(0);
  for (const doc of docs)
    if (doc.kind === "Namespace" && doc.metadata?.name) await ensureNamespace(doc.metadata.name);
  const file = join(caseDir, `${name}.applied.yaml`);
  writeFileSync(file, yaml);
  const out = await kubectl(["apply", "--server-side", "--dry-run=server", "-f", file]);
  expect(out.trim().split("\n")).toHaveLength(docs.length);
}

async function runPush(c: GoldenCase, caseWork: string, step: PushStep): Promise<void> {
  const dir = join(caseWork, "pushed", step.dir, step.ref.replace(/[^a-z0-9]+/gi, "-"));
  copySubstituted(join(c.dir, step.dir), dir, c);
  const result = await runOrk(["push", `oci://${registryPrefix(c)}/${step.ref}`, dir], {
    env: { SOURCE_DATE_EPOCH },
  });
  expect({ push: step, ...result }).toMatchObject({ push: step, code: 0 });
}

async function runGenerate(c: GoldenCase, caseWork: string, step: GenerateStep): Promise<void> {
  const result = await runOrk(["generate", step.part, "-f", "komposer.yaml", "-o", "-", ...step.args], {
    cwd: caseWork,
  });
  // The exit code is the case's declared intent; a mismatch fails even while updating expected files.
  expect({ step: step.expect, code: result.code, stderr: result.stderr }).toMatchObject({
    step: step.expect,
    code: step.exitCode,
  });
  const stdout = normalise(result.stdout, c);
  const stderr = normalise(result.stderr, c);
  if (step.exitCode === 0) {
    expectGolden(c, `${step.expect}.yaml`, stdout);
    expectGolden(c, `${step.expect}.stderr.txt`, stderr);
    await applyDryRun(result.stdout, caseWork, step.expect);
    // The payload is one the target runtime decodes: checked against the strict model of its generation.
    if (step.part !== "rbac")
      expect({ case: c.name, problems: strictPayloadProblems(result.stdout) }).toEqual({
        case: c.name,
        problems: [],
      });
  } else {
    expect(result.stdout).toBe("");
    expectGolden(c, `${step.expect}.txt`, stderr);
  }
}

function checkLock(c: GoldenCase, caseWork: string, step: LockStep): void {
  const file = join(caseWork, "komposer.lock");
  expect(existsSync(file)).toBe(true);
  expectGolden(c, step.expect, normalise(readFileSync(file, "utf8"), c));
}

describe("golden cases (built ork, real registry, real API server)", () => {
  it.each(listGoldenCases(CASES_DIR))("%s", async (name) => {
    const c = readGoldenCase(CASES_DIR, name);
    const caseWork = join(work, name);
    mkdirSync(caseWork, { recursive: true });
    copySubstituted(c.dir, caseWork, c);
    rmSync(join(caseWork, "expected"), { recursive: true, force: true });
    for (const step of c.steps) {
      if (step.kind === "push") await runPush(c, caseWork, step);
      else if (step.kind === "generate") await runGenerate(c, caseWork, step);
      else checkLock(c, caseWork, step);
    }
  });
});
