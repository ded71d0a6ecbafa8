// Where imported documents come from and what they contribute: Katalog → CrdSet (entries stamped with their
// source), and file readers for `imports.files` (local files beside a Komposer, or files inside a pack).
import { dirname, isAbsolute, join, posix } from "node:path";
import type { CrdSource, EffectiveCrd } from "../api/effective.js";
import { readDocumentMetadata, type DocumentMetadata } from "../api/metadata.js";
import type { FetchedArtifact } from "./artifact.js";
import type { ImportLocation } from "./artifact-loader.js";
import { InvalidInputError, KomposerError } from "./errors.js";
import { blocksOf, type CrdSet } from "./crd-set.js";
import type { ParsedKatalog } from "./parse-document.js";
import { generationsOf } from "./runtime-schema/detect.js";
import { toNewestLayout } from "./runtime-schema/newest-layout.js";

/** Reads a local file; given by the CLI (the operator's refuses: a cluster has no local files). */
export type ReadLocalFile = (path: string) => Promise<string | Uint8Array>;

/** Reads a file named in `imports.files`, relative to the importing document. */
export type ImportFileReader = (
  path: string,
  location: ImportLocation,
) => Promise<{ file: string; content: string | Uint8Array }>;

export function sourceFrom(metadata: DocumentMetadata, origin: string, identity: string): CrdSource {
  const source: CrdSource = {
    katalogName: metadata.name,
    katalogNamespace: metadata.namespace,
    origin,
    identity,
  };
  if (metadata.version !== undefined) source.katalogVersion = metadata.version;
  if (metadata.description !== undefined) source.katalogDescription = metadata.description;
  return source;
}

export function crdSetFromKatalog(
  katalog: ParsedKatalog,
  origin: string,
  identity: string,
  via: readonly string[],
): CrdSet {
  const source = sourceFrom(readDocumentMetadata(katalog.document.metadata), origin, identity);
  const crds = new Map<string, EffectiveCrd>();
  for (const [key, written] of Object.entries(katalog.document.spec?.crds ?? {})) {
    const { entry, moves } = toNewestLayout(written, { file: origin, prefix: ["spec", "crds", key] });
    crds.set(key, {
      key,
      entry: entry as EffectiveCrd["entry"],
      written: generationsOf(written),
      moves,
      source,
      via,
    });
  }
  return { crds, blocks: blocksOf(katalog.document) };
}

/** Files beside a local Komposer, through the caller's reader. */
export function localFileReader(readLocalFile: ReadLocalFile, importer: string): ImportFileReader {
  return async (path, location) => {
    const file = isAbsolute(path) ? path : join(dirname(importer), path);
    try {
      return { file, content: await readLocalFile(file) };
    } catch (error: unknown) {
      if (error instanceof KomposerError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw fileProblem(location, `cannot read ${file}: ${reason}`);
    }
  };
}

/** The file title an `imports.files` path names inside a pack, or undefined when it points outside it. */
export function packFileName(path: string): string | undefined {
  const name = posix.normalize(path).replace(/^\.\//, "");
  return name.startsWith("../") || name === ".." || posix.isAbsolute(name) ? undefined : name;
}

/** Files inside a pack artifact, relative to its komposer.yaml (the artifact root). */
export function artifactFileReader(artifact: FetchedArtifact, display: string): ImportFileReader {
  return (path, location) => {
    const name = packFileName(path);
    const content = name === undefined ? undefined : artifact.files.get(name);
    if (name === undefined || content === undefined) {
      const present = [...(artifact.names ?? artifact.files.keys())].sort().join(", ") || "none";
      return Promise.reject(fileProblem(location, `${display} has no file "${path}" (files: ${present})`));
    }
    return Promise.resolve({ file: `${display}#${name}`, content });
  };
}

function fileProblem(location: ImportLocation, message: string): InvalidInputError {
  return new InvalidInputError("FileNotFound", [
    {
      file: location.file,
      ...(location.line === undefined ? {} : { line: location.line }),
      path: location.path,
      message,
      severity: "error",
    },
  ]);
}
