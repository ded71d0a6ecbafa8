// Debian's docker-registry (CNCF distribution 2.8) on 127.0.0.1 with filesystem storage. Debian's own config
// enables htpasswd on :5000, so we always write our own. An optional htpasswd user makes the auth instance;
// an optional token service makes a Bearer-token instance (token-registry.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { startProcess, waitFor, type ManagedProcess } from "./process.js";

export const DOCKER_REGISTRY = "/usr/bin/docker-registry";

export interface RegistryInstance {
  host: string;
  storageDir: string;
  process: ManagedProcess;
}

export interface RegistryOptions {
  name: string;
  workDir: string;
  /** When set, the registry requires HTTP basic auth with this user. */
  basicAuth?: { username: string; password: string };
  /** When set, the registry requires Bearer tokens from this token service, signed by the key of this cert. */
  tokenAuth?: { realm: string; service: string; issuer: string; rootCertBundle: string };
  /** Listen on this port (e.g. to bring a stopped registry back where clients expect it); default: a free one. */
  port?: number;
}

/** Installs Debian's docker-registry when it is missing (root and Debian's archive are available here). */
export function ensureDockerRegistry(): string {
  if (existsSync(DOCKER_REGISTRY)) return DOCKER_REGISTRY;
  try {
    execFileSync("apt-get", ["install", "-y", "-qq", "docker-registry", "apache2-utils"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (error) {
    throw new Error(
      `docker-registry: not installed and 'apt-get install docker-registry' failed (run 'apt-get update' first?): ${String(error)}`,
    );
  }
  if (!existsSync(DOCKER_REGISTRY))
    throw new Error(`docker-registry: installed, but ${DOCKER_REGISTRY} is missing`);
  return DOCKER_REGISTRY;
}

export function writeHtpasswd(file: string, users: Readonly<Record<string, string>>): void {
  // The registry and its token server accept bcrypt entries only; htpasswd (apache2-utils) makes them.
  const lines = Object.entries(users).map(([username, password]) =>
    execFileSync("htpasswd", ["-nbB", username, password], { encoding: "utf8" }).trim(),
  );
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}

export async function startRegistry(options: RegistryOptions): Promise<RegistryInstance> {
  const binary = ensureDockerRegistry();
  const dir = join(options.workDir, options.name);
  const storageDir = join(dir, "storage");
  mkdirSync(storageDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const auth = options.basicAuth
    ? (() => {
        const file = join(dir, "htpasswd");
        writeHtpasswd(file, { [options.basicAuth.username]: options.basicAuth.password });
        return `auth:\n  htpasswd:\n    realm: komposer-test\n    path: ${file}\n`;
      })()
    : options.tokenAuth
      ? [
          "auth:",
          "  token:",
          `    realm: ${options.tokenAuth.realm}`,
          `    service: ${options.tokenAuth.service}`,
          `    issuer: ${options.tokenAuth.issuer}`,
          `    rootcertbundle: ${options.tokenAuth.rootCertBundle}`,
          "",
        ].join("\n")
      : "";
  const config = join(dir, "config.yml");
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: warn",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${storageDir}`,
      "  delete:",
      "    enabled: true",
      "  cache:",
      // No blob descriptor cache: tests tamper with blobs on disk and must see the registry read them again.
      "    blobdescriptor: ''",
      "http:",
      `  addr: ${host}`,
      "  secret: komposer-test-secret",
      "",
    ].join("\n") + auth,
  );
  const proc = startProcess({
    name: options.name,
    command: binary,
    args: ["serve", config],
    logDir: options.workDir,
  });
  await waitFor(
    `${options.name} (docker-registry on ${host})`,
    async () => {
      const res = await fetch(`http://${host}/v2/`);
      return res.status === 200 || res.status === 401;
    },
    { timeoutMs: 20000, process: proc },
  );
  return { host, storageDir, process: proc };
}
