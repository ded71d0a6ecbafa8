// OCI manifest and index documents: parsing with validation (a registry's JSON is untrusted input), picking
// the artifact manifest out of an index, and listing an artifact's files by title.
import { RegistryError } from "../core/errors.js";
import { Annotation } from "../core/signals.js";
import { escapeControlCharacters, hasControlCharacters } from "../core/terminal-text.js";
import { isIndexMediaType, MediaType } from "./media-types.js";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: unknown;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export type ManifestDocument =
  { kind: "manifest"; manifest: ImageManifest } | { kind: "index"; index: ImageIndex };

export interface ArtifactFile {
  /** The `org.opencontainers.image.title` annotation: the file's name. */
  title: string;
  descriptor: Descriptor;
}

const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Parses manifest bytes; `mediaType` is the Content-Type (or descriptor media type) when the JSON lacks one. */
export function parseManifestDocument(
  bytes: Uint8Array,
  mediaType: string | undefined,
  what: string,
): ManifestDocument {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw unsupported(what, "the manifest is not valid JSON");
  }
  if (!isRecord(json) || json.schemaVersion !== 2)
    throw unsupported(what, "the manifest is not an OCI schemaVersion 2 document");
  const type = typeof json.mediaType === "string" ? json.mediaType : mediaType;
  if (isIndexMediaType(type) || (type === undefined && Array.isArray(json.manifests))) {
    return { kind: "index", index: readIndex(json, type, what) };
  }
  return { kind: "manifest", manifest: readImageManifest(json, type, what) };
}

function readIndex(json: Record<string, unknown>, type: string | undefined, what: string): ImageIndex {
  if (!Array.isArray(json.manifests)) throw unsupported(what, "the index has no manifests list");
  const index: ImageIndex = {
    schemaVersion: 2,
    manifests: json.manifests.map((d, i) => descriptor(d, `manifests[${i}]`, what)),
  };
  if (type !== undefined) index.mediaType = type;
  if (isStringMap(json.annotations)) index.annotations = json.annotations;
  return index;
}

function readImageManifest(
  json: Record<string, unknown>,
  type: string | undefined,
  what: string,
): ImageManifest {
  if (!Array.isArray(json.layers) || json.config === undefined) {
    throw unsupported(what, `media type ${type ?? "(none)"} is not an image manifest with layers`);
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    config: descriptor(json.config, "config", what),
    layers: json.layers.map((d, i) => descriptor(d, `layers[${i}]`, what)),
  };
  if (type !== undefined) manifest.mediaType = type;
  if (typeof json.artifactType === "string") manifest.artifactType = json.artifactType;
  if (isStringMap(json.annotations)) manifest.annotations = json.annotations;
  return manifest;
}

/**
 * The one artifact manifest of an index: the only entry, or the only entry that is an OCI manifest without a
 * platform (an artifact, not an image). Anything else is ambiguous and refused rather than guessed.
 */
export function selectArtifactManifest(index: ImageIndex, what: string): Descriptor {
  const manifests = index.manifests.filter((d) => !isIndexMediaType(d.mediaType));
  if (manifests.length === 1 && manifests[0]) return manifests[0];
  const artifacts = manifests.filter(
    (d) =>
      d.artifactType === MediaType.pattern ||
      (d.mediaType === MediaType.ociManifest && d.platform === undefined),
  );
  if (artifacts.length === 1 && artifacts[0]) return artifacts[0];
  throw unsupported(
    what,
    `the image index lists ${index.manifests.length} manifests and none is the single artifact manifest; push the artifact with \`ork push\` or \`oras push\``,
  );
}

/** Files of an artifact by title; layers without a title (not files) are ignored, as `oras pull` does. */
export function filesOf(manifest: ImageManifest, what: string): ArtifactFile[] {
  const files: ArtifactFile[] = [];
  const seen = new Set<string>();
  for (const layer of manifest.layers) {
    const title = layer.annotations?.[Annotation.title];
    if (title === undefined) continue;
    checkTitle(title, what);
    if (seen.has(title)) throw unsupported(what, `two layers are titled "${title}"`);
    seen.add(title);
    files.push({ title, descriptor: layer });
  }
  return files;
}

/**
 * Titles become file names: refuse anything that could escape the output directory, and control characters
 * (a name with ESC or CR would reach terminals and scripts through every listing of the folder).
 */
export function checkTitle(title: string, what: string): void {
  if (hasControlCharacters(title))
    throw unsupported(
      what,
      `file title "${escapeControlCharacters(title)}" contains control characters; a file name cannot`,
    );
  const parts = title.split("/");
  if (
    title === "" ||
    title.startsWith("/") ||
    title.includes("\\") ||
    title.includes("\0") ||
    parts.some((p) => p === "" || p === "." || p === "..")
  ) {
    throw unsupported(what, `unsafe file title ${JSON.stringify(title)}`);
  }
}

function descriptor(value: unknown, path: string, what: string): Descriptor {
  if (!isRecord(value)) throw unsupported(what, `${path} is not a descriptor`);
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== "string" || typeof digest !== "string" || !DIGEST_RE.test(digest)) {
    throw unsupported(what, `${path} lacks a valid mediaType or digest`);
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw unsupported(what, `${path} has an invalid size`);
  }
  const out: Descriptor = { mediaType, digest, size };
  if (isStringMap(value.annotations)) out.annotations = value.annotations;
  if (typeof value.artifactType === "string") out.artifactType = value.artifactType;
  if (value.platform !== undefined) out.platform = value.platform;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function unsupported(what: string, detail: string): RegistryError {
  return new RegistryError("UnsupportedArtifact", `${what}: ${detail}`);
}
