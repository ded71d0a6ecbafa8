// Media types and size limits of the artifact format (docs/reference/resolution.md#artifacts). Upstream
// Orkestra's names, so artifacts cross between upstream `ork push` and ours in both directions.

export const MediaType = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  /** Upstream uses this for the config media type and `artifactType` (it is not really a tarball). */
  pattern: "application/vnd.orkestra.pattern.v1+tar+gzip",
  katalog: "application/vnd.orkestra.katalog.v1+yaml",
  octetStream: "application/octet-stream",
} as const;

/** Manifest media types we can read, in the order we ask for them. */
export const MANIFEST_ACCEPT = [
  MediaType.ociManifest,
  MediaType.ociIndex,
  MediaType.dockerManifest,
  MediaType.dockerManifestList,
].join(", ");

export const Limits = {
  /** The distribution spec lets registries refuse manifests above 4 MiB; we refuse to read them. */
  manifestBytes: 4 * 1024 * 1024,
  /** Katalogs are YAML: anything bigger than this is not one, and would only be held in memory. */
  fileBytes: 8 * 1024 * 1024,
  /** Files in one artifact, as `ork push` allows: more is not a pattern, and each is a request. */
  filesPerArtifact: 1000,
  /** Declared bytes of the files one fetch downloads: everything is held in memory until verified. */
  artifactBytes: 64 * 1024 * 1024,
} as const;

export const KATALOG_FILE = "katalog.yaml";
export const KOMPOSER_FILE = "komposer.yaml";

/** Layer media type for a file `ork push` publishes. */
export function mediaTypeForFile(title: string): string {
  return title === KATALOG_FILE ? MediaType.katalog : MediaType.octetStream;
}

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
