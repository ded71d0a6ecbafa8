// The registry flags every command that touches registries shares (push, pull, inspect, generate):
// `--registry-config FILE`, `--plain-http`, `--mirror HOST=TARGET` (repeatable), plus `mirrors:` from the
// nearest `.ork/config.yaml` (found by walking up from a start directory, e.g. the Komposer file's folder) and
// `ORK_MIRRORS` from the environment. Precedence per host: flags, then environment, then the config file.
// A config redirects registries, so it is only trusted where nobody else could have put it: the walk stops at
// the repository root (a folder with `.git`) or the home folder, never reaching shared parents such as /tmp,
// and a config is ignored (with a warning) when its folder, `.ork` or the file is world-writable or belongs to
// another user. Whenever a config's mirrors apply, `mirrors from FILE` is printed on stderr.
// For pipelines that compose untrusted packs: `--allowed-registries` (the operator's policy: references and every
// connection, token realms and redirects included) and `--timeout`, one deadline for all registry requests.
import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { parseDuration } from "../core/duration.js";
import { InvalidInputError } from "../core/errors.js";
import { parseAllowList } from "../core/registry-allow-list.js";
import { readFileBounded } from "../oci/bounded-read.js";
// From their own modules, not ../oci/index.js: every command imports this file, and start-up must not load
// the whole OCI client (issue 11).
import { deadlineAfter } from "../oci/deadline.js";
import { mergeMirrors, parseMirrorSpec, type MirrorTarget, type Mirrors } from "../oci/mirrors.js";
import type { ContentCache } from "../oci/content-cache.js";
import type { RegistryAccessOptions } from "../oci/store-router.js";
import type { CliContext } from "./program.js";

export interface RegistryFlags {
  registryConfig?: string;
  plainHttp?: boolean;
  mirror?: string[];
  allowedRegistries?: string;
  timeout?: string;
  /** False with `--no-cache`. */
  cache?: boolean;
}

/** How long a command may spend on registries in all, unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT = "5m";

export const ORK_CONFIG = join(".ork", "config.yaml");

/** Adds the shared registry flags to a command. Read them back with `registrySettings`. */
export function addRegistryOptions(command: Command): Command {
  return command
    .option(
      "--registry-config <file>",
      "docker config file with registry credentials (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)",
    )
    .option("--plain-http", "talk plain HTTP to registries (loopback registries always do)")
    .option(
      "--mirror <host=target>",
      "send requests for a registry host to another registry or to an OCI image layout (oci-layout:PATH); repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--allowed-registries <list>",
      "comma-separated host[:port][/path] prefixes: refuse other artifacts, and any token realm or redirect to another host (default: any)",
    )
    .option(
      "--timeout <duration>",
      "give up on registries after this long in all, e.g. 90s, 5m, 1h",
      DEFAULT_TIMEOUT,
    )
    .option(
      "--no-cache",
      "neither read nor write the download cache ($XDG_CACHE_HOME/ork, else ~/.cache/ork)",
    );
}

export interface RegistrySettings extends RegistryAccessOptions {
  /** The `.ork/config.yaml` that contributed mirrors, if any (for messages and --verbose output). */
  configFile?: string;
  /** The download cache, unless `--no-cache` (or no cache folder can be named). */
  cache?: ContentCache;
}

/**
 * Registry access options for a command. `startDir` is where the search for `.ork/config.yaml` begins
 * (the Komposer file's folder for `generate`; the working directory otherwise).
 */
export async function registrySettings(
  flags: RegistryFlags,
  context: CliContext,
  startDir = context.cwd,
): Promise<RegistrySettings> {
  const found = await findOrkConfig(resolve(context.cwd, startDir), {
    ...(context.env.HOME ? { home: context.env.HOME } : {}),
  });
  for (const ignored of found.ignored) context.stderr.write(`warning: ignored ${ignored}\n`);
  const configFile = found.file;
  const fromFile = configFile ? await readConfigMirrors(configFile) : new Map<string, MirrorTarget>();
  const fromEnv = mirrorsFrom(
    (context.env.ORK_MIRRORS ?? "").split(/[\s,]+/).filter((s) => s !== ""),
    { origin: "ORK_MIRRORS", baseDir: context.cwd },
  );
  const fromFlags = mirrorsFrom(flags.mirror ?? [], { origin: "--mirror", baseDir: context.cwd });
  const settings: RegistrySettings = {
    env: context.env,
    mirrors: mergeMirrors(fromFile, fromEnv, fromFlags),
  };
  const timeout = flags.timeout ?? DEFAULT_TIMEOUT;
  settings.deadline = deadlineAfter(parseDuration(timeout, "--timeout"), `--timeout ${timeout}`);
  if (flags.allowedRegistries !== undefined)
    settings.allowedRegistries = parseAllowList(flags.allowedRegistries);
  if (flags.registryConfig) settings.registryConfig = resolve(context.cwd, flags.registryConfig);
  if (flags.plainHttp) settings.plainHttp = true;
  if (configFile) settings.configFile = configFile;
  if (flags.cache !== false) {
    // Loaded on use, like everything a command only needs when it runs (issue 11).
    const { createDiskCache, defaultCacheDir } = await import("../oci/disk-cache.js");
    const dir = defaultCacheDir(context.env);
    if (dir !== undefined) settings.cache = createDiskCache({ dir });
  }
  if ([...fromFile.keys()].some((host) => !fromEnv.has(host) && !fromFlags.has(host)))
    context.stderr.write(`mirrors from ${configFile}\n`);
  return settings;
}

export interface OrkConfigSearch {
  /** The home folder: the walk does not go above it. */
  home?: string;
  /** The user whose configs are trusted (with root's); default: this process's user. */
  uid?: number;
}

export interface FoundOrkConfig {
  /** The nearest trusted `.ork/config.yaml`, if any. */
  file?: string;
  /** Configs passed over on the way, each with why (for warnings). */
  ignored: string[];
}

/**
 * The nearest trusted `.ork/config.yaml` at or above `startDir`, up to the repository root (a folder with
 * `.git`) or the home folder, whichever comes first (or `/`).
 */
export async function findOrkConfig(startDir: string, search: OrkConfigSearch = {}): Promise<FoundOrkConfig> {
  const uid = search.uid ?? process.getuid?.();
  const home = search.home === undefined ? undefined : resolve(search.home);
  const ignored: string[] = [];
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, ORK_CONFIG);
    if (await isFile(candidate)) {
      const distrust = await distrustOf([dir, join(dir, ".ork"), candidate], uid);
      if (distrust === undefined) return { file: candidate, ignored };
      ignored.push(`${candidate}: ${distrust}`);
    }
    if (dir === home || (await exists(join(dir, ".git"))) || dirname(dir) === dir) return { ignored };
  }
}

/** Why a config at these paths could have been written by someone else, or undefined when it could not. */
async function distrustOf(paths: readonly string[], uid: number | undefined): Promise<string | undefined> {
  for (const path of paths) {
    const info = await stat(path);
    if ((info.mode & 0o002) !== 0) return `${path} is world-writable`;
    if (uid !== undefined && info.uid !== uid && info.uid !== 0)
      return `${path} belongs to another user (uid ${info.uid})`;
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * `mirrors:` as a map (`ghcr.io: oci-layout:./registry`) or a list of `HOST=TARGET` strings. Relative layout
 * paths are relative to the folder that holds `.ork/`, so the config works from any subfolder.
 */
async function readConfigMirrors(file: string): Promise<Mirrors> {
  const source = { origin: file, baseDir: dirname(dirname(file)) };
  const { parseYamlSource } = await import("../core/yaml-source.js");
  const read = parseYamlSource(file, await readFileBounded(file, { file, maxBytes: 1024 * 1024 }));
  if (!read.ok && read.problems.some((p) => !p.message.startsWith("file is empty")))
    throw new InvalidInputError("InvalidConfig", read.problems);
  const doc = read.ok ? read.source.value : undefined;
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== "object" || Array.isArray(doc))
    throw configError(file, "expected a mapping with a mirrors: key");
  const mirrors = (doc as Record<string, unknown>).mirrors;
  if (mirrors === undefined || mirrors === null) return new Map();
  if (Array.isArray(mirrors)) {
    if (!mirrors.every((m): m is string => typeof m === "string"))
      throw configError(file, "mirrors entries must be HOST=TARGET strings");
    return mirrorsFrom(mirrors, source);
  }
  if (typeof mirrors !== "object") throw configError(file, "mirrors must map registry hosts to targets");
  return mirrorsFrom(
    Object.entries(mirrors as Record<string, unknown>).map(([host, target]) => {
      if (typeof target !== "string")
        throw configError(file, `mirrors.${host} must be a string such as oci-layout:./registry`);
      return `${host}=${target}`;
    }),
    source,
  );
}

function mirrorsFrom(specs: readonly string[], source: { origin: string; baseDir: string }): Mirrors {
  return new Map(specs.map((spec) => parseMirrorSpec(spec, source)));
}

function configError(file: string, message: string): InvalidInputError {
  return new InvalidInputError("InvalidConfig", [{ file, path: "mirrors", message, severity: "error" }]);
}
