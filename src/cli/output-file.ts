// Writes command output: `-o -` (or no -o) is stdout, anything else a file written to a temp file and renamed
// into place, so a failure never leaves a partial bundle behind.
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { CliContext } from "./program.js";

export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
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
