// Turns one `imports.registry` item into fetched bytes: parses the reference, applies a `digest:` pin or the
// lock file, fetches through the shared limiter (each reference once per run), and checks the digest the
// registry returned. Errors name the import (`file imports.registry[2]`).
import type { RegistryImport } from "../api/komposer.js";
import type { ArtifactFetcher, ArtifactReference, FetchedArtifact } from "./artifact.js";
import { ConflictError, Disposition, KomposerError, RegistryError } from "./errors.js";
import type { Limiter } from "./limiter.js";
import { formatReference, parseReference } from "./reference.js";

export const KATALOG_FILE = "katalog.yaml";
export const KOMPOSER_FILE = "komposer.yaml";

export interface ImportLocation {
  file: string;
  path: string;
  line?: number;
}

export interface ArtifactRequest {
  ref: ArtifactReference;
  /** `oci://host/repo:tag`: how the import is shown, and its key in komposer.lock. */
  display: string;
  /** Digest the import pins with `digest:` or `@sha256:…`. */
  pinned?: string;
  useKomposer: boolean;
  location: ImportLocation;
}

export function readRegistryImport(item: RegistryImport, location: ImportLocation): ArtifactRequest {
  const object = typeof item === "string" ? { url: item } : item;
  const parsed = parseReference(object.url, { defaultTag: object.version, location });
  const fieldPin = typeof item === "string" ? undefined : item.digest;
  if (fieldPin !== undefined && parsed.digest !== undefined && fieldPin !== parsed.digest) {
    throw new ConflictError(
      "DigestMismatch",
      `${where(location)}: the url pins ${parsed.digest} but digest: says ${fieldPin}; keep one`,
    );
  }
  const pinned = fieldPin ?? parsed.digest;
  const ref: ArtifactReference = { registry: parsed.registry, repository: parsed.repository };
  if (parsed.tag !== undefined) ref.tag = parsed.tag;
  const display = formatReference(ref.tag === undefined ? { ...ref, digest: pinned } : ref);
  const request: ArtifactRequest = { ref, display, useKomposer: object.useKomposer === true, location };
  if (pinned !== undefined) request.pinned = pinned;
  return request;
}

export interface ArtifactLoaderOptions {
  fetcher: ArtifactFetcher;
  limit: Limiter;
  /** komposer.lock: display reference → digest. */
  lock?: ReadonlyMap<string, string>;
}

/**
 * Fetches the files of one import: `katalog.yaml` for a Katalog, `komposer.yaml` for a pack (whose
 * `imports.files` are then asked for by name, so a pack downloads only what it uses), or `files` when given.
 */
export type ArtifactLoader = (
  request: ArtifactRequest,
  files?: readonly string[],
) => Promise<FetchedArtifact>;

export function createArtifactLoader({ fetcher, limit, lock }: ArtifactLoaderOptions): ArtifactLoader {
  const cache = new Map<string, Promise<FetchedArtifact>>();
  return (request, asked) => {
    const expected = request.pinned ?? lock?.get(request.display);
    // A `digest:` pin beside a tag is checked against what the tag points at now
    // (docs/reference/documents.md#registry-imports: a mismatch is an error), so the tag is resolved; a lock
    // entry, or a pin without a tag, is fetched by digest.
    const checkTag = request.pinned !== undefined && request.ref.tag !== undefined;
    const ref = expected === undefined || checkTag ? request.ref : { ...request.ref, digest: expected };
    const files = asked ?? [request.useKomposer ? KOMPOSER_FILE : KATALOG_FILE];
    const key = `${formatReference(ref)} ${files.join(",")}`;
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = fetchChecked(fetcher, limit, ref, files, expected, request);
      cache.set(key, pending);
    }
    return pending;
  };
}

async function fetchChecked(
  fetcher: ArtifactFetcher,
  limit: Limiter,
  ref: ArtifactReference,
  files: readonly string[],
  expected: string | undefined,
  request: ArtifactRequest,
): Promise<FetchedArtifact> {
  let artifact: FetchedArtifact;
  try {
    artifact = await limit(() => fetcher.fetch(ref, { files }));
  } catch (error: unknown) {
    throw withImportContext(error, request);
  }
  if (expected !== undefined && artifact.digest !== expected) {
    const pinnedBy = request.pinned !== undefined ? where(request.location) : "komposer.lock";
    throw new ConflictError(
      "DigestMismatch",
      `${request.display}: ${pinnedBy} pins ${expected} but ` +
        (ref.digest === undefined
          ? `tag ${ref.tag} points at ${artifact.digest}`
          : `the registry returned ${artifact.digest}`) +
        (request.pinned !== undefined ? "" : "; run with --update-lock to re-resolve"),
    );
  }
  return artifact;
}

function withImportContext(error: unknown, request: ArtifactRequest): Error {
  const context = `(importing ${request.display}, ${where(request.location)})`;
  if (error instanceof RegistryError) {
    return new RegistryError(error.reason, `${error.message} ${context}`, {
      cause: error,
      transient: error.disposition === Disposition.Transient,
    });
  }
  if (error instanceof KomposerError) return error;
  // A fetcher should only throw RegistryError; anything else is most likely the network, so retry it.
  const message = error instanceof Error ? error.message : String(error);
  return new RegistryError(
    "RegistryUnavailable",
    `fetching ${request.display} failed: ${message} ${context}`,
    {
      cause: error,
      transient: true,
    },
  );
}

export function where(location: ImportLocation): string {
  const line = location.line === undefined ? "" : `:${location.line}`;
  return `${location.file}${line} ${location.path}`;
}
