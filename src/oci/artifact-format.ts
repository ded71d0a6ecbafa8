// Building an artifact the way upstream `ork push` lays it out (docs/reference/resolution.md#artifacts): an
// OCI image manifest whose config media type and artifactType are
// `application/vnd.orkestra.pattern.v1+tar+gzip` (config blob `{}`), one raw layer per file titled with its
// name, and pattern annotations read from the katalog/komposer metadata. Deterministic for the same files and
// `created`, so re-pushing unchanged files keeps the digest.
import { parseYamlSource } from "../core/yaml-source.js";
import { annotationsForPattern, Annotation, type PatternMetadata } from "../core/signals.js";
import { digestOf } from "./digest-stream.js";
import type { Descriptor } from "./manifest.js";
import { KATALOG_FILE, KOMPOSER_FILE, MediaType, mediaTypeForFile } from "./media-types.js";

export interface PatternFile {
  /** Relative path with `/` separators; becomes the layer title. */
  name: string;
  bytes: Uint8Array;
}

export interface Blob {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

export interface BuiltArtifact {
  manifest: Blob;
  config: Blob;
  layers: Blob[];
  annotations: Record<string, string>;
}

export function buildArtifact(files: readonly PatternFile[], created: string): BuiltArtifact {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const configBytes = new TextEncoder().encode("{}");
  const config: Blob = {
    descriptor: { mediaType: MediaType.pattern, digest: digestOf(configBytes), size: configBytes.byteLength },
    bytes: configBytes,
  };
  const layers: Blob[] = sorted.map((file) => ({
    descriptor: {
      mediaType: mediaTypeForFile(file.name),
      digest: digestOf(file.bytes),
      size: file.bytes.byteLength,
      annotations: { [Annotation.title]: file.name },
    },
    bytes: file.bytes,
  }));
  const annotations = {
    ...annotationsForPattern(readPatternMetadata(sorted), created),
    ...deprecationAnnotations(sorted),
  };
  const document = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: MediaType.pattern,
    config: config.descriptor,
    layers: layers.map((l) => l.descriptor),
    annotations,
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(document));
  return {
    manifest: {
      descriptor: {
        mediaType: MediaType.ociManifest,
        digest: digestOf(manifestBytes),
        size: manifestBytes.byteLength,
      },
      bytes: manifestBytes,
    },
    config,
    layers,
    annotations,
  };
}

/** Metadata of the pattern: komposer.yaml when present (it is the pattern's entry point), else katalog.yaml. */
export function readPatternMetadata(files: readonly PatternFile[]): PatternMetadata {
  const doc = loadYaml(files, KOMPOSER_FILE) ?? loadYaml(files, KATALOG_FILE);
  if (!doc) return {};
  const metadata = record(doc.metadata);
  // Files meant for `kubectl apply` carry these facts as annotations
  // (docs/reference/documents.md#files-meant-for-kubectl-apply).
  const annotations = record(metadata.annotations);
  const text = (value: unknown, annotation?: string): string | undefined => {
    const fromAnnotation = annotation ? annotations[`orkestra.orkspace.io/${annotation}`] : undefined;
    const chosen = typeof value === "string" || typeof value === "number" ? String(value) : fromAnnotation;
    return typeof chosen === "string" && chosen.trim() !== "" ? chosen.trim() : undefined;
  };
  const meta: PatternMetadata = {};
  const put = <K extends keyof PatternMetadata>(key: K, value: PatternMetadata[K] | undefined) => {
    if (value !== undefined) meta[key] = value;
  };
  put("kind", text(doc.kind));
  put("name", text(metadata.name));
  put("version", text(metadata.version, "version"));
  put("description", text(metadata.description, "description"));
  put("author", text(metadata.author, "author"));
  put("license", text(metadata.license));
  if (Array.isArray(metadata.tags))
    put(
      "tags",
      metadata.tags.filter((t): t is string => typeof t === "string"),
    );
  return meta;
}

/** Upstream publishes `lifecycle.deprecation` of a katalog as deprecation annotations. */
function deprecationAnnotations(files: readonly PatternFile[]): Record<string, string> {
  const doc = loadYaml(files, KATALOG_FILE) ?? loadYaml(files, KOMPOSER_FILE);
  const deprecation = record(record(doc?.lifecycle).deprecation);
  if (Object.keys(deprecation).length === 0) return {};
  const out: Record<string, string> = { [Annotation.deprecated]: "true" };
  if (typeof deprecation.migratedTo === "string")
    out["io.orkestra.katalog.migrated_to"] = deprecation.migratedTo;
  if (typeof deprecation.message === "string") out["io.orkestra.katalog.message"] = deprecation.message;
  return out;
}

function loadYaml(files: readonly PatternFile[], name: string): Record<string, unknown> | undefined {
  const file = files.find((f) => f.name === name);
  if (!file) return undefined;
  // Tolerant: metadata only decorates the artifact; `ork validate` is where a broken file is reported.
  const read = parseYamlSource(name, file.bytes);
  const value = read.ok ? read.source.value : undefined;
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
