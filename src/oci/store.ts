// What a place that holds artifacts can do. A registry (registry-client.ts) and an on-disk OCI image layout
// (image-layout.ts) both implement it, so mirrors can swap one for the other and fetching, pulling and pushing
// never ask which one they talk to.
import type { Descriptor } from "./manifest.js";

export interface ManifestTarget {
  repository: string;
  /** A tag or a digest. */
  reference: string;
  /** For messages: `oci://host/repo:tag`. */
  what: string;
}

export interface FetchedManifest {
  /** Digest (computed from the bytes), size and media type of the manifest. */
  descriptor: Descriptor;
  bytes: Uint8Array;
}

export interface ContentSource {
  /** For messages and metrics: `ghcr.io` or `oci-layout:/path`. */
  readonly label: string;
  /** The manifest's descriptor without its body (HEAD). */
  resolve(target: ManifestTarget): Promise<Descriptor>;
  /** The manifest, verified against the digest when `target.reference` is one, and capped at 4 MiB. */
  fetchManifest(target: ManifestTarget): Promise<FetchedManifest>;
  /** A blob, verified against `descriptor`'s digest and size, refused above `maxBytes` before reading it. */
  fetchBlob(repository: string, descriptor: Descriptor, what: string, maxBytes: number): Promise<Uint8Array>;
}

export interface ContentTarget {
  readonly label: string;
  hasBlob(repository: string, descriptor: Descriptor): Promise<boolean>;
  pushBlob(repository: string, descriptor: Descriptor, bytes: Uint8Array, what: string): Promise<void>;
  /** Stores the manifest and points `tag` at it. */
  pushManifest(
    repository: string,
    tag: string,
    descriptor: Descriptor,
    bytes: Uint8Array,
    what: string,
  ): Promise<void>;
}

export type ContentStore = ContentSource & ContentTarget;

export function isDigest(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}
