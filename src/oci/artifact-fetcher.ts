// The `ArtifactFetcher` the core resolves imports with (src/core/artifact.ts), over registries, mirrors and
// image layouts. One instance is one resolution run: each manifest and blob digest is fetched at most once
// (concurrent asks share one request), tags are resolved once, requests run in parallel up to a bound.
// `resolveDigest` is the operator's cheap tag re-check (HEAD, never cached). With a ContentCache, digests
// already verified are read from it instead of the registry (content-cache.ts, docs/decisions/0011).
import type { ArtifactFetcher, ArtifactReference, FetchedArtifact, FetchOptions } from "../core/artifact.js";
import { RegistryError } from "../core/errors.js";
import { formatReference } from "../core/reference.js";
import { createLimiter, type Limiter } from "../core/limiter.js";
import { checkReference } from "./allowed-store.js";
import type { ContentCache } from "./content-cache.js";
import { checkDeclaredSize } from "./digest-stream.js";
import {
  filesOf,
  type ArtifactFile,
  parseManifestDocument,
  selectArtifactManifest,
  type Descriptor,
  type ImageManifest,
} from "./manifest.js";
import { Limits } from "./media-types.js";
import { createStoreRouter, type RegistryAccessOptions } from "./store-router.js";
import { isDigest, type ContentSource, type FetchedManifest } from "./store.js";

export interface ArtifactFetcherOptions extends RegistryAccessOptions {
  /** Requests in flight at once. Default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  /** Manifests and blobs by digest, shared across runs (and processes, on disk). */
  cache?: ContentCache;
  /**
   * Whether manifests come from the cache too (default true). False keeps one request per artifact with the
   * caller's credentials (the operator proves each namespace's access that way); blobs still come from it.
   */
  cacheManifests?: boolean;
}

export interface ArtifactFileInfo {
  name: string;
  size: number;
  digest: string;
  mediaType: string;
}

/** What the manifest says, without downloading files (`ork inspect`). */
export interface ArtifactInfo {
  /** Canonical reference as asked: `oci://host/repo:tag`. */
  ref: string;
  /** Digest the reference resolves to (an index's digest when the tag points at an index). */
  digest: string;
  mediaType: string;
  /** Size of that manifest (or index) in bytes. */
  size: number;
  /** Digest of the artifact manifest itself (equals `digest` unless an index was in between). */
  manifestDigest: string;
  artifactType?: string;
  configMediaType: string;
  annotations: Record<string, string>;
  files: ArtifactFileInfo[];
  /** Where it came from: a registry host, a mirror, `oci-layout:PATH`. */
  source: string;
}

export interface OciArtifactFetcher extends ArtifactFetcher {
  fetch(ref: ArtifactReference, options?: FetchOptions): Promise<FetchedArtifact>;
  inspect(ref: ArtifactReference): Promise<ArtifactInfo>;
  /** The digest a reference points to now: the pinned digest, or a HEAD request for the tag. */
  resolveDigest(ref: ArtifactReference): Promise<string>;
}

/**
 * Katalog requests are small and latency-bound: a round trip costs the same for 1 KiB as for 100, so what
 * bounds a resolution is how many round trips wait on each other. 8 in flight made 50 imports take 13 round
 * trips; 32 makes it 4 (two levels, manifest then blob) while staying far below what registries allow per
 * client (undici reuses each connection, keep-alive, so this is also the connection count per registry).
 */
export const DEFAULT_CONCURRENCY = 32;

interface Resolved {
  info: ArtifactInfo;
  manifest: ImageManifest;
  source: ContentSource;
}

export function createArtifactFetcher(options: ArtifactFetcherOptions): OciArtifactFetcher {
  const router = createStoreRouter(options);
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const resolutions = new Map<string, Promise<Resolved>>();
  const { fetchManifest, fetchTagged, fetchBlob } = createContentReader(options, limit);

  const resolve = (ref: ArtifactReference): Promise<Resolved> =>
    once(resolutions, formatReference(ref), async () => {
      // Before the download cache too: a cached artifact is still outside the list.
      checkReference(options.allowedRegistries, ref.registry, ref.repository);
      const what = formatReference(ref);
      const source = router.storeFor(ref.registry);
      const top = ref.digest
        ? await fetchManifest(source, ref.repository, ref.digest, what)
        : await fetchTagged(source, ref.repository, ref.tag ?? "latest", what);
      const { manifest, descriptor } = await artifactManifestOf(top, what, (child) =>
        fetchManifest(source, ref.repository, child, what),
      );
      const info = describeArtifact({ ref, what, top, manifestDescriptor: descriptor, manifest, source });
      return { info, manifest, source };
    });

  return {
    async inspect(ref) {
      return (await resolve(ref)).info;
    },

    async fetch(ref, fetchOptions = {}) {
      const { info, manifest, source } = await resolve(ref);
      const all = filesOf(manifest, info.ref);
      const wanted = fetchOptions.files ? new Set(fetchOptions.files) : undefined;
      const selected = all.filter((f) => !wanted || wanted.has(f.title));
      // Check counts and sizes before downloading anything, so an oversized artifact costs no requests.
      checkArtifactTotals(info.ref, all.length, selected);
      const contents = await Promise.all(
        selected.map((file) => fetchBlob(source, ref.repository, file, `${file.title} of ${info.ref}`)),
      );
      return fetchedArtifactOf(info, all, selected, contents);
    },

    async resolveDigest(ref) {
      checkReference(options.allowedRegistries, ref.registry, ref.repository);
      if (ref.digest) return ref.digest;
      const source = router.storeFor(ref.registry);
      const descriptor = await limit(() =>
        source.resolve({
          repository: ref.repository,
          reference: ref.tag ?? "latest",
          what: formatReference(ref),
        }),
      );
      return descriptor.digest;
    },
  };
}

/**
 * Manifests and blobs of one resolution run: each digest fetched at most once, through the shared cache when
 * there is one, every request under the run's concurrency bound.
 */
function createContentReader(options: ArtifactFetcherOptions, limit: Limiter) {
  const manifests = new Map<string, Promise<FetchedManifest>>();
  const blobs = new Map<string, Promise<Uint8Array>>();

  const cache = options.cache;
  const manifestCache = options.cacheManifests === false ? undefined : cache;

  const fetchManifest = (source: ContentSource, repository: string, reference: string, what: string) =>
    once(
      manifests,
      reference.includes(":") ? reference : `${source.label}/${repository}:${reference}`,
      async () => {
        if (manifestCache && isDigest(reference)) {
          const cached = await cachedManifest(manifestCache, reference);
          if (cached) return cached;
        }
        const fetched = await limit(() => source.fetchManifest({ repository, reference, what }));
        manifests.set(fetched.descriptor.digest, Promise.resolve(fetched));
        await manifestCache?.put(fetched.descriptor.digest, fetched.bytes);
        return fetched;
      },
    );

  /**
   * The top manifest for a tag. With a cached manifest for the digest the tag last pointed at, one HEAD
   * confirms (or corrects) the digest and the manifest comes from the cache; otherwise one GET, as without a
   * cache, and the digest is remembered for next time.
   */
  const fetchTagged = async (source: ContentSource, repository: string, tag: string, what: string) => {
    if (!manifestCache) return fetchManifest(source, repository, tag, what);
    const tagKey = `${source.label}/${repository}:${tag}`;
    if ((await manifestCache.tagHint(tagKey)) !== undefined) {
      const head = await limit(() => source.resolve({ repository, reference: tag, what }));
      await manifestCache.rememberTag(tagKey, head.digest);
      return fetchManifest(source, repository, head.digest, what);
    }
    const fetched = await fetchManifest(source, repository, tag, what);
    await manifestCache.rememberTag(tagKey, fetched.descriptor.digest);
    return fetched;
  };

  const fetchBlob = (source: ContentSource, repository: string, file: ArtifactFile, what: string) =>
    once(blobs, file.descriptor.digest, async () => {
      const cached = await cache?.get(file.descriptor.digest);
      if (cached && cached.byteLength === file.descriptor.size) return cached;
      const bytes = await limit(() => source.fetchBlob(repository, file.descriptor, what, Limits.fileBytes));
      await cache?.put(file.descriptor.digest, bytes);
      return bytes;
    });

  return { fetchManifest, fetchTagged, fetchBlob };
}

/** One load per key at a time; concurrent asks share it. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = load();
    cache.set(key, found);
    // A failure is not cached: the next run (or retry by the caller) asks again.
    found.catch(() => cache.delete(key));
  }
  return found;
}

/**
 * The artifact manifest `top` stands for: itself, or the one its index selects (fetched with `fetchChild`).
 * One level only: an index nested in an index is refused.
 */
async function artifactManifestOf(
  top: FetchedManifest,
  what: string,
  fetchChild: (digest: string) => Promise<FetchedManifest>,
): Promise<{ manifest: ImageManifest; descriptor: Descriptor }> {
  const doc = parseManifestDocument(top.bytes, top.descriptor.mediaType, what);
  if (doc.kind !== "index") return { manifest: doc.manifest, descriptor: top.descriptor };
  const child = selectArtifactManifest(doc.index, what);
  checkDeclaredSize(child.size, { what: `manifest of ${what}`, maxBytes: Limits.manifestBytes });
  const fetched = await fetchChild(child.digest);
  const inner = parseManifestDocument(fetched.bytes, child.mediaType, what);
  if (inner.kind !== "manifest")
    throw new RegistryError("UnsupportedArtifact", `${what}: an index nested in an index is not an artifact`);
  return { manifest: inner.manifest, descriptor: fetched.descriptor };
}

interface DescribeInputs {
  ref: ArtifactReference;
  what: string;
  top: FetchedManifest;
  manifestDescriptor: Descriptor;
  manifest: ImageManifest;
  source: ContentSource;
}

/** What the manifest says (`ork inspect`), refused when a pinned reference resolved to another digest. */
function describeArtifact(inputs: DescribeInputs): ArtifactInfo {
  const { ref, what, top, manifestDescriptor, manifest, source } = inputs;
  const info: ArtifactInfo = {
    ref: formatReference(ref),
    digest: top.descriptor.digest,
    mediaType: manifest.mediaType ?? top.descriptor.mediaType,
    size: top.descriptor.size,
    manifestDigest: manifestDescriptor.digest,
    configMediaType: manifest.config.mediaType,
    annotations: { ...(manifest.annotations ?? {}) },
    files: filesOf(manifest, what).map((f) => ({
      name: f.title,
      size: f.descriptor.size,
      digest: f.descriptor.digest,
      mediaType: f.descriptor.mediaType,
    })),
    source: source.label,
  };
  if (manifest.artifactType !== undefined) info.artifactType = manifest.artifactType;
  if (ref.digest && ref.digest !== info.digest) {
    throw new RegistryError("IntegrityError", `${what}: resolved to ${info.digest}, not the pinned digest`);
  }
  return info;
}

/** The fetched artifact: the selected files' bytes, and every file's name (the import graph checks them). */
function fetchedArtifactOf(
  info: ArtifactInfo,
  all: readonly ArtifactFile[],
  selected: readonly ArtifactFile[],
  contents: readonly Uint8Array[],
): FetchedArtifact {
  const files = new Map<string, Uint8Array>();
  selected.forEach((file, i) => files.set(file.title, contents[i] ?? new Uint8Array()));
  return {
    ref: info.ref,
    digest: info.digest,
    files,
    names: all.map((f) => f.title),
    annotations: info.annotations,
  };
}

/** A cached manifest with the media type its own JSON declares (undefined when it declares none: a miss). */
async function cachedManifest(cache: ContentCache, digest: string): Promise<FetchedManifest | undefined> {
  const bytes = await cache.get(digest);
  if (bytes === undefined) return undefined;
  let mediaType: unknown;
  try {
    mediaType = (JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: unknown }).mediaType;
  } catch {
    return undefined;
  }
  if (typeof mediaType !== "string") return undefined;
  return { descriptor: { mediaType, digest, size: bytes.byteLength }, bytes };
}

/**
 * Every blob is held in memory until verified, so one fetch is bounded as a whole, from the manifest's declared
 * sizes: at most `Limits.filesPerArtifact` files in the artifact, each at most `Limits.fileBytes`, and at most
 * `Limits.artifactBytes` in total for the files asked for (declared sizes are enforced while reading).
 */
function checkArtifactTotals(what: string, fileCount: number, selected: readonly ArtifactFile[]): void {
  if (fileCount > Limits.filesPerArtifact) {
    throw new RegistryError(
      "TooLarge",
      `${what} has ${fileCount} files, more than the ${Limits.filesPerArtifact} allowed in one artifact; refusing to download it`,
    );
  }
  let total = 0;
  for (const file of selected) {
    checkDeclaredSize(file.descriptor.size, {
      what: `${file.title} of ${what}`,
      maxBytes: Limits.fileBytes,
    });
    total += file.descriptor.size;
  }
  if (total > Limits.artifactBytes) {
    throw new RegistryError(
      "TooLarge",
      `${what} declares ${total} bytes in ${selected.length} files, above the ${Limits.artifactBytes}-byte limit for one artifact; refusing to download it`,
    );
  }
}
