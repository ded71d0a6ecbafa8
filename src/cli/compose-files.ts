// What `ork generate` and `ork plan` share: read the -f files, honour komposer.lock, build the fetcher from the
// registry flags and the nearest .ork/config.yaml, and call the one composition path (core's composeBundle)
// that the operator calls too.
import { dirname, join, resolve } from "node:path";
import "./one-shot-zod.js";
import { composeBundle, type ComposeOptions, type ComposeResult } from "../core/compose.js";
import type { BundleIdentity } from "../core/render-bundle.js";
import { InvalidInputError } from "../core/errors.js";
import { LOCK_FILE_NAME, lockEntriesOf, parseLockFile, renderLockFile } from "../core/lock-file.js";
import { readFileBounded } from "../oci/bounded-read.js";
import { Limits } from "../oci/media-types.js";
import { createArtifactFetcher } from "../oci/index.js";
import { withProgress } from "./progress.js";
import { createCompositionTrace } from "./trace.js";
import type { CliContext } from "./program.js";
import { registrySettings, type RegistryFlags } from "./registry-options.js";

export interface ComposeFilesOptions {
  files: readonly string[];
  namespace: string;
  includeNamespace: boolean;
  registry: RegistryFlags;
  /** Re-resolve tags instead of using komposer.lock. */
  updateLock?: boolean;
  /** `--runtime-version`. */
  runtimeVersion?: string;
  /** `--for`. */
  identities?: readonly BundleIdentity[];
  /** `--trace`: print where the time went on stderr. */
  trace?: boolean;
}

export interface ComposedFiles extends ComposeResult {
  lockFile: string;
  /** The lock file text to write, when it changed (or did not exist). */
  lockText?: string;
}

/** Local documents and `imports.files` get the artifact file limit: they are published as such. */
const maxBytes = Limits.fileBytes;

async function readInput(context: CliContext, file: string): Promise<{ file: string; text: string }> {
  const path = resolve(context.cwd, file);
  try {
    return { file, text: new TextDecoder().decode(await readFileBounded(path, { file, maxBytes })) };
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? "file not found; check the -f path" : `cannot read: ${String(error)}`;
    throw new InvalidInputError("FileNotFound", [{ file, path: "", message, severity: "error" }]);
  }
}

async function readLock(path: string): Promise<{ entries?: Map<string, string>; text?: string }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await readFileBounded(path, { file: path, maxBytes }));
  } catch (error: unknown) {
    if (error instanceof InvalidInputError) throw error;
    return {};
  }
  return { entries: parseLockFile(path, text), text };
}

/** Without a -f there is nothing to compose; say how to pass one. */
function requireFiles(files: readonly string[]): void {
  if (files.length === 0)
    throw new InvalidInputError("NoDocuments", [
      { file: "", path: "-f", message: "pass at least one file with -f komposer.yaml", severity: "error" },
    ]);
}

/** The optional inputs of composeBundle, present only when the user gave them (exactOptionalPropertyTypes). */
function optionalComposeInputs(
  options: ComposeFilesOptions,
  lock: { entries?: Map<string, string> },
): Partial<ComposeOptions> {
  return {
    ...(lock.entries ? { lock: lock.entries } : {}),
    ...(options.runtimeVersion === undefined ? {} : { runtimeVersion: options.runtimeVersion }),
    ...(options.identities === undefined ? {} : { identities: options.identities }),
  };
}

/** The lock text to write, only when it differs from what is on disk: an unchanged lock is left untouched. */
function changedLockText(result: ComposeResult, previous: string | undefined): { lockText?: string } {
  const entries = lockEntriesOf(result.resolved);
  const lockText = entries.size > 0 ? renderLockFile(entries) : undefined;
  return lockText !== undefined && lockText !== previous ? { lockText } : {};
}

export async function composeFiles(
  context: CliContext,
  options: ComposeFilesOptions,
): Promise<ComposedFiles> {
  requireFiles(options.files);
  const trace = options.trace ? createCompositionTrace() : undefined;
  const documents = await Promise.all(options.files.map((f) => readInput(context, f)));
  const firstDir = dirname(resolve(context.cwd, options.files[0]!));
  const lockFile = join(firstDir, LOCK_FILE_NAME);
  const lock = options.updateLock ? {} : await readLock(lockFile);
  const settings = await registrySettings(options.registry, context, firstDir);
  if (trace) settings.onRequest = trace.onRequest;
  const fetcher = createArtifactFetcher(settings);
  const progress = withProgress(trace ? trace.wrap(fetcher) : fetcher, context.stderr);
  trace?.mark("inputs (files, lock, settings)");
  let result: ComposeResult;
  try {
    result = await composeBundle({
      documents,
      readLocalFile: (path) => readFileBounded(resolve(context.cwd, path), { file: path, maxBytes }),
      fetcher: progress.fetcher,
      namespace: options.namespace,
      includeNamespace: options.includeNamespace,
      ...optionalComposeInputs(options, lock),
    });
  } finally {
    progress.done();
  }
  trace?.mark("compose");
  await settings.cache?.prune();
  trace?.mark("cache upkeep");
  for (const line of trace?.lines() ?? []) context.stderr.write(`${line}\n`);
  return { ...result, lockFile, ...changedLockText(result, lock.text) };
}
