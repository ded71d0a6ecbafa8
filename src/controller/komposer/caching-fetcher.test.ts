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
});
