// The `--allowed-registries` policy, shared by the operator and `ork`: which artifacts may be imported and which
// hosts may be contacted at all. An entry is `host[:port][/path]`. A reference is allowed when
// `registry/repository` lies under an entry; a connection (the registry itself, a token realm, a redirect to a
// storage host) is allowed only when its host[:port] is an entry's host exactly. The port is part of the host:
// `localhost` does not allow `localhost:5000`, so a loopback service on another port is never reachable by
// accident. An empty list allows everything (the default without the flag).
import { UsageError } from "./errors.js";

export interface AllowList {
  /** Normalised entries: lower case, no `oci://`, no trailing slash. */
  readonly entries: readonly string[];
  /** The flag as the user would write it, for messages: `--allowed-registries a,b`. */
  readonly flag: string;
}

const ENTRY = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:\/[a-z0-9._/-]*)?$/;

/**
 * Parses the comma-separated flag value (or an already split list). Throws a UsageError naming the flag and the
 * bad entry, since a typo here would otherwise refuse everything (or, worse, allow something unintended).
 */
export function parseAllowList(
  value: string | readonly string[],
  flagName = "--allowed-registries",
): AllowList {
  const raw = typeof value === "string" ? value.split(",") : value;
  const entries: string[] = [];
  for (const item of raw) {
    const entry = item
      .trim()
      .toLowerCase()
      .replace(/^oci:\/\//, "")
      .replace(/\/+$/, "");
    if (entry === "") continue;
    if (!ENTRY.test(entry)) {
      throw new UsageError(
        `${flagName}: "${item.trim()}" is not host[:port][/path], e.g. ghcr.io/org or localhost:5000`,
      );
    }
    entries.push(entry);
  }
  return { entries, flag: `${flagName} ${entries.join(",")}` };
}

/** Whether the list restricts anything (an empty list allows every reference and host). */
export function restricts(list: AllowList | undefined): list is AllowList {
  return list !== undefined && list.entries.length > 0;
}

/** Whether `registry/repository` lies under one of the entries (`ghcr.io/org` allows `ghcr.io/org/x`, not `ghcr.io/organisation`). */
export function allowsReference(list: AllowList | undefined, registry: string, repository: string): boolean {
  if (!restricts(list)) return true;
  const target = `${registry}/${repository}`.toLowerCase();
  return list.entries.some((entry) => target === entry || target.startsWith(`${entry}/`));
}

/** Whether a connection to `host` (URL.host: `name` or `name:port`) is allowed: some entry names exactly that host. */
export function allowsHost(list: AllowList | undefined, host: string): boolean {
  if (!restricts(list)) return true;
  const wanted = host.toLowerCase();
  return list.entries.some((entry) => hostOf(entry) === wanted);
}

/** The host[:port] part of an entry. */
export function hostOf(entry: string): string {
  const slash = entry.indexOf("/");
  return slash < 0 ? entry : entry.slice(0, slash);
}
