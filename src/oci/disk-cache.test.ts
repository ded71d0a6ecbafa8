import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryCache } from "./content-cache.js";
import { createDiskCache, defaultCacheDir } from "./disk-cache.js";

const bytesOf = (text: string) => new TextEncoder().encode(text);
const digestOf = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("disk cache", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "ork-cache-test-"));

  it("lives in $XDG_CACHE_HOME/ork, else ~/.cache/ork", () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/x/ork");
    expect(defaultCacheDir({ HOME: "/h" })).toBe("/h/.cache/ork");
    expect(defaultCacheDir({})).toBeUndefined();
  });

  it("returns what was put, by digest, and nothing for other digests", async () => {
    const cache = createDiskCache({ dir: dir() });
    const bytes = bytesOf("hello");
    await cache.put(digestOf(bytes), bytes);
    expect(Buffer.from((await cache.get(digestOf(bytes)))!).toString()).toBe("hello");
    expect(await cache.get(digestOf(bytesOf("other")))).toBeUndefined();
    expect(await cache.get("sha256:../../etc/passwd")).toBeUndefined();
  });

  it("treats an entry whose bytes no longer match its digest as a miss and removes it", async () => {
    const root = dir();
    const cache = createDiskCache({ dir: root });
    const bytes = bytesOf("hello");
    const digest = digestOf(bytes);
    await cache.put(digest, bytes);
    writeFileSync(join(root, "blobs", "sha256", digest.slice(7)), "HELLO");
    expect(await cache.get(digest)).toBeUndefined();
    expect(readdirSync(join(root, "blobs", "sha256"))).toEqual([]);
  });

  it("evicts the least recently used entries above the cap", async () => {
    const root = dir();
    const cache = createDiskCache({ dir: root, maxBytes: 10 });
    const [a, b, c] = ["aaaa", "bbbb", "cccc"].map(bytesOf) as [Uint8Array, Uint8Array, Uint8Array];
    await cache.put(digestOf(a), a);
    await cache.put(digestOf(b), b);
    // a was used after b: b is the least recently used once c arrives.
    const path = (x: Uint8Array) => join(root, "blobs", "sha256", digestOf(x).slice(7));
    utimesSync(path(a), new Date(2000), new Date(2000));
    utimesSync(path(b), new Date(1000), new Date(1000));
    await cache.put(digestOf(c), c);
    await cache.prune();
    expect(await cache.get(digestOf(b))).toBeUndefined();
    expect(await cache.get(digestOf(a))).toBeDefined();
    expect(await cache.get(digestOf(c))).toBeDefined();
  });

  it("keeps tag hints", async () => {
    const cache = createDiskCache({ dir: dir() });
    const digest = digestOf(bytesOf("m"));
    expect(await cache.tagHint("h/r:v1")).toBeUndefined();
    await cache.rememberTag("h/r:v1", digest);
    expect(await cache.tagHint("h/r:v1")).toBe(digest);
  });
});

describe("memory cache", () => {
  it("evicts the least recently used entries above the cap and verifies on read", async () => {
    const cache = createMemoryCache({ maxBytes: 8 });
    const [a, b, c] = ["aaaa", "bbbb", "cccc"].map(bytesOf) as [Uint8Array, Uint8Array, Uint8Array];
    await cache.put(digestOf(a), a);
    await cache.put(digestOf(b), b);
    expect(await cache.get(digestOf(a))).toBe(a); // a is now the most recently used
    await cache.put(digestOf(c), c);
    expect(await cache.get(digestOf(b))).toBeUndefined();
    expect(await cache.get(digestOf(a))).toBe(a);
    c[0] = 0; // corrupted in place
    expect(await cache.get(digestOf(bytesOf("cccc")))).toBeUndefined();
  });
});
