// Writing a fetched artifact's files into a folder (`ork pull`). The caller downloads and verifies every file
// first (the fetcher does); only then are files written, all or nothing: into a staging folder (beside the
// target folder when it does not exist yet, inside it otherwise), and moved into place only once every file is
// written and no target is in the way. A failure removes the staging folder and leaves the target untouched.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { RegistryError } from "../core/errors.js";
import { checkTitle } from "./manifest.js";

export interface WrittenFile {
  name: string;
  path: string;
  size: number;
}

export interface WriteArtifactOptions {
  /** Registers the staging folder for removal if the process is interrupted; returns the unregister. */
  trackTemp?: (path: string) => () => void;
}

export async function writeArtifactFiles(
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  what: string,
  options: WriteArtifactOptions = {},
): Promise<WrittenFile[]> {
  const names = [...files.keys()];
  for (const name of names) checkTitle(name, what);
  checkNoFileIsAFolder(names, what);
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw Object.assign(new Error(`${dir} is a file, not a folder`), { code: "ENOTDIR", path: dir });
  const tag = `ork-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = existing ? join(dir, `.${tag}`) : join(dirname(dir), `.${basename(dir)}.${tag}`);
  const untrack = options.trackTemp?.(staging) ?? (() => undefined);
  try {
    if (!existing) await mkdir(dirname(dir), { recursive: true });
    await mkdir(staging);
    for (const [name, bytes] of files) {
      const path = join(staging, ...name.split("/"));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    }
    if (existing) {
      for (const name of names) await checkNothingInTheWay(dir, name);
      for (const name of names) {
        const target = join(dir, ...name.split("/"));
        await mkdir(dirname(target), { recursive: true });
        await rename(join(staging, ...name.split("/")), target);
      }
    } else {
      await rename(staging, dir);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
    untrack();
  }
  return names.map((name) => ({
    name,
    path: join(dir, ...name.split("/")),
    size: files.get(name)?.byteLength ?? 0,
  }));
}

/** `a` and `a/b` cannot both be written: refused before anything is. */
function checkNoFileIsAFolder(names: readonly string[], what: string): void {
  const titles = new Set(names);
  for (const name of names) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (titles.has(folder))
        throw new RegistryError(
          "UnsupportedArtifact",
          `${what}: "${folder}" is a file and also the folder of "${name}"; the artifact cannot be written to disk`,
        );
    }
  }
}

/** A file of the folder where a title's file or one of its folders must go is refused before anything moves. */
async function checkNothingInTheWay(dir: string, name: string): Promise<void> {
  const parts = name.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const path = join(dir, ...parts.slice(0, i));
    const found = await stat(path).catch(() => undefined);
    if (found === undefined) return;
    const last = i === parts.length;
    if (last ? found.isDirectory() : !found.isDirectory())
      throw Object.assign(new Error(`${path} is in the way`), {
        code: last ? "EISDIR" : "ENOTDIR",
        path,
      });
  }
}
