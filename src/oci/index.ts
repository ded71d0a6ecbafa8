// src/oci owns everything between Komposer and the places artifacts live: the OCI distribution client over
// fetch (auth challenges, docker-config credentials and helpers, retries, timeouts), verification of every
// byte against digest and size, on-disk OCI image layouts, registry mirrors, and the artifact format of
// upstream Orkestra (build, push, fetch, pull). It implements the core's `ArtifactFetcher`; it may import
// src/core and src/api only. See docs/decisions/0002-oci-client.md.
export { createArtifactFetcher } from "./artifact-fetcher.js";
export type {
  ArtifactFetcherOptions,
  ArtifactFileInfo,
  ArtifactInfo,
  OciArtifactFetcher,
} from "./artifact-fetcher.js";
export { buildArtifact, readPatternMetadata } from "./artifact-format.js";
export type { BuiltArtifact, PatternFile } from "./artifact-format.js";
export { pushArtifact, readPatternDirectory } from "./push.js";
export type { PushOptions, PushResult } from "./push.js";
export { writeArtifactFiles } from "./pull.js";
export type { WriteArtifactOptions, WrittenFile } from "./pull.js";
export { mergeMirrors, parseMirrorSpec, parseMirrorTarget, describeMirrorTarget } from "./mirrors.js";
export type { MirrorSource, MirrorTarget, Mirrors } from "./mirrors.js";
export { createDockerCredentialStore, credentialStoreFromConfigs } from "./docker-config.js";
export type { CredentialStore, Credentials, DockerConfigFile } from "./docker-config.js";
export { createMemoryCache } from "./content-cache.js";
export type { ContentCache, MemoryCacheOptions } from "./content-cache.js";
export { createDiskCache, defaultCacheDir, DEFAULT_CACHE_MAX_BYTES } from "./disk-cache.js";
export type { DiskCacheOptions } from "./disk-cache.js";
export { createRequestCounter } from "./metrics.js";
export type { RequestCounter, RequestEvent, RequestHook, RequestKind, RequestResult } from "./metrics.js";
export type { RegistryAccessOptions } from "./store-router.js";
export type { RetryPolicy } from "./retry.js";
export { isLoopbackHost } from "./http-transport.js";
export { Limits, MediaType } from "./media-types.js";
export { deadlineAfter } from "./deadline.js";
export type { Deadline } from "./deadline.js";
