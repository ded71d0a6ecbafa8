// Identities: what a digest covers and what it ignores. A digest that covered too little would let two
// different bundles share a revision name; one that covered too much would make CLI and operator disagree.
import type { KubeObject } from "../api/effective.js";
import { BundleAnnotation } from "./bundle-objects.js";
import { computeBundleDigest, contentDigest, sha256Digest, shortDigest } from "./digest.js";

const configMap = (data: Record<string, string>, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "orkestra-katalog", namespace: "orkestra", annotations },
  data,
});

describe("sha256Digest", () => {
  it("is the algorithm-prefixed hex of the bytes, the same for a string and its UTF-8 bytes", () => {
    expect(sha256Digest("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Digest(new TextEncoder().encode("é"))).toBe(sha256Digest("é"));
  });
});

describe("contentDigest", () => {
  it("ignores key order and nothing else", () => {
    expect(contentDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(contentDigest({ b: { d: 3, c: 2 }, a: 1 }));
    expect(contentDigest({ a: 1 })).not.toBe(contentDigest({ a: 2 }));
    expect(contentDigest([1, 2])).not.toBe(contentDigest([2, 1]));
    expect(contentDigest({ a: null })).not.toBe(contentDigest({}));
  });
});

describe("shortDigest", () => {
  it("takes the first ten hex digits after the algorithm, or of a bare hex string", () => {
    expect(shortDigest("sha256:0123456789abcdef")).toBe("0123456789");
    expect(shortDigest("0123456789abcdef")).toBe("0123456789");
    expect(shortDigest("sha512:abc")).toBe("abc");
  });
});

describe("computeBundleDigest", () => {
  it("leaves out the Namespace and the digest annotation itself, and covers everything else", () => {
    const base = computeBundleDigest([configMap({ k: "v" })]);
    const namespace: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "orkestra" } };
    expect(computeBundleDigest([namespace, configMap({ k: "v" })])).toBe(base);
    expect(computeBundleDigest([configMap({ k: "v" }, { [BundleAnnotation.digest]: "sha256:old" })])).toBe(
      base,
    );
    expect(
      computeBundleDigest([configMap({ k: "v" }, { [BundleAnnotation.source]: "oci://r.io/a:1" })]),
    ).not.toBe(base);
    expect(computeBundleDigest([configMap({ k: "w" })])).not.toBe(base);
  });

  it("does not change the objects it is given", () => {
    const object = configMap({ k: "v" }, { [BundleAnnotation.digest]: "sha256:old" });
    computeBundleDigest([object]);
    expect(object.metadata.annotations).toEqual({ [BundleAnnotation.digest]: "sha256:old" });
  });
});
