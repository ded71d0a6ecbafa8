// A content-addressed cache of manifests and blobs, keyed by digest: what was verified once need not be
// downloaded again (issue 11). Every read is verified against the digest again, so a corrupted or truncated
// entry is a miss (and is dropped), never wrong bytes. Tags are not content: the cache only keeps a hint of
// the digest a tag last pointed at, which the fetcher always confirms with a HEAD before trusting it.
// Two implementations: on disk for the CLI (disk-cache.ts) and in memory (here) for the operator.
import { algorithmOf, digestOf } from "./digest-stream.js";

export interface ContentCache {
  /** The verified bytes of `digest`, or undefined when absent or corrupt (a corrupt entry is removed). */
  get(digest: string): Promise<Uint8Array | undefined>;
  /** Stores bytes the caller has verified against `digest`. Failures to store are not errors. */
  put(digest: string, bytes: Uint8Array): Promise<void>;
  /** The digest `tagKey` (`host/repo:tag`) pointed at when it was last fetched: a hint, confirmed by a HEAD. */
  tagHint(tagKey: string): Promise<string | undefined>;
  rememberTag(tagKey: string, digest: string): Promise<void>;
  /** Evicts least recently used entries until the cache is under its size cap. */
  prune(): Promise<void>;
}

/** Whether `bytes` hash to `digest` (with the digest's own algorithm). */
export function matchesDigest(bytes: Uint8Array, digest: string): boolean {
  try {
    return digestOf(bytes, algorithmOf(digest)) === digest;
  } catch {
    return false;
  }
}

export interface MemoryCacheOptions {
  /** Size cap in bytes over all entries; least recently used entries go first. */
  maxBytes: number;
}

/**
 * In memory, size-capped, least recently used first. The operator's choice (docs/decisions/0011): its pods
 * run with a read-only root file system, and its artifacts are small and shared by many Komposers.
 */
export function createMemoryCache(options: MemoryCacheOptions): ContentCache {
  // A Map iterates in insertion order: re-inserting on every hit keeps it in least-recently-used order.
  const entries = new Map<string, Uint8Array>();
  const tags = new Map<string, string>();
  let total = 0;
  const evict = (): void => {
    for (const [digest, bytes] of entries) {
      if (total <= options.maxBytes) return;
      entries.delete(digest);
      total -= bytes.byteLength;
    }
  };
  return {
    get(digest) {
      const bytes = entries.get(digest);
      if (bytes === undefined) return Promise.resolve(undefined);
      entries.delete(digest);
      if (!matchesDigest(bytes, digest)) {
        total -= bytes.byteLength;
        return Promise.resolve(undefined);
      }
      entries.set(digest, bytes);
      return Promise.resolve(bytes);
    },
    put(digest, bytes) {
      if (bytes.byteLength > options.maxBytes || entries.has(digest)) return Promise.resolve();
      entries.set(digest, bytes);
      total += bytes.byteLength;
      evict();
      return Promise.resolve();
    },
    tagHint: (tagKey) => Promise.resolve(tags.get(tagKey)),
    rememberTag(tagKey, digest) {
      tags.delete(tagKey);
      tags.set(tagKey, digest);
      // Hints are a few dozen bytes each; keep the newest 10,000.
      for (const key of tags.keys()) {
        if (tags.size <= 10_000) break;
        tags.delete(key);
      }
      return Promise.resolve();
    },
    prune() {
      evict();
      return Promise.resolve();
    },
  };
}
