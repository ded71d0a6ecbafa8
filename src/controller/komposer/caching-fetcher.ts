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

/** What the helpers below share within one reconcile: whose cache entries, and the lazily built client. */
interface FetchScope {
  namespace: string;
  cache: ArtifactCache;
  record: RegistryFetchRecorder;
  client: () => Promise<OciArtifactFetcher>;
}

/** Checked before any request, so a Komposer cannot make the operator probe hosts outside the policy. */
function assertAllowed(ref: ArtifactReference, allowedRegistries: readonly string[]): void {
  if (isRegistryAllowed(ref, allowedRegistries)) return;
  throw new RegistryError(
    "RegistryNotAllowed",
    `${formatReference(ref)} is outside the registries this operator may use ` +
      `(--allowed-registries ${allowedRegistries.join(",")}); import from one of them`,
  );
}

/** Runs one registry call; a failure is counted for its registry before it propagates. */
async function callUpstream<T>(
  scope: FetchScope,
  ref: ArtifactReference,
  call: (client: OciArtifactFetcher) => Promise<T>,
): Promise<T> {
  try {
    return await call(await scope.client());
  } catch (error) {
    scope.record(FetchResult.Error, ref.registry);
    throw error;
  }
}

/** Downloads `ref` and keeps it for this namespace (complete only when every file was asked for). */
function fetchIntoCache(
  scope: FetchScope,
  ref: ArtifactReference,
  fetchOptions: FetchOptions,
): Promise<FetchedArtifact> {
  return callUpstream(scope, ref, async (client) => {
    const artifact = await client.fetch(ref, fetchOptions);
    const key = ArtifactCache.contentKey(ref.registry, ref.repository, artifact.digest);
    scope.cache.put(scope.namespace, key, artifact, fetchOptions.files === undefined);
    scope.record(FetchResult.Fetched, ref.registry);
    return artifact;
  });
}

/**
 * The copy of `key` another namespace holds or is downloading, once this namespace has proved it may read it;
 * otherwise this fetch downloads `digest` itself.
 */
async function shareOrDownload(
  scope: FetchScope,
  ref: ArtifactReference,
  target: { key: string; digest: string },
  fetchOptions: FetchOptions,
): Promise<FetchedArtifact> {
  const { key, digest } = target;
  for (let joined = 0; ; joined++) {
    // Held for another namespace: share the bytes once THIS namespace's credentials reach the manifest
    // (the tag's HEAD already did; a pinned digest costs one manifest request, not every blob).
    const shared = scope.cache.peek(key, fetchOptions.files);
    if (shared) {
      if (ref.digest) await callUpstream(scope, ref, (client) => client.inspect(ref));
      scope.cache.grant(scope.namespace, key);
      scope.record(ref.digest ? FetchResult.Cached : FetchResult.Unchanged, ref.registry);
      return shared;
    }
    // Single flight: another reconcile is downloading this digest right now, so wait for it instead of
    // downloading it again (1,000 Komposers starting at once). Its failure is not ours (it used other
    // credentials), so after it settles we look again and, at worst, download ourselves.
    const running = scope.cache.inFlight(key);
    if (!running || joined >= MAX_JOINS) break;
    await running.then(ignore, ignore);
  }
  // Fetch by the digest the HEAD saw, so the bytes match what was checked even if the tag moves now.
  // No await between inFlight() above and track() here, so no second download can slip in between.
  return scope.cache.track(key, fetchIntoCache(scope, { ...ref, digest }, fetchOptions));
}

/**
 * A tag's digest: the HEAD another reconcile sent with the same credentials when it is recent enough, else
 * our own. The fingerprint is of what THIS namespace would send to this registry, so an answer is shared only
 * when the HEAD proved exactly the access ours would. A periodic re-check (only the interval passed) takes an
 * answer up to SHARED_HEAD_MAX_AGE_MS old; anything asked for takes only one sent after this reconcile began.
 */
async function sharedOrOwnHead(
  shared: CachingFetcherOptions["sharedHeads"],
  ref: ArtifactReference,
  periodic: boolean,
  send: () => Promise<string>,
): Promise<string> {
  if (!shared || ref.tag === undefined) return send();
  const fingerprint = credentialFingerprint(await (await shared.credentials()).get(ref.registry));
  const key = SharedTagHeads.key(fingerprint, ref.registry, ref.repository, ref.tag);
  const notBefore = periodic ? shared.clock.now() - SHARED_HEAD_MAX_AGE_MS : shared.startedAt;
  return shared.heads.resolve(key, notBefore, send);
}

export function createCachingFetcher(options: CachingFetcherOptions): CachingFetcher {
  const { namespace, cache, record } = options;
  let upstream: Promise<OciArtifactFetcher> | undefined;
  const client = (): Promise<OciArtifactFetcher> => (upstream ??= options.upstream());
  const scope: FetchScope = { namespace, cache, record, client };
  // The client is built only when this reconcile sends its own HEAD (a shared answer needs none).
  const headDigest = async (ref: ArtifactReference, periodic: boolean): Promise<string> => {
    try {
      return await sharedOrOwnHead(options.sharedHeads, ref, periodic, async () =>
        (await client()).resolveDigest(ref),
      );
    } catch (error) {
      record(FetchResult.Error, ref.registry);
      throw error;
    }
  };

  return {
    async currentDigest(ref, checkOptions = {}) {
      assertAllowed(ref, options.allowedRegistries);
      if (ref.digest) {
        record(FetchResult.Cached, ref.registry);
        return ref.digest;
      }
      const digest = await headDigest(ref, checkOptions.periodic ?? false);
      record(FetchResult.Unchanged, ref.registry);
      return digest;
    },

    async fetch(ref, fetchOptions = {}) {
      assertAllowed(ref, options.allowedRegistries);
      const asked = formatReference(ref);
      const digest = ref.digest ?? (await headDigest(ref, false));
      const key = ArtifactCache.contentKey(ref.registry, ref.repository, digest);
      const cached = cache.get(namespace, key, fetchOptions.files);
      if (cached) {
        record(ref.digest ? FetchResult.Cached : FetchResult.Unchanged, ref.registry);
        return { ...cached, ref: asked };
      }
      const artifact = await shareOrDownload(scope, ref, { key, digest }, fetchOptions);
      return { ...artifact, ref: asked };
    },
  };
}
