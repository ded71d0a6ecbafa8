// Reads test/env/versions.env (the one file that pins every component) and says where each binary lives.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export interface Versions {
  KUBERNETES_VERSION: string;
  ETCD_VERSION: string;
  KWOK_VERSION: string;
  ORAS_VERSION: string;
  HELM_VERSION: string;
  HELM_BUILD: string;
  ARGOCD_VERSION: string;
  ARGOCD_GO_TOOLCHAIN: string;
  DISTRIBUTION_TOKEN_SERVER_VERSION: string;
  IMAGE_DEBIAN_SUITE: string;
  IMAGE_NODE_VERSION: string;
  IMAGE_NPM_VERSION: string;
  IMAGE_BASE_BUILD: string;
}

export function readVersions(): Versions {
  const text = readFileSync(join(here, "versions.env"), "utf8");
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split("=", 2) as [string, string]);
  return Object.fromEntries(entries) as unknown as Versions;
}

export function cacheDir(): string {
  return process.env.KOMPOSER_TESTENV_CACHE ?? join(homedir(), ".cache", "komposer-testenv");
}

export interface ToolPaths {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  etcd: string;
  kwok: string;
  oras: string;
  helm: string;
  argocdLua: string;
  tokenServer: string;
}

/** The wrapper around Argo CD's Lua VM; build-tools.sh keys its cache entry by this file's content. */
export const ARGOCD_LUA_SOURCE = join(here, "..", "argocd", "argocd-lua", "main.go");

/** The first 12 hex digits of a file's SHA-256, as `sha256sum | cut -c1-12` prints them. */
function sourceSum(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 12);
}

export function toolPaths(v: Versions = readVersions()): ToolPaths {
  const bin = (component: string, version: string, name: string): string =>
    join(cacheDir(), `${component}-${version}`, "bin", name);
  const kube = (name: string): string => bin("kubernetes", v.KUBERNETES_VERSION, name);
  return {
    kubeApiserver: kube("kube-apiserver"),
    kubeControllerManager: kube("kube-controller-manager"),
    kubeScheduler: kube("kube-scheduler"),
    kubectl: kube("kubectl"),
    etcd: bin("etcd", v.ETCD_VERSION, "etcd"),
    kwok: bin("kwok", v.KWOK_VERSION, "kwok"),
    oras: bin("oras", v.ORAS_VERSION, "oras"),
    helm: bin("helm", `${v.HELM_VERSION}+${v.HELM_BUILD}`, "helm"),
    argocdLua: bin(
      "argocd-lua",
      `${v.ARGOCD_VERSION}-${v.ARGOCD_GO_TOOLCHAIN}+${sourceSum(ARGOCD_LUA_SOURCE)}`,
      "argocd-lua",
    ),
    tokenServer: bin("token-server", v.DISTRIBUTION_TOKEN_SERVER_VERSION, "token-server"),
  };
}

export const buildScript = join(here, "build-tools.sh");
