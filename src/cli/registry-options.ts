// The registry flags every command that touches registries shares (push, pull, inspect, generate):
// `--registry-config FILE`, `--plain-http`, `--mirror HOST=TARGET` (repeatable), plus `mirrors:` from the
// nearest `.ork/config.yaml` (found by walking up from a start directory, e.g. the Komposer file's folder) and
// `ORK_MIRRORS` from the environment. Precedence per host: flags, then environment, then the config file.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../core/errors.js";
import { parseYamlSource } from "../core/yaml-source.js";
import {
  mergeMirrors,
  parseMirrorSpec,
  type MirrorTarget,
  type Mirrors,
  type RegistryAccessOptions,
} from "../oci/index.js";
import type { CliContext } from "./program.js";

export interface RegistryFlags {
  registryConfig?: string;
  plainHttp?: boolean;
  mirror?: string[];
}

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
    );
}

export interface RegistrySettings extends RegistryAccessOptions {
  /** The `.ork/config.yaml` that contributed mirrors, if any (for messages and --verbose output). */
  configFile?: string;
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
  const configFile = await findOrkConfig(resolve(context.cwd, startDir));
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
  if (flags.registryConfig) settings.registryConfig = resolve(context.cwd, flags.registryConfig);
  if (flags.plainHttp) settings.plainHttp = true;
  if (configFile) settings.configFile = configFile;
  return settings;
}

/** The nearest `.ork/config.yaml` at or above `startDir`. */
export async function findOrkConfig(startDir: string): Promise<string | undefined> {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, ORK_CONFIG);
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      // keep walking up
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * `mirrors:` as a map (`ghcr.io: oci-layout:./registry`) or a list of `HOST=TARGET` strings. Relative layout
 * paths are relative to the folder that holds `.ork/`, so the config works from any subfolder.
 */
async function readConfigMirrors(file: string): Promise<Mirrors> {
  const source = { origin: file, baseDir: dirname(dirname(file)) };
  const read = parseYamlSource(file, await readFile(file));
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
