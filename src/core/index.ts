// src/core owns the pure composition core shared by `ork` and the operator: document parsing and validation,
// reference parsing, the import graph, merge patches and overrides, bundle rendering (canonical YAML, digest,
// RBAC), plans and lock files. It never does I/O, reads the clock or the environment: files, registries and
// locks are passed in (ArtifactFetcher, ReadLocalFile), so the same inputs give the same bundle everywhere.
export * from "./errors.js";
export type * from "./artifact.js";
export { parseReference, formatReference } from "./reference.js";
export * from "./signals.js";
export { parseDocument, parseKatalog, parseKomposer, validateDocument } from "./parse-document.js";
export type {
  DocumentInput,
  ParsedDocument,
  ParsedKatalog,
  ParsedKomposer,
  ValidationResult,
} from "./parse-document.js";
export { DEFAULT_YAML_LIMITS, type YamlLimits } from "./yaml-source.js";
export { kubectlProblems } from "./kubectl-check.js";
export { applyMergePatch } from "./merge-patch.js";
export { resolveImports, DEFAULT_FETCH_CONCURRENCY, DEFAULT_MAX_DEPTH } from "./resolve-imports.js";
export type {
  ResolveImportsOptions,
  ResolveImportsResult,
  ResolvedImport,
  ReadLocalFile,
} from "./resolve-imports.js";
export { KATALOG_FILE, KOMPOSER_FILE } from "./artifact-loader.js";
export { createLimiter, type Limiter } from "./limiter.js";
export { MemoryArtifactFetcher } from "./memory-fetcher.js";
export { composeBundle, type ComposeOptions, type ComposeResult } from "./compose.js";
export { renderBundle, selectBundlePart, MAX_BUNDLE_BYTES } from "./render-bundle.js";
export type { RenderBundleOptions, RenderedBundle, BundlePart } from "./render-bundle.js";
export * from "./bundle-objects.js";
export { runtimeRulesFor, type PolicyRule } from "./rbac.js";
export { gatewayRulesFor } from "./gateway-rbac.js";
export { buildRuntimePayload, type RuntimePayload, type FieldMove } from "./runtime-payload.js";
export { generationsOf, detectGeneration, type RuntimeTarget } from "./runtime-schema/detect.js";
export { runtimeSchemaProblems } from "./runtime-schema/document-problems.js";
export { computeBundleDigest, sha256Digest, shortDigest } from "./digest.js";
export { toCanonicalYaml, toCanonicalYamlStream } from "./canonical-yaml.js";
export { planBundleChange, formatPlan, type BundlePlan, type RbacGrant } from "./plan.js";
export { readBundle, type BundleContent } from "./bundle-reader.js";
export { parseLockFile, renderLockFile, lockEntriesOf, LOCK_FILE_NAME } from "./lock-file.js";
