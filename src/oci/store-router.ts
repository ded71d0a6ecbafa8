// Picks the store for a reference's registry host: the mirror target when one is configured (another
// registry or an OCI image layout), else the registry itself. One transport (and so one auth cache) is shared.
// With `allowedRegistries`, each store refuses repositories outside the list before any request, and the
// transport refuses every connection (redirect hop, token realm) to a host outside it; mirror targets count.
import { restricts, type AllowList } from "../core/registry-allow-list.js";
import { restrictStore } from "./allowed-store.js";
import { createConnectionPolicy } from "./connection-policy.js";
import { createDockerCredentialStore, type CredentialStore } from "./docker-config.js";
import { HttpTransport, type TransportOptions } from "./http-transport.js";
import { ImageLayout } from "./image-layout.js";
import type { Mirrors } from "./mirrors.js";
import { RegistryClient } from "./registry-client.js";
import type { ContentStore } from "./store.js";

/** The transport settings a caller may pass through unchanged (credentials and plain-HTTP hosts are ours). */
const TRANSPORT_KEYS = [
  "plainHttp",
  "timeoutMs",
  "retry",
  "fetch",
  "now",
  "onRequest",
  "userAgent",
  "deadline",
] as const;

export interface RegistryAccessOptions extends Pick<TransportOptions, (typeof TRANSPORT_KEYS)[number]> {
  /** The environment (DOCKER_CONFIG, HOME, PATH for credential helpers); never read from process.env here. */
  env: Readonly<Record<string, string | undefined>>;
  /** A docker config file to use instead of ~/.docker/config.json (`--registry-config`). */
  registryConfig?: string;
  /** Credentials from elsewhere (the operator's pull secrets); replaces the docker config lookup. */
  credentials?: CredentialStore;
  mirrors?: Mirrors;
  /**
   * `--allowed-registries`: references outside it are refused before any request, and so is every connection
   * (redirect, token realm) to a host outside it. The configured mirror targets are allowed hosts.
   */
  allowedRegistries?: AllowList;
}

export interface StoreRouter {
  storeFor(registry: string): ContentStore;
}

export function createStoreRouter(options: RegistryAccessOptions): StoreRouter {
  const plainHttpHosts = new Set<string>();
  const mirrorHosts = new Set<string>();
  for (const [source, target] of options.mirrors ?? []) {
    if (target.kind !== "registry") continue;
    // A mirror onto itself only switches the scheme (the operator's --plain-http-registries): no new host.
    if (target.host !== source) mirrorHosts.add(target.host);
    if (target.plainHttp) plainHttpHosts.add(target.host);
  }
  const allowed = options.allowedRegistries;
  const connections = createConnectionPolicy(allowed, mirrorHosts);
  const transport = new HttpTransport({
    credentials: options.credentials ?? createDockerCredentialStore(dockerConfigOptions(options)),
    plainHttpHosts,
    ...(connections ? { connections } : {}),
    ...pick(options, TRANSPORT_KEYS),
  });
  const stores = new Map<string, ContentStore>();
  return {
    storeFor(registry) {
      let store = stores.get(registry);
      if (!store) {
        const target = options.mirrors?.get(registry);
        if (target?.kind === "layout") store = new ImageLayout(target.path, options.onRequest);
        else if (target?.kind === "registry")
          store = new RegistryClient(target.host, transport, target.repositoryPrefix);
        else store = new RegistryClient(registry, transport);
        if (restricts(allowed)) store = restrictStore(store, registry, allowed);
        stores.set(registry, store);
      }
      return store;
    },
  };
}

function dockerConfigOptions(options: RegistryAccessOptions) {
  return options.registryConfig
    ? { env: options.env, registryConfig: options.registryConfig }
    : { env: options.env };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
