// Content digests. node:crypto hashing is pure computation (no I/O), so the core may use it.
import { createHash } from "node:crypto";
import type { KubeObject } from "../api/effective.js";
import { BundleAnnotation } from "./bundle-objects.js";
import { canonicalize, toCanonicalYamlStream } from "./canonical-yaml.js";

export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** A digest of data's content, independent of key order: identity for documents that have no artifact digest. */
export function contentDigest(value: unknown): string {
  return sha256Digest(JSON.stringify(canonicalize(value)));
}

/**
 * The first 10 hex digits, as in revision ConfigMap names `orkestra-katalog-<digest[0:10]>`
 * (docs/reference/operator.md#revisions).
 */
export function shortDigest(digest: string): string {
  const hex = digest.includes(":") ? digest.slice(digest.indexOf(":") + 1) : digest;
  return hex.slice(0, 10);
}

/**
 * The bundle's identity (docs/reference/bundle.md#digest-and-determinism): sha256 of the canonical YAML of
 * its objects without the digest annotation. The Namespace is left out because only the CLI renders it; the
 * operator's bundle has the same digest.
 */
export function computeBundleDigest(objects: readonly KubeObject[]): string {
  const hashed = objects.filter((o) => o.kind !== "Namespace").map(withoutDigestAnnotation);
  return sha256Digest(toCanonicalYamlStream(hashed));
}

function withoutDigestAnnotation(object: KubeObject): KubeObject {
  const annotations = { ...object.metadata.annotations };
  delete annotations[BundleAnnotation.digest];
  return { ...object, metadata: { ...object.metadata, annotations } };
}
