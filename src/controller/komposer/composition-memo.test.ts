import type { ArtifactReference, FetchedArtifact } from "../../core/artifact.js";
import {
  CompositionMemo,
  digestsUnchanged,
  tagsDue,
  tracingFetcher,
  type ComposedBundle,
  type TracedFetch,
} from "./composition-memo.js";

const ref = (tag: string): ArtifactReference => ({ registry: "r.example", repository: "org/a", tag });
const result = { warnings: [], digest: "sha256:b1" } as unknown as ComposedBundle;
const checked = { at: 0, generation: 1 };

describe("CompositionMemo", () => {
  it("returns a composition only for the same object (uid) and the same document", () => {
    const memo = new CompositionMemo();
    memo.set("ns/k", { uid: "u1", input: "doc", trace: [], result, checked });
    expect(memo.get("ns/k", "u1", "doc")?.result).toBe(result);
    expect(memo.get("ns/k", "u1", "doc changed")).toBeUndefined();
    expect(memo.get("ns/k", "u2", "doc")).toBeUndefined(); // deleted and re-created under the same name
    expect(memo.get("other/k", "u1", "doc")).toBeUndefined();
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const memo = new CompositionMemo(2);
    memo.set("a", { uid: "u", input: "", trace: [], result, checked });
    memo.set("b", { uid: "u", input: "", trace: [], result, checked });
    memo.get("a", "u", "");
    memo.set("c", { uid: "u", input: "", trace: [], result, checked });
    expect(memo.get("b", "u", "")).toBeUndefined();
    expect(memo.get("a", "u", "")).toBeDefined();
    expect(memo.size()).toBe(2);
  });
});

describe("tagsDue", () => {
  const last = { at: 1_000, generation: 3, requestedAt: "r1" };
  const now = (over: Partial<Parameters<typeof tagsDue>[1]> = {}) => ({
    at: 1_000 + 59_999,
    generation: 3,
    requestedAt: "r1",
    intervalMs: 60_000,
    ...over,
  });

  it("reuses the pinned digests within the interval, for the same generation and request", () => {
    expect(tagsDue(last, now())).toBe(false);
  });

  it("re-checks once the interval has passed, on a new generation, or on a new requestedAt", () => {
    expect(tagsDue(last, now({ at: 61_000 }))).toBe(true);
    expect(tagsDue(last, now({ generation: 4 }))).toBe(true);
    expect(tagsDue(last, now({ requestedAt: "r2" }))).toBe(true);
    expect(tagsDue({ at: 1_000, generation: 3 }, now())).toBe(true); // first request ever
  });
});

describe("lastDigest", () => {
  it("is the digest last composed for the same object, whatever its document", () => {
    const memo = new CompositionMemo();
    memo.set("ns/k", { uid: "u1", input: "doc", trace: [], result, checked });
    expect(memo.lastDigest("ns/k", "u1")).toBe("sha256:b1");
    expect(memo.lastDigest("ns/k", "u2")).toBeUndefined();
  });
});

describe("tracing and re-checking", () => {
  it("records each reference once with the digest it resolved to", async () => {
    const trace: TracedFetch[] = [];
    const fetcher = tracingFetcher(
      {
        fetch: (r) =>
          Promise.resolve({
            ref: "x",
            digest: `d-${r.tag}`,
            files: new Map(),
            annotations: {},
          } as FetchedArtifact),
      },
      trace,
    );
    await fetcher.fetch(ref("v1"), { files: ["katalog.yaml"] });
    await fetcher.fetch(ref("v1"));
    await fetcher.fetch(ref("v2"));
    expect(trace).toEqual([
      { ref: ref("v1"), digest: "d-v1" },
      { ref: ref("v2"), digest: "d-v2" },
    ]);
  });

  it("reuses only when every traced reference still resolves to the same digest", async () => {
    const trace: TracedFetch[] = [
      { ref: ref("v1"), digest: "d1" },
      { ref: ref("nested"), digest: "d2" },
    ];
    const now = new Map([
      ["v1", "d1"],
      ["nested", "d2"],
    ]);
    const current = (r: ArtifactReference) => Promise.resolve(now.get(r.tag ?? "") ?? "");
    expect(await digestsUnchanged(trace, current)).toBe(true);
    now.set("nested", "d3"); // a nested pack's tag moved: compose again
    expect(await digestsUnchanged(trace, current)).toBe(false);
    await expect(digestsUnchanged(trace, () => Promise.reject(new Error("503")))).rejects.toThrow("503");
  });
});
