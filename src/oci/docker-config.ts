// Registry credentials from Docker's config file, as `docker login` and `oras login` write it: the file named
// by --registry-config, else $DOCKER_CONFIG/config.json, else ~/.docker/config.json. Per host, in Docker's
// order: `credHelpers[host]`, then `credsStore`, then the inline `auths` entry. The operator builds a store
// from pull-secret contents with `credentialStoreFromConfigs` (same format, no helpers).
import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "../core/errors.js";
import { readFileBounded } from "./bounded-read.js";
import { createCredentialHelperRunner, type CredentialHelperRunner } from "./credential-helper.js";

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken`), exchanged at the token service. */
  identityToken?: string;
  /** A bearer token to send as-is (`registrytoken`). */
  registryToken?: string;
}

export interface CredentialStore {
  get(host: string): Promise<Credentials | undefined>;
}

export interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface DockerConfigOptions {
  /** --registry-config: must exist when given. */
  registryConfig?: string;
  env: Readonly<Record<string, string | undefined>>;
  runHelper?: CredentialHelperRunner;
}

export function dockerConfigPath(options: DockerConfigOptions): { path: string; explicit: boolean } {
  if (options.registryConfig) return { path: options.registryConfig, explicit: true };
  if (options.env.DOCKER_CONFIG)
    return { path: join(options.env.DOCKER_CONFIG, "config.json"), explicit: false };
  return { path: join(options.env.HOME ?? homedir(), ".docker", "config.json"), explicit: false };
}

/** A docker config is a few KiB of JSON; 1 MiB leaves room for hundreds of registries. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadDockerConfig(path: string, explicit: boolean): Promise<DockerConfigFile> {
  let text: string;
  try {
    // Bounded, regular files only: `--registry-config /dev/zero` is refused, not read until memory runs out.
    text = new TextDecoder().decode(await readFileBounded(path, { file: path, maxBytes: MAX_CONFIG_BYTES }));
  } catch (error: unknown) {
    if (error instanceof InvalidInputError) throw error;
    if (!explicit && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw configError(
      path,
      `cannot read the registry config (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed;
  } catch {
    throw configError(path, "the registry config is not a JSON object like ~/.docker/config.json");
  }
}

/** Credentials for hosts from the user's docker config; the file is read once, on first use. */
export function createDockerCredentialStore(options: DockerConfigOptions): CredentialStore {
  const { path, explicit } = dockerConfigPath(options);
  const runHelper = options.runHelper ?? createCredentialHelperRunner({ env: options.env });
  let config: Promise<DockerConfigFile> | undefined;
  const memo = new Map<string, Promise<Credentials | undefined>>();
  return {
    get(host) {
      config ??= loadDockerConfig(path, explicit);
      let found = memo.get(host);
      if (!found) {
        found = config.then((c) => credentialsFor(c, host, runHelper));
        memo.set(host, found);
      }
      return found;
    },
  };
}

/** A store over already-loaded configs (e.g. dockerconfigjson pull secrets), first match wins. */
export function credentialStoreFromConfigs(
  configs: readonly DockerConfigFile[],
  fallback?: CredentialStore,
): CredentialStore {
  return {
    async get(host) {
      for (const config of configs) {
        const found = inlineCredentials(config, host);
        if (found) return found;
      }
      return fallback?.get(host);
    },
  };
}

export async function credentialsFor(
  config: DockerConfigFile,
  host: string,
  runHelper: CredentialHelperRunner,
): Promise<Credentials | undefined> {
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (helper) {
    const fromHelper = await runHelper(helper, host);
    if (fromHelper) return fromHelper;
  }
  return inlineCredentials(config, host);
}

export function inlineCredentials(config: DockerConfigFile, host: string): Credentials | undefined {
  const wanted = normalizeHost(host);
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (normalizeHost(key) !== wanted || typeof entry !== "object" || entry === null) continue;
    const creds: Credentials = { ...basicCredentials(entry), ...tokenCredentials(entry) };
    if (Object.keys(creds).length > 0) return creds;
  }
  return undefined;
}

type AuthEntry = NonNullable<DockerConfigFile["auths"]>[string];

/** `username`/`password` fields win over the base64 `auth` field, as in Docker's own client. */
function basicCredentials(entry: AuthEntry): Pick<Credentials, "username" | "password"> {
  if (typeof entry.username === "string" && typeof entry.password === "string") {
    return { username: entry.username, password: entry.password };
  }
  if (typeof entry.auth !== "string" || entry.auth === "") return {};
  const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : {};
}

function tokenCredentials(entry: AuthEntry): Pick<Credentials, "identityToken" | "registryToken"> {
  const creds: Pick<Credentials, "identityToken" | "registryToken"> = {};
  if (typeof entry.identitytoken === "string" && entry.identitytoken !== "")
    creds.identityToken = entry.identitytoken;
  if (typeof entry.registrytoken === "string" && entry.registrytoken !== "")
    creds.registryToken = entry.registrytoken;
  return creds;
}

/** `https://ghcr.io/v1/`, `ghcr.io`, `GHCR.IO` all name the same registry; Docker Hub's legacy key too. */
export function normalizeHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return host === "index.docker.io" || host === "registry-1.docker.io" ? "docker.io" : host;
}

function configError(path: string, message: string): InvalidInputError {
  return new InvalidInputError("InvalidRegistryConfig", [
    { file: path, path: "", message, severity: "error" },
  ]);
}
