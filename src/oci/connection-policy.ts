// Which hosts the registry client may open a connection to, checked before every request it sends: the
// registry itself, each redirect hop (a blob redirect to a storage host), each token realm. Built from the
// `--allowed-registries` list plus the mirror targets the user configured (they named those hosts themselves).
// Without a list, everything is allowed, as before.
import { RegistryError } from "../core/errors.js";
import { allowsHost, restricts, type AllowList } from "../core/registry-allow-list.js";

export interface ConnectionPolicy {
  allows(host: string): boolean;
  /** The flag as written, for messages. */
  readonly flag: string;
}

export function createConnectionPolicy(
  list: AllowList | undefined,
  configuredHosts: Iterable<string> = [],
): ConnectionPolicy | undefined {
  if (!restricts(list)) return undefined;
  const extra = new Set([...configuredHosts].map((h) => h.toLowerCase()));
  return {
    allows: (host) => extra.has(host.toLowerCase()) || allowsHost(list, host),
    flag: list.flag,
  };
}

/**
 * Throws before a request to `url` when the policy does not allow its host. `how` says why we would go there
 * (`a redirect from ghcr.io`, `the token realm of ghcr.io`), so the message tells which server pointed where.
 */
export function checkConnection(
  policy: ConnectionPolicy | undefined,
  url: URL,
  what: string,
  how: string,
): void {
  if (!policy || policy.allows(url.host)) return;
  throw new RegistryError(
    "RegistryNotAllowed",
    `${what}: ${how} points to ${url.host}, which is not in ${policy.flag}; nothing was sent there. ` +
      `Add ${url.host} to --allowed-registries if you trust it`,
  );
}
