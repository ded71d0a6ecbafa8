// Writing a fetched artifact's files into a folder (`ork pull`). The caller downloads and verifies every file
// first (the fetcher does), and only then are files written: each to a temporary name beside its target and
// renamed into place at the end, so a failure never leaves a half-written or unverified file behind.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { checkTitle } from "./manifest.js";

export interface WrittenFile {
  name: string;
  path: string;
  size: number;
}

export async function writeArtifactFiles(
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  what: string,
): Promise<WrittenFile[]> {
  for (const name of files.keys()) checkTitle(name, what);
  const suffix = `.ork-tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const staged: { temporary: string; path: string; name: string; size: number }[] = [];
  try {
    for (const [name, bytes] of files) {
      const path = join(dir, ...name.split("/"));
      await mkdir(dirname(path), { recursive: true });
      const temporary = path + suffix;
      staged.push({ temporary, path, name, size: bytes.byteLength });
      await writeFile(temporary, bytes);
    }
    for (const file of staged) await rename(file.temporary, file.path);
  } catch (error: unknown) {
    await Promise.all(staged.map((f) => rm(f.temporary, { force: true })));
    throw error;
  }
  return staged.map(({ name, path, size }) => ({ name, path, size }));
}
