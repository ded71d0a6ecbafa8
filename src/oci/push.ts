// `ork push`: publish a katalog or komposer folder as an artifact, to a registry, a mirror, or an OCI image
// layout. Blobs the target already holds are not uploaded again; the manifest goes last, so a tag never
// points at an artifact whose blobs are missing.
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { ArtifactReference } from "../core/artifact.js";
import { InvalidInputError } from "../core/errors.js";
import { formatReference } from "../core/reference.js";
import { Annotation } from "../core/signals.js";
import { buildArtifact, type Blob, type PatternFile } from "./artifact-format.js";
import { createLimiter } from "../core/limiter.js";
import { KATALOG_FILE, KOMPOSER_FILE, Limits } from "./media-types.js";
import { readFileBounded } from "./bounded-read.js";
import { loopError, resolveInside } from "./safe-path.js";
import { createStoreRouter, type RegistryAccessOptions } from "./store-router.js";

export interface PushOptions extends RegistryAccessOptions {
  /** `org.opencontainers.image.created` (RFC 3339); passed in so builds can be reproducible. */
  created: string;
  concurrency?: number;
}

export interface PushResult {
  ref: string;
  digest: string;
  size: number;
  files: { name: string; size: number; digest: string }[];
  /** Where it went: registry host, mirror or `oci-layout:PATH`. */
  target: string;
  uploaded: number;
  skipped: number;
}

const MAX_FILES = 1000;

export async function pushArtifact(
  ref: ArtifactReference,
  files: readonly PatternFile[],
  options: PushOptions,
): Promise<PushResult> {
  const what = formatReference(ref);
  if (ref.tag === undefined) {
    throw new InvalidInputError("InvalidReference", [
      {
        file: `reference "${what}"`,
        path: "",
        message: "a push needs a tag, e.g. oci://ghcr.io/org/repo:v1.0.0",
        severity: "error",
      },
    ]);
  }
  const tag = ref.tag;
  const built = buildArtifact(files, options.created);
  const store = createStoreRouter(options).storeFor(ref.registry);
  const limit = createLimiter(options.concurrency ?? 4);
  let uploaded = 0;
  const upload = (blob: Blob, label: string) =>
    limit(async () => {
      if (await store.hasBlob(ref.repository, blob.descriptor)) return;
      await store.pushBlob(ref.repository, blob.descriptor, blob.bytes, `${label} of ${what}`);
      uploaded++;
    });
  await Promise.all([
    upload(built.config, "config"),
    ...built.layers.map((layer) =>
      upload(layer, layer.descriptor.annotations?.[Annotation.title] ?? "layer"),
    ),
  ]);
  await store.pushManifest(ref.repository, tag, built.manifest.descriptor, built.manifest.bytes, what);
  return {
    ref: what,
    digest: built.manifest.descriptor.digest,
    size: built.manifest.descriptor.size,
    files: built.layers.map((l) => ({
      name: l.descriptor.annotations?.[Annotation.title] ?? "",
      size: l.descriptor.size,
      digest: l.descriptor.digest,
    })),
    target: store.label,
    uploaded,
    skipped: built.layers.length + 1 - uploaded,
  };
}

/**
 * The files of a pattern folder: every regular file below `dir`, except dot-files and dot-folders (`.git`,
 * `.ork`), as `/`-separated relative names. It must hold katalog.yaml or komposer.yaml at its top.
 */
export async function readPatternDirectory(dir: string): Promise<PatternFile[]> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (error: unknown) {
    throw folderError(dir, `cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  /** Relative name → real path, every one of them inside the folder. */
  const found = new Map<string, string>();
  const walking = new Set<string>([root]);
  const walk = async (folder: string, real: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error: unknown) {
      throw folderError(dir, `cannot read ${folder} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      const name = relative(dir, path).split(sep).join("/");
      // Links are followed only while they stay inside the folder; loops are refused by name.
      const target = entry.isSymbolicLink() ? await resolveInside(root, path) : join(real, entry.name);
      const isDirectory = entry.isSymbolicLink() ? (await stat(target)).isDirectory() : entry.isDirectory();
      if (isDirectory) {
        if (walking.has(target)) throw loopError(path);
        walking.add(target);
        await walk(path, target);
        walking.delete(target);
      } else if (entry.isFile() || entry.isSymbolicLink()) found.set(name, target);
      if (found.size > MAX_FILES)
        throw folderError(dir, `more than ${MAX_FILES} files; push the pattern folder, not a parent`);
    }
  };
  await walk(dir, root);
  const names = [...found.keys()];
  if (!names.includes(KATALOG_FILE) && !names.includes(KOMPOSER_FILE)) {
    throw folderError(
      dir,
      `has neither ${KATALOG_FILE} nor ${KOMPOSER_FILE}; point ork push at a katalog or komposer folder`,
    );
  }
  const files: PatternFile[] = [];
  for (const [name, path] of found) {
    files.push({
      name,
      bytes: await readFileBounded(path, { file: join(dir, name), maxBytes: Limits.fileBytes }),
    });
  }
  return files;
}

function folderError(dir: string, message: string): InvalidInputError {
  return new InvalidInputError("InvalidPatternFolder", [{ file: dir, path: "", message, severity: "error" }]);
}
