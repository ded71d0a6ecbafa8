// Cluster-side helpers for the operator's end-to-end tests: the Komposer CRD, Komposers written as users
// write them (YAML through kubectl), the runtime Deployment on kwok nodes, katalogs pushed with `ork push`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as k8s from "@kubernetes/client-node";
import type { KomposerStatus } from "../../../src/api/komposer-status.js";
import { isNotFound } from "../../../src/kube/errors.js";
import { adminKubeConfig, kubectl } from "../../support/kube.js";
import { runOrk } from "../../support/ork-cli.js";
import { waitFor } from "./operator.js";

export const CRD_FILE = fileURLToPath(
  new URL("../../../crds/komposers.orkestra.orkspace.io.yaml", import.meta.url),
);
export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export async function installCrd(): Promise<void> {
  await kubectl(["apply", "--server-side", "--force-conflicts", "-f", CRD_FILE]);
  await kubectl([
    "wait",
    "--for=condition=Established",
    "crd/komposers.orkestra.orkspace.io",
    "--timeout=60s",
  ]);
}

export async function pushKatalog(ref: string, dir: string): Promise<string> {
  const result = await runOrk(["push", ref, dir, "--output", "json"]);
  if (result.code !== 0) throw new Error(`ork push ${ref} failed (${result.code}): ${result.stderr}`);
  const match = /sha256:[a-f0-9]{64}/.exec(result.stdout + result.stderr);
  if (!match) throw new Error(`ork push printed no digest: ${result.stdout}`);
  return match[0];
}

export interface KomposerSpecInput {
  name: string;
  /** References, or import objects (`{url, useKomposer: true}`) as a user writes them. */
  imports: ReadonlyArray<string | Record<string, unknown>>;
  restartToken?: string;
  extraSpec?: Record<string, unknown>;
}

export function komposerYaml(input: KomposerSpecInput): string {
  const spec: Record<string, unknown> = { ...(input.extraSpec ?? {}) };
  if (input.restartToken !== undefined) spec.restartToken = input.restartToken;
  const doc = {
    apiVersion: "orkestra.orkspace.io/v1",
    kind: "Komposer",
    metadata: { name: input.name, annotations: { "orkestra.orkspace.io/version": "1.0.0" } },
    imports: { registry: [...input.imports] },
    spec,
  };
  return JSON.stringify(doc, null, 2);
}

export async function applyKomposer(
  namespace: string,
  input: KomposerSpecInput,
  kubeconfig?: string,
): Promise<void> {
  await kubectl(["apply", "-n", namespace, "-f", "-"], {
    input: komposerYaml(input),
    ...(kubeconfig ? { kubeconfig } : {}),
  });
}

export interface KomposerJson {
  metadata: { name: string; namespace: string; generation: number; uid: string; finalizers?: string[] };
  spec?: Record<string, unknown>;
  status?: KomposerStatus;
}

/** The Komposer, or undefined when the API server says it does not exist; any other failure throws. */
export async function getKomposer(namespace: string, name: string): Promise<KomposerJson | undefined> {
  // --ignore-not-found prints nothing for a 404 only; auth and connection errors still exit non-zero.
  const out = await kubectl(["get", "komposer", name, "-n", namespace, "-o", "json", "--ignore-not-found"]);
  return out.trim() === "" ? undefined : (JSON.parse(out) as KomposerJson);
}

export function condition(k: KomposerJson | undefined, type: string) {
  return k?.status?.conditions?.find((c) => c.type === type);
}

export async function waitForCondition(
  namespace: string,
  name: string,
  type: string,
  status: "True" | "False",
  extra: (k: KomposerJson) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<KomposerJson> {
  return waitFor(
    `${namespace}/${name} ${type}=${status}`,
    async () => {
      const k = await getKomposer(namespace, name);
      return k && condition(k, type)?.status === status && extra(k) ? k : undefined;
    },
    timeoutMs,
  );
}

/** Ready=True with an active bundle: the Komposer was reconciled and its bundle activated. */
export function waitForActive(namespace: string, name: string, timeoutMs = 60_000): Promise<KomposerJson> {
  return waitForCondition(namespace, name, "Ready", "True", (k) => !!k.status?.active, timeoutMs);
}

export const core = () => adminKubeConfig().makeApiClient(k8s.CoreV1Api);
export const apps = () => adminKubeConfig().makeApiClient(k8s.AppsV1Api);
export const rbac = () => adminKubeConfig().makeApiClient(k8s.RbacAuthorizationV1Api);

export async function configMaps(namespace: string): Promise<k8s.V1ConfigMap[]> {
  return (await core().listNamespacedConfigMap({ namespace })).items.filter((c) =>
    c.metadata?.name?.startsWith("orkestra-katalog"),
  );
}

/** The ClusterRole, or undefined on a 404; any other failure (auth, connection, 5xx) throws. */
export async function readClusterRole(name: string): Promise<k8s.V1ClusterRole | undefined> {
  try {
    return await rbac().readClusterRole({ name });
  } catch (error: unknown) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The runtime Deployment the Komposer restarts; kwok's fake nodes make its pods Ready. */
export async function createRuntimeDeployment(namespace: string, replicas = 2): Promise<void> {
  const labels = { app: "orkestra-runtime" };
  await apps().createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: "orkestra-runtime", labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "runtime",
                image: "ghcr.io/orkspace/orkestra:0.7.0",
                args: ["run", "--file", "/etc/orkestra/katalog/katalog.yaml"],
              },
            ],
          },
        },
      },
    },
  });
}

export async function readDeployment(namespace: string): Promise<k8s.V1Deployment> {
  return apps().readNamespacedDeployment({ namespace, name: "orkestra-runtime" });
}

export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}

export function fixtureText(name: string): string {
  return readFileSync(fixture(name), "utf8");
}
