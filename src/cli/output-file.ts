// Writes command output: `-o -` (or no -o) is stdout, anything else a file written to a temp file and renamed
// into place, so a failure never leaves a partial bundle behind. A path that cannot be written (a missing
// folder, a folder, a name too long, a symbolic-link loop) is the user's to fix: an InvalidInputError naming it.
import { randomBytes } from "node:crypto";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InvalidInputError } from "../core/errors.js";
import type { CliContext } from "./program.js";
import { trackTempPath } from "./temp-paths.js";

const WHY: Readonly<Record<string, string>> = {
  ENOENT: "its folder does not exist; create it first",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "is a folder; name a file",
  ENAMETOOLONG: "the name is too long for the file system",
  ELOOP: "too many levels of symbolic links",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
};

/** An InvalidInputError for a file-system error about an output path the user named; other errors as they are. */
export function outputError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? undefined : WHY[code];
  if (why === undefined) return error;
  // A path inside the output (a file in the way of a pulled one) is named too; staging paths are not.
  const inner = (error as NodeJS.ErrnoException).path;
  const where = inner && inner !== path && !inner.includes(".ork-tmp-") ? ` (${inner})` : "";
  return new InvalidInputError(
    "OutputNotWritable",
    [{ file: path, path: "", message: `cannot write here${where}: ${why} (${code})`, severity: "error" }],
    { cause: error },
  );
}

export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  const untrack = trackTempPath(temp);
  try {
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: "EISDIR" });
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw outputError(path, error);
  } finally {
    untrack();
  }
}

/** Writes to `-o FILE`, or to stdout for `-o -` and when no -o was given. Returns the file written, if any. */
export async function writeOutput(
  context: CliContext,
  output: string | undefined,
  content: string,
): Promise<string | undefined> {
  if (output === undefined || output === "-") {
    context.stdout.write(content);
    return undefined;
  }
  const path = resolve(context.cwd, output);
  await writeFileAtomically(path, content);
  return path;
}
