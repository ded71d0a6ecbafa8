// One registry import to fetched bytes: which reference is fetched (tag, pin or lock entry), what is fetched
// once, and what each digest mismatch and fetch failure says.
import type { ArtifactFetcher, ArtifactReference, FetchOptions, FetchedArtifact } from "./artifact.js";
import { createArtifactLoader, readRegistryImport, where, type ArtifactRequest } from "./artifact-loader.js";
import { ConflictError, Disposition, InvalidInputError, RegistryError } from "./errors.js";
import { createLimiter } from "./limiter.js";
import { formatReference } from "./reference.js";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const location = { file: "komposer.yaml", path: "imports.registry[0]", line: 7 };

/** Answers every fetch with `digest`, recording what was asked. */
function recordingFetcher(digest: string, fail?: Error | string) {
  const calls: { ref: string; files?: readonly string[] }[] = [];
  const fetcher: ArtifactFetcher = {
    fetch(ref: ArtifactReference, options?: FetchOptions): Promise<FetchedArtifact> {
      calls.push({ ref: formatReference(ref), ...(options?.files ? { files: options.files } : {}) });
      // A fetcher may reject with anything; the loader must cope with a non-Error too.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      if (fail !== undefined) return Promise.reject(fail);
      return Promise.resolve({ ref: formatReference(ref), digest, files: new Map(), annotations: {} });
    },
  };
  return { fetcher, calls };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("readRegistryImport", () => {
  it("reads a string or a map, with the version as default tag and useKomposer only when true", () => {
    expect(readRegistryImport("oci://r.io/a:1", location)).toEqual({
      ref: { registry: "r.io", repository: "a", tag: "1" },
      display: "oci://r.io/a:1",
      useKomposer: false,
      location,
    });
    expect(readRegistryImport({ url: "oci://r.io/a", version: "2", useKomposer: true }, location)).toEqual({
      ref: { registry: "r.io", repository: "a", tag: "2" },
      display: "oci://r.io/a:2",
      useKomposer: true,
      location,
    });
  });

  it("takes a pin from the url or from digest:, and shows a tagless pin by digest", () => {
    expect(readRegistryImport({ url: "oci://r.io/a:1", digest: D1 }, location)).toMatchObject({
      ref: { registry: "r.io", repository: "a", tag: "1" },
      display: "oci://r.io/a:1",
      pinned: D1,
    });
    const tagless = readRegistryImport(`oci://r.io/a@${D1}`, location);
    expect(tagless).toEqual({
      ref: { registry: "r.io", repository: "a" },
      display: `oci://r.io/a@${D1}`,
      pinned: D1,
      useKomposer: false,
      location,
    });
    expect(readRegistryImport({ url: `oci://r.io/a@${D1}`, digest: D1 }, location).pinned).toBe(D1);
  });

  it("refuses two different pins, naming the import", () => {
    const error = (() => {
      try {
        readRegistryImport({ url: `oci://r.io/a:1@${D1}`, digest: D2 }, location);
      } catch (e) {
        return e as ConflictError;
      }
      throw new Error("expected an error");
    })();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.reason).toBe("DigestMismatch");
    expect(error.message).toBe(
      `komposer.yaml:7 imports.registry[0]: the url pins ${D1} but digest: says ${D2}; keep one`,
    );
  });

  it("refuses a bad reference as invalid input", () => {
    expect(() => readRegistryImport("oci://", location)).toThrow(InvalidInputError);
  });
});

describe("createArtifactLoader", () => {
  const limit = createLimiter(2);
  const request = (over: Partial<ArtifactRequest> = {}): ArtifactRequest => ({
    ...readRegistryImport("oci://r.io/a:1", location),
    ...over,
  });

  it("fetches katalog.yaml, or komposer.yaml for a pack, or the files asked for, once per reference and files", async () => {
    const { fetcher, calls } = recordingFetcher(D1);
    const load = createArtifactLoader({ fetcher, limit });
    const first = load(request());
    expect(load(request())).toBe(first);
    await first;
    await load(request({ useKomposer: true }));
    await load(request(), ["a.yaml", "b.yaml"]);
    await load(request(), ["a.yaml", "b.yaml"]);
    expect(calls).toEqual([
      { ref: "oci://r.io/a:1", files: ["katalog.yaml"] },
      { ref: "oci://r.io/a:1", files: ["komposer.yaml"] },
      { ref: "oci://r.io/a:1", files: ["a.yaml", "b.yaml"] },
    ]);
  });

  it("fetches by the lock's digest, and says to update the lock when the registry disagrees", async () => {
    const { fetcher, calls } = recordingFetcher(D2);
    const lock = new Map([["oci://r.io/a:1", D1]]);
    const error = await failure(createArtifactLoader({ fetcher, limit, lock })(request()));
    expect(calls.map((c) => c.ref)).toEqual([`oci://r.io/a:1@${D1}`]);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      `oci://r.io/a:1: komposer.lock pins ${D1} but the registry returned ${D2}; run with --update-lock to re-resolve`,
    );
    const matching = recordingFetcher(D1);
    await expect(
      createArtifactLoader({ fetcher: matching.fetcher, limit, lock })(request()),
    ).resolves.toMatchObject({
      digest: D1,
    });
  });

  it("resolves the tag of a pin beside a tag, and names the pin's place when the tag moved", async () => {
    const { fetcher, calls } = recordingFetcher(D2);
    const lock = new Map([["oci://r.io/a:1", D2]]);
    const pinned = readRegistryImport({ url: "oci://r.io/a:1", digest: D1 }, location);
    const error = await failure(createArtifactLoader({ fetcher, limit, lock })(pinned));
    expect(calls.map((c) => c.ref)).toEqual(["oci://r.io/a:1"]);
    expect(error.message).toBe(
      `oci://r.io/a:1: komposer.yaml:7 imports.registry[0] pins ${D1} but tag 1 points at ${D2}`,
    );
  });

  it("fetches a tagless pin by its digest", async () => {
    const { fetcher, calls } = recordingFetcher(D2);
    const error = await failure(
      createArtifactLoader({ fetcher, limit })(readRegistryImport(`oci://r.io/a@${D1}`, location)),
    );
    expect(calls.map((c) => c.ref)).toEqual([`oci://r.io/a@${D1}`]);
    expect(error.message).toBe(
      `oci://r.io/a@${D1}: komposer.yaml:7 imports.registry[0] pins ${D1} but the registry returned ${D2}`,
    );
  });

  it("adds the import to a registry error, keeping its reason and whether it is worth retrying", async () => {
    for (const transient of [true, false]) {
      const cause = new RegistryError("ArtifactNotFound", "not found", { transient });
      const error = await failure(
        createArtifactLoader({ fetcher: recordingFetcher(D1, cause).fetcher, limit })(request()),
      );
      expect(error).toBeInstanceOf(RegistryError);
      expect(error).toMatchObject({
        reason: "ArtifactNotFound",
        disposition: transient ? Disposition.Transient : Disposition.Terminal,
        message: "not found (importing oci://r.io/a:1, komposer.yaml:7 imports.registry[0])",
      });
      expect(error.cause).toBe(cause);
    }
  });

  it("passes other Komposer errors through, and takes anything else for a network failure worth retrying", async () => {
    const conflict = new ConflictError("DigestMismatch", "x");
    await expect(
      failure(createArtifactLoader({ fetcher: recordingFetcher(D1, conflict).fetcher, limit })(request())),
    ).resolves.toBe(conflict);
    for (const [thrown, text] of [
      [new Error("ECONNRESET"), "ECONNRESET"],
      ["socket hang up", "socket hang up"],
    ] as const) {
      const error = await failure(
        createArtifactLoader({ fetcher: recordingFetcher(D1, thrown).fetcher, limit })(request()),
      );
      expect(error).toMatchObject({
        reason: "RegistryUnavailable",
        disposition: Disposition.Transient,
        message: `fetching oci://r.io/a:1 failed: ${text} (importing oci://r.io/a:1, komposer.yaml:7 imports.registry[0])`,
      });
    }
  });
});

describe("where", () => {
  it("names the file, the line when known, and the field", () => {
    expect(where(location)).toBe("komposer.yaml:7 imports.registry[0]");
    expect(where({ file: "k.yaml", path: "imports.registry[1]" })).toBe("k.yaml imports.registry[1]");
  });
});
