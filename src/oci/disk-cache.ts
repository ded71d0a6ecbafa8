// The CLI's content cache on disk: `$XDG_CACHE_HOME/ork` (else `~/.cache/ork`), shared by every `ork` process
// of the user. Layout: `blobs/<algorithm>/<hex>` (manifests and blobs alike, by digest), `tags/<sha256 of the
// tag key>` (the digest last seen; a hint), `tmp/` for writes in progress. Safe for concurrent processes
// without locks: an entry is written to tmp/ and renamed into place (atomic on one file system; two writers
// of one digest write the same bytes), a reader verifies what it reads, and an entry evicted or replaced under
// a reader is just a miss. Reads refresh the entry's modification time; `prune` removes the least recently
// used entries while the total is above the cap.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { matchesDigest, type ContentCache } from "./content-cache.js";

/** 512 MiB: katalogs are kilobytes, so this holds thousands of versions. */
export const DEFAULT_CACHE_MAX_BYTES = 512 * 1024 * 1024;

/** Where the cache lives for this environment: `$XDG_CACHE_HOME/ork`, else `$HOME/.cache/ork`. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "ork");
  if (env.HOME) return join(env.HOME, ".cache", "ork");
  return undefined;
}

export interface DiskCacheOptions {
  dir: string;
  maxBytes?: number;
}

export function createDiskCache(options: DiskCacheOptions): ContentCache {
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  const blobPath = (digest: string): string | undefined => blobPathIn(options.dir, digest);
  const tagPath = (tagKey: string) =>
    join(options.dir, "tags", createHash("sha256").update(tagKey).digest("hex"));
  let wrote = false;
  // Folders this process made or found: a cold run writes hundreds of entries, and a recursive mkdir per
  // write showed up in its profile.
  const folders = new Map<string, Promise<unknown>>();
  const ensureFolder = (path: string): Promise<unknown> => {
    let made = folders.get(path);
    if (made === undefined) {
      made = mkdir(path, { recursive: true });
      folders.set(path, made);
      made.catch(() => folders.delete(path));
    }
    return made;
  };

  /** Writes through tmp/ and a rename, so no reader ever sees half a file. */
  const writeAtomically = async (path: string, bytes: Uint8Array | string): Promise<void> => {
    const tmpDir = join(options.dir, "tmp");
    await ensureFolder(tmpDir);
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      await writeFile(tmp, bytes);
      await ensureFolder(join(path, ".."));
      await rename(tmp, path);
      wrote = true;
    } finally {
      await rm(tmp, { force: true });
    }
  };

  return {
    async get(digest) {
      const path = blobPath(digest);
      return path === undefined ? undefined : readVerifiedBlob(path, digest);
    },
    async put(digest, bytes) {
      const path = blobPath(digest);
      if (path === undefined || bytes.byteLength > maxBytes) return;
      // A cache that cannot be written (read-only home, full disk) makes runs slower, not failed.
      await writeAtomically(path, bytes).catch(() => undefined);
    },
    async tagHint(tagKey) {
      const text = await readFile(tagPath(tagKey), "utf8").catch(() => undefined);
      return text !== undefined && /^[a-z0-9]+:[a-f0-9]{32,128}$/.test(text) ? text : undefined;
    },
    async rememberTag(tagKey, digest) {
      await writeAtomically(tagPath(tagKey), digest).catch(() => undefined);
    },
    async prune() {
      // Only runs that added something can have pushed the total over the cap.
      if (!wrote) return;
      await pruneDir(join(options.dir, "blobs"), maxBytes).catch(() => undefined);
      await removeStale(join(options.dir, "tmp")).catch(() => undefined);
    },
  };
}

/** Where a digest's bytes live (undefined for a malformed digest: it can never be a path outside blobs/). */
function blobPathIn(dir: string, digest: string): string | undefined {
  const match = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest);
  return match ? join(dir, "blobs", match[1]!, match[2]!) : undefined;
}

/** The entry's bytes when they still match their digest; a read refreshes the entry for least-recently-used pruning. */
async function readVerifiedBlob(path: string, digest: string): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  if (!matchesDigest(bytes, digest)) {
    // Corrupt (a disk error, a truncated copy, someone's edit): dropped, and the caller downloads again.
    await rm(path, { force: true });
    return undefined;
  }
  const now = new Date();
  await utimes(path, now, now).catch(() => undefined);
  return bytes;
}

/** Writes a killed process left behind in tmp/ (an hour is far longer than any write takes). */
async function removeStale(dir: string): Promise<void> {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < cutoff) await rm(join(dir, name), { force: true });
  }
}

/** Removes the least recently used files under `dir` (two levels: algorithm/hex) until at most `maxBytes`. */
async function pruneDir(dir: string, maxBytes: number): Promise<void> {
  const files: { path: string; size: number; used: number }[] = [];
  for (const algorithm of await readdir(dir)) {
    for (const name of await readdir(join(dir, algorithm))) {
      const path = join(dir, algorithm, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) files.push({ path, size: info.size, used: info.mtimeMs });
    }
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  files.sort((a, b) => a.used - b.used);
  for (const file of files) {
    if (total <= maxBytes) return;
    await rm(file.path, { force: true });
    total -= file.size;
  }
}
