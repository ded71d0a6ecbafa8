import type { ArtifactReference, FetchedArtifact } from "../../core/artifact.js";
import { RegistryError } from "../../core/errors.js";
import type { OciArtifactFetcher } from "../../oci/index.js";
import { ArtifactCache } from "./artifact-cache.js";
import { createCachingFetcher, isRegistryAllowed } from "./caching-fetcher.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

function upstream(calls: string[], options: { denied?: boolean } = {}): OciArtifactFetcher {
  const artifact: FetchedArtifact = {
    ref: "x",
    digest: DIGEST,
    files: new Map([["katalog.yaml", new Uint8Array([1])]]),
    annotations: {},
  };
  const guard = (what: string) => {
    calls.push(what);
    if (options.denied) throw new RegistryError("Unauthorized", "denied");
  };
  return {
    fetch: (ref) => (guard(`fetch ${ref.digest ?? ref.tag}`), Promise.resolve(artifact)),
    inspect: () => (guard("inspect"), Promise.reject(new Error("unused"))),
    resolveDigest: (ref) => (guard(`head ${ref.tag}`), Promise.resolve(ref.digest ?? DIGEST)),
  };
}

const tagged: ArtifactReference = { registry: "r.example", repository: "org/webapp", tag: "v1" };
const pinned: ArtifactReference = { ...tagged, digest: DIGEST };

function fetcher(
  namespace: string,
  cache: ArtifactCache,
  calls: string[],
  extra: { denied?: boolean; allowed?: string[] } = {},
) {
  return createCachingFetcher({
    namespace,
    cache,
    upstream: () => Promise.resolve(upstream(calls, extra)),
    allowedRegistries: extra.allowed ?? [],
    record: () => {},
  });
}

describe("caching fetcher", () => {
  it("re-checks a tag with one HEAD and serves a known digest from the cache", async () => {
    const cache = new ArtifactCache();
    const calls: string[] = [];
    await fetcher("a", cache, calls).fetch(tagged, { files: ["katalog.yaml"] });
    expect(calls).toEqual(["head v1", `fetch ${DIGEST}`]);
    calls.length = 0;
    const again = await fetcher("a", cache, calls).fetch(tagged, { files: ["katalog.yaml"] });
    expect(calls).toEqual(["head v1"]);
    expect(again.ref).toBe("oci://r.example/org/webapp:v1");
  });

  it("makes no request for a pinned digest already cached", async () => {
    const cache = new ArtifactCache();
    const calls: string[] = [];
    await fetcher("a", cache, calls).fetch(pinned, { files: ["katalog.yaml"] });
    calls.length = 0;
    await fetcher("a", cache, calls).fetch(pinned, { files: ["katalog.yaml"] });
    expect(calls).toEqual([]);
  });

  it("never serves another namespace's artifact without that namespace reaching the registry itself", async () => {
    const cache = new ArtifactCache();
    await fetcher("a", cache, []).fetch(pinned, { files: ["katalog.yaml"] });
    const calls: string[] = [];
    await expect(
      fetcher("b", cache, calls, { denied: true }).fetch(pinned, { files: ["katalog.yaml"] }),
    ).rejects.toThrow("denied");
    expect(calls).toEqual(["inspect"]);
  });

  it("refuses registries outside --allowed-registries before any request", async () => {
    const calls: string[] = [];
    const f = fetcher("a", new ArtifactCache(), calls, { allowed: ["ghcr.io/org"] });
    await expect(f.fetch(tagged)).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    expect(calls).toEqual([]);
    expect(isRegistryAllowed({ registry: "ghcr.io", repository: "org/x" }, ["ghcr.io/org"])).toBe(true);
    expect(isRegistryAllowed({ registry: "ghcr.io", repository: "organisation/x" }, ["ghcr.io/org"])).toBe(
      false,
    );
  });

  it("re-checks a digest without bytes: nothing for a pin, one HEAD for a tag, policy first", async () => {
    const calls: string[] = [];
    const f = fetcher("a", new ArtifactCache(), calls);
    expect(await f.currentDigest(pinned)).toBe(DIGEST);
    expect(calls).toEqual([]);
    expect(await f.currentDigest(tagged)).toBe(DIGEST);
    expect(calls).toEqual(["head v1"]);
    const refused = fetcher("a", new ArtifactCache(), calls, { allowed: ["ghcr.io"] });
    await expect(refused.currentDigest(tagged)).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    expect(calls).toEqual(["head v1"]);
  });

  describe("single flight", () => {
    /** An upstream whose downloads finish only when the test says so, counting them. */
    function slowUpstream(outcomes: Array<"ok" | "fail">) {
      const finishes: Array<() => void> = [];
      let downloads = 0;
      const artifact: FetchedArtifact = {
        ref: "x",
        digest: DIGEST,
        files: new Map([["katalog.yaml", new Uint8Array([1])]]),
        annotations: {},
      };
      const client: OciArtifactFetcher = {
        fetch: () => {
          const outcome = outcomes[downloads++] ?? "ok";
          return new Promise((resolve, reject) =>
            finishes.push(() =>
              outcome === "ok" ? resolve(artifact) : reject(new RegistryError("RegistryUnavailable", "503")),
            ),
          );
        },
        inspect: () => Promise.resolve({ digest: DIGEST }) as never,
        resolveDigest: () => Promise.resolve(DIGEST),
      };
      const fetcherFor = (namespace: string, cache: ArtifactCache) =>
        createCachingFetcher({
          namespace,
          cache,
          upstream: () => Promise.resolve(client),
          allowedRegistries: [],
          record: () => {},
        });
      return {
        fetcherFor,
        finishAll: () => finishes.splice(0).forEach((f) => f()),
        downloads: () => downloads,
      };
    }
    const settle = () => new Promise((r) => setImmediate(r));

    it("shares one download among concurrent misses for the same digest, across namespaces", async () => {
      const cache = new ArtifactCache();
      const up = slowUpstream(["ok"]);
      const all = ["a", "b", "c", "a"].map((ns) =>
        up.fetcherFor(ns, cache).fetch(tagged, { files: ["katalog.yaml"] }),
      );
      await settle();
      up.finishAll();
      const results = await Promise.all(all);
      expect(up.downloads()).toBe(1);
      expect(results.map((r) => r.digest)).toEqual([DIGEST, DIGEST, DIGEST, DIGEST]);
      // Every waiter was granted access (its own HEAD proved it): the next fetch is served from its grant.
      expect(
        cache.get("b", ArtifactCache.contentKey("r.example", "org/webapp", DIGEST), ["katalog.yaml"]),
      ).toBeDefined();
    });

    it("does not cache a failed download: waiters and later fetches download again", async () => {
      const cache = new ArtifactCache();
      const up = slowUpstream(["fail", "ok"]);
      const first = up.fetcherFor("a", cache).fetch(tagged, { files: ["katalog.yaml"] });
      const second = up.fetcherFor("b", cache).fetch(tagged, { files: ["katalog.yaml"] });
      const firstFailed = expect(first).rejects.toThrow("503");
      await settle();
      up.finishAll(); // the first download fails; b, which waited on it, starts its own
      await firstFailed;
      await settle();
      up.finishAll();
      expect((await second).digest).toBe(DIGEST);
      expect(up.downloads()).toBe(2);
      expect(cache.inFlight(ArtifactCache.contentKey("r.example", "org/webapp", DIGEST))).toBeUndefined();
    });

    it("still proves a pinned digest's access when joining another namespace's download", async () => {
      const cache = new ArtifactCache();
      const up = slowUpstream(["ok"]);
      const a = up.fetcherFor("a", cache).fetch(pinned, { files: ["katalog.yaml"] });
      await settle();
      const calls: string[] = [];
      const b = fetcher("b", cache, calls, { denied: true }).fetch(pinned, { files: ["katalog.yaml"] });
      const bDenied = expect(b).rejects.toThrow("denied");
      await settle();
      up.finishAll();
      await a;
      await bDenied;
      expect(calls).toEqual(["inspect"]);
      expect(up.downloads()).toBe(1);
    });
  });
});
