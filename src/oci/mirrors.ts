// Registry mirrors: `--mirror ghcr.io=TARGET` sends every request for ghcr.io to TARGET, which is another
// registry (`host[:port][/path-prefix]`, `http://host:port` for plain HTTP, `https://…`) or an on-disk OCI
// image layout (`oci-layout:PATH`). This is how the demo resolves `oci://ghcr.io/...` with no network, and how
// air-gapped clusters point at an internal registry without editing every Komposer.
import { isAbsolute, resolve } from "node:path";
import { InvalidInputError } from "../core/errors.js";

export type MirrorTarget =
  | { kind: "registry"; host: string; repositoryPrefix: string; plainHttp: boolean }
  | { kind: "layout"; path: string };

/** Mirrors by source registry host (lower case, with port when it has one). */
export type Mirrors = ReadonlyMap<string, MirrorTarget>;

export interface MirrorSource {
  /** Where the spec was written, for messages: `--mirror`, `.ork/config.yaml`. */
  origin: string;
  /** Relative layout paths are resolved against this directory. */
  baseDir: string;
}

/** Parses `HOST=TARGET`. */
export function parseMirrorSpec(spec: string, source: MirrorSource): [string, MirrorTarget] {
  const eq = spec.indexOf("=");
  if (eq <= 0 || eq === spec.length - 1) {
    throw mirrorError(
      source,
      spec,
      "expected HOST=TARGET, e.g. ghcr.io=oci-layout:./registry or ghcr.io=mirror.internal:5000",
    );
  }
  return [normalizeSourceHost(spec.slice(0, eq), source), parseMirrorTarget(spec.slice(eq + 1), source)];
}

export function normalizeSourceHost(host: string, source: MirrorSource): string {
  const trimmed = host
    .trim()
    .replace(/^oci:\/\//i, "")
    .toLowerCase();
  if (!/^[a-z0-9.-]+(?::\d+)?$|^\[[0-9a-f:.]+\](?::\d+)?$/.test(trimmed)) {
    throw mirrorError(
      source,
      host,
      "the left side must be a registry host such as ghcr.io or localhost:5000",
    );
  }
  return trimmed;
}

export function parseMirrorTarget(target: string, source: MirrorSource): MirrorTarget {
  const value = target.trim();
  if (value.startsWith("oci-layout:")) {
    const path = value.slice("oci-layout:".length);
    if (path === "")
      throw mirrorError(source, target, "oci-layout: needs a path, e.g. oci-layout:./registry");
    return { kind: "layout", path: isAbsolute(path) ? path : resolve(source.baseDir, path) };
  }
  const scheme = /^(https?):\/\//i.exec(value);
  const rest = scheme ? value.slice(scheme[0].length) : value.replace(/^oci:\/\//i, "");
  const slash = rest.indexOf("/");
  const host = (slash >= 0 ? rest.slice(0, slash) : rest).toLowerCase();
  const repositoryPrefix = slash >= 0 ? rest.slice(slash + 1).replace(/\/+$/, "") : "";
  if (
    !/^[a-z0-9.-]+(?::\d+)?$|^\[[0-9a-f:.]+\](?::\d+)?$/.test(host) ||
    !/^[a-z0-9._/-]*$/.test(repositoryPrefix)
  ) {
    throw mirrorError(
      source,
      target,
      "the target must be oci-layout:PATH, host[:port][/prefix] or http(s)://host[:port]",
    );
  }
  return { kind: "registry", host, repositoryPrefix, plainHttp: scheme?.[1]?.toLowerCase() === "http" };
}

/** Later sources override earlier ones per host (config file, then environment, then flags). */
export function mergeMirrors(...layers: readonly Mirrors[]): Mirrors {
  const merged = new Map<string, MirrorTarget>();
  for (const layer of layers) for (const [host, target] of layer) merged.set(host, target);
  return merged;
}

export function describeMirrorTarget(target: MirrorTarget): string {
  if (target.kind === "layout") return `oci-layout:${target.path}`;
  const scheme = target.plainHttp ? "http://" : "";
  return `${scheme}${target.host}${target.repositoryPrefix ? `/${target.repositoryPrefix}` : ""}`;
}

function mirrorError(source: MirrorSource, value: string, message: string): InvalidInputError {
  return new InvalidInputError("InvalidMirror", [
    {
      file: source.origin,
      path: "mirrors",
      message: `invalid mirror "${value}": ${message}`,
      severity: "error",
    },
  ]);
}
