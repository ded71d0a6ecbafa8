// The ArtifactFetcher the operator hands to composeBundle: the allowed-registries policy first (before any
// request, so a Komposer cannot make the operator probe internal hosts), then the shared ArtifactCache, then
// the per-reconcile OCI fetcher with this namespace's credentials. Nested imports go through here too.
import type {
  ArtifactFetcher,
  ArtifactReference,
  FetchedArtifact,
  FetchOptions,
} from "../../core/artifact.js";
import { RegistryError } from "../../core/errors.js";
import { formatReference } from "../../core/reference.js";
import { allowsReference, parseAllowList } from "../../core/registry-allow-list.js";
import type { CredentialStore, OciArtifactFetcher } from "../../oci/index.js";
import type { Clock } from "../clock.js";
import { FetchResult, type RegistryFetchRecorder } from "../metrics.js";
import { ArtifactCache } from "./artifact-cache.js";
import { credentialFingerprint, SHARED_HEAD_MAX_AGE_MS, SharedTagHeads } from "./shared-tag-heads.js";

/** Downloads of one digest a fetch waits for before it downloads itself (each was someone else's failure). */
const MAX_JOINS = 3;
const ignore = (): void => undefined;

export interface CachingFetcherOptions {
  namespace: string;
  cache: ArtifactCache;
  /** Created lazily: a reconcile served from the cache never builds a client or reads credentials. */
  upstream: () => Promise<OciArtifactFetcher>;
  allowedRegistries: readonly string[];
  record: RegistryFetchRecorder;
  /**
   * Tag HEADs shared with other reconciles sending the same credentials (shared-tag-heads.ts); without it
   * every tag costs this reconcile its own HEAD. `credentials` are the ones `upstream` is built with.
   */
  sharedHeads?: {
    heads: SharedTagHeads;
    credentials: () => Promise<CredentialStore>;
    clock: Clock;
    /** When this reconcile started: what it was asked to see happened before, so older answers do not do. */
    startedAt: number;
  };
}

/** Whether `ref` lies under one of the `host[/path]` prefixes (empty list: everything is allowed). */
export function isRegistryAllowed(ref: ArtifactReference, allowed: readonly string[]): boolean {
  return allowsReference(parseAllowList(allowed), ref.registry, ref.repository);
}

export interface CachingFetcher extends ArtifactFetcher {
  /**
   * The digest `ref` points at now, with the same policy and credentials as `fetch` but without the bytes:
   * the pinned digest, or one HEAD for a tag. `periodic`: a re-check nothing asked for (only the interval
   * passed), which may take a shared answer up to SHARED_HEAD_MAX_AGE_MS old.
   */
  currentDigest(ref: ArtifactReference, options?: { periodic?: boolean }): Promise<string>;
}

export function createCachingFetcher(options: CachingFetcherOptions): CachingFetcher {
  const { namespace, cache, record } = options;
  let upstream: Promise<OciArtifactFetcher> | undefined;
  const client = (): Promise<OciArtifactFetcher> => (upstream ??= options.upstream());

  const fromUpstream = async (
    ref: ArtifactReference,
    fetchOptions: FetchOptions,
  ): Promise<FetchedArtifact> => {
    try {
      const artifact = await (await client()).fetch(ref, fetchOptions);
      const key = ArtifactCache.contentKey(ref.registry, ref.repository, artifact.digest);
      cache.put(namespace, key, artifact, fetchOptions.files === undefined);
      record(FetchResult.Fetched, ref.registry);
      return artifact;
    } catch (error) {
      record(FetchResult.Error, ref.registry);
      throw error;
    }
  };

  const assertAllowed = (ref: ArtifactReference): void => {
    if (isRegistryAllowed(ref, options.allowedRegistries)) return;
    throw new RegistryError(
      "RegistryNotAllowed",
      `${formatReference(ref)} is outside the registries this operator may use ` +
        `(--allowed-registries ${options.allowedRegistries.join(",")}); import from one of them`,
    );
  };

  return {
    async currentDigest(ref, checkOptions = {}) {
      assertAllowed(ref);
      if (ref.digest) {
        record(FetchResult.Cached, ref.registry);
        return ref.digest;
      }
      const digest = await headDigest(ref, checkOptions.periodic ?? false);
      record(FetchResult.Unchanged, ref.registry);
      return digest;
    },

    async fetch(ref, fetchOptions = {}) {
      assertAllowed(ref);
      const asked = formatReference(ref);
      const digest = ref.digest ?? (await headDigest(ref, false));
      const key = ArtifactCache.contentKey(ref.registry, ref.repository, digest);
      const cached = cache.get(namespace, key, fetchOptions.files);
      if (cached) {
        record(ref.digest ? FetchResult.Cached : FetchResult.Unchanged, ref.registry);
        return { ...cached, ref: asked };
      }
      for (let joined = 0; ; joined++) {
        // Held for another namespace: share the bytes once THIS namespace's credentials reach the manifest
        // (the tag's HEAD above already did; a pinned digest costs one manifest request, not every blob).
        const shared = cache.peek(key, fetchOptions.files);
        if (shared) {
          if (ref.digest) await proveAccess(ref);
          cache.grant(namespace, key);
          record(ref.digest ? FetchResult.Cached : FetchResult.Unchanged, ref.registry);
          return { ...shared, ref: asked };
        }
        // Single flight: another reconcile is downloading this digest right now, so wait for it instead of
        // downloading it again (1,000 Komposers starting at once). Its failure is not ours (it used other
        // credentials), so after it settles we look again and, at worst, download ourselves.
        const running = cache.inFlight(key);
        if (!running || joined >= MAX_JOINS) break;
        await running.then(ignore, ignore);
      }
      // Fetch by the digest the HEAD saw, so the bytes match what was checked even if the tag moves now.
      // No await between inFlight() above and track() here, so no second download can slip in between.
      const artifact = await cache.track(key, fromUpstream({ ...ref, digest }, fetchOptions));
      return { ...artifact, ref: asked };
    },
  };

  async function proveAccess(ref: ArtifactReference): Promise<void> {
    try {
      await (await client()).inspect(ref);
    } catch (error) {
      record(FetchResult.Error, ref.registry);
      throw error;
    }
  }

  async function headDigest(ref: ArtifactReference, periodic: boolean): Promise<string> {
    try {
      const send = async () => (await client()).resolveDigest(ref);
      const shared = options.sharedHeads;
      if (!shared || ref.tag === undefined) return await send();
      // The fingerprint of what THIS namespace would send to this registry: equal only when the HEAD another
      // namespace sent proves exactly the access ours would.
      const fingerprint = credentialFingerprint(await (await shared.credentials()).get(ref.registry));
      const key = SharedTagHeads.key(fingerprint, ref.registry, ref.repository, ref.tag);
      const notBefore = periodic ? shared.clock.now() - SHARED_HEAD_MAX_AGE_MS : shared.startedAt;
      return await shared.heads.resolve(key, notBefore, send);
    } catch (error) {
      record(FetchResult.Error, ref.registry);
      throw error;
    }
  }
}
