// What the pure core needs from the outside world to resolve imports: a way to fetch one artifact's files.
// The OCI adapter (src/oci) implements `ArtifactFetcher`; tests may pass an in-memory one. The core never
// knows whether bytes came from a registry, a mirror or an on-disk OCI image layout.

/** A parsed artifact reference (see reference.ts for the grammar). */
export interface ArtifactReference {
  /** Registry host, with port when given: `ghcr.io`, `127.0.0.1:5001`. */
  registry: string;
  /** Repository path inside the registry: `myorg/katalogs/webapp-operator`. */
  repository: string;
  /** Tag, when given (or defaulted). */
  tag?: string;
  /** `sha256:<64 hex>`, when pinned. */
  digest?: string;
}

/** The files an artifact carries, found by their `org.opencontainers.image.title` annotation. */
export interface FetchedArtifact {
  /** Canonical reference as resolved: `oci://host/repo:tag` (tag kept for display). */
  ref: string;
  /** Digest of the artifact's manifest: the identity used for dedup, lock files and status. */
  digest: string;
  /** File name (title) to content; only the files that were asked for, or all when none were. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Every file title the artifact has, downloaded or not (for messages); `files`' keys when absent. */
  names?: readonly string[];
  /** Manifest annotations (quality signals live here). */
  annotations: Readonly<Record<string, string>>;
}

export interface FetchOptions {
  /** Titles of the files to download; others are skipped (saves requests). Omit for all files. */
  files?: readonly string[];
}

/** Implemented by src/oci. Must verify digests and sizes before returning bytes. */
export interface ArtifactFetcher {
  fetch(ref: ArtifactReference, options?: FetchOptions): Promise<FetchedArtifact>;
}
