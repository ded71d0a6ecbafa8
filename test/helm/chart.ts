// Runs the real helm against the chart in helm/ and the real test API server, and parses what it renders.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { loadTestEnv } from "../env/state.js";
import { kubectl } from "../support/kube.js";
import type { KubeObject } from "../../src/api/effective.js";

export const CHART_DIR = fileURLToPath(new URL("../../helm", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A rendered manifest, as plain data (the same shape the bundle renderer uses). */
export type K8sObject = KubeObject;

/** Runs helm with the admin kubeconfig; resolves with the exit code instead of throwing. */
export function runHelm(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<RunResult> {
  const env = loadTestEnv();
  return new Promise((done) => {
    execFile(
      env.bin.helm,
      [...args, "--kubeconfig", env.kubeconfig],
      {
        timeout: options.timeoutMs ?? 170_000,
        maxBuffer: 32 * 1024 * 1024,
        encoding: "utf8",
        // Keep helm's caches and repository config out of the developer's home.
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: env.workDir,
          HELM_CACHE_HOME: join(env.workDir, "helm-cache"),
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Like runHelm, but a non-zero exit is an error that shows helm's stderr. */
export async function helmOk(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const result = await runHelm(args, options);
  if (result.code !== 0)
    throw new Error(`helm ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

let serverVersion: Promise<string> | undefined;

/**
 * The API server's version, for `helm template`/`helm lint` (which run offline). A helm built with `go install`
 * defaults to Kubernetes v1.20, below the chart's kubeVersion; the server's real version is what matters.
 */
export function kubeVersion(): Promise<string> {
  serverVersion ??= kubectl(["version", "-o", "json"]).then(
    (out) => (JSON.parse(out) as { serverVersion: { gitVersion: string } }).serverVersion.gitVersion,
  );
  return serverVersion;
}

/** Writes a values file (JSON is YAML) in a fresh temp dir and returns its path. */
export function writeValues(values: Record<string, unknown>): string {
  const dir = mkdtempSync(join(loadTestEnv().workDir, "helm-values-"));
  const file = join(dir, "values.yaml");
  writeFileSync(file, JSON.stringify(values, null, 2));
  return file;
}

export interface RenderOptions {
  release?: string;
  namespace: string;
  values?: Record<string, unknown>;
  includeCrds?: boolean;
}

export function templateArgs(options: RenderOptions, version: string): string[] {
  const args = [
    "template",
    options.release ?? "komposer",
    CHART_DIR,
    "-n",
    options.namespace,
    "--kube-version",
    version,
  ];
  if (options.includeCrds) args.push("--include-crds");
  if (options.values) args.push("-f", writeValues(options.values));
  return args;
}

/** `helm template` of the chart; rejects when helm refuses (schema, fail, bad template). */
export async function renderChart(options: RenderOptions): Promise<string> {
  return helmOk(templateArgs(options, await kubeVersion()));
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

export function findObject(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
  namespace?: string,
): K8sObject {
  const found = objects.find(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (!found) {
    const have = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ");
    throw new Error(`no ${kind}/${name}${namespace ? ` in ${namespace}` : ""} among: ${have}`);
  }
  return found;
}

/** Server-side dry-run apply with the real API server: schema, admission and field validation, nothing stored. */
export function applyDryRun(manifests: string): Promise<string> {
  return kubectl(
    ["apply", "--server-side", "--dry-run=server", "--field-manager=helm-chart-test", "-f", "-"],
    {
      input: manifests,
    },
  );
}
