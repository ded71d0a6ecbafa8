// The one entry point the CLI and the operator share: documents in, bundle out. Parse every document (all
// problems at once), resolve the import graph, apply overrides, render. Everything it needs from the world
// (files, registries, the lock) is passed in, so the same inputs give the same bundle in both.
import type { EffectiveKatalog } from "../api/effective.js";
import { readDocumentMetadata } from "../api/metadata.js";
import type { ArtifactFetcher } from "./artifact.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { validateDocument, type DocumentInput, type ParsedDocument } from "./parse-document.js";
import { renderBundle, type BundleIdentity, type RenderedBundle } from "./render-bundle.js";
import { buildRuntimePayload, type RuntimePayload } from "./runtime-payload.js";
import { chooseRuntimeTarget } from "./runtime-schema/target.js";
import { resolveImports, type ReadLocalFile, type ResolvedImport } from "./resolve-imports.js";
import type { YamlLimits } from "./yaml-source.js";

export interface ComposeOptions {
  /** Komposer (or Katalog) documents: files from `-f`, or the Komposer object the operator reconciles. */
  documents: readonly DocumentInput[];
  readLocalFile: ReadLocalFile;
  fetcher: ArtifactFetcher;
  /** komposer.lock entries (reference → digest); tags resolve to these digests. */
  lock?: ReadonlyMap<string, string>;
  namespace: string;
  includeNamespace: boolean;
  concurrency?: number;
  maxDepth?: number;
  limits?: YamlLimits;
  maxBundleBytes?: number;
  /** `--runtime-version`: wins over the Komposer's spec.runtime.version and over detection. */
  runtimeVersion?: string;
  /** upstream's `--for`; default all identities. */
  identities?: readonly BundleIdentity[];
}

export interface ComposeResult {
  bundle: RenderedBundle;
  effective: EffectiveKatalog;
  /** Registry artifacts used, sorted: for komposer.lock and status.resolved. */
  resolved: ResolvedImport[];
  /** Warnings from every document and from rendering; errors are thrown. */
  warnings: Problem[];
  /** The payload for the target runtime: its generation, how it was chosen, and the fields moved. */
  payload: RuntimePayload;
}

export async function composeBundle(options: ComposeOptions): Promise<ComposeResult> {
  const roots = parseRoots(options.documents, options.limits);
  const resolution = await resolveImports({
    roots,
    readLocalFile: options.readLocalFile,
    fetcher: options.fetcher,
    lock: options.lock,
    concurrency: options.concurrency,
    maxDepth: options.maxDepth,
    limits: options.limits,
  });
  const effective: EffectiveKatalog = {
    metadata: readDocumentMetadata(roots[0]!.document.metadata),
    sources: roots.map((root) => root.document.metadata.name),
    crds: resolution.crds,
    blocks: resolution.blocks,
  };
  const target = chooseRuntimeTarget({
    flag: options.runtimeVersion,
    roots,
    crds: effective.crds,
  });
  const payload = buildRuntimePayload(effective, target);
  const bundle = renderBundle(effective, {
    namespace: options.namespace,
    includeNamespace: options.includeNamespace,
    payload,
    ...(options.identities ? { identities: options.identities } : {}),
    maxBytes: options.maxBundleBytes,
  });
  return {
    bundle,
    effective,
    resolved: resolution.resolved,
    warnings: [...resolution.warnings, ...bundle.warnings],
    payload,
  };
}

function parseRoots(documents: readonly DocumentInput[], limits: YamlLimits | undefined): ParsedDocument[] {
  if (documents.length === 0) {
    throw new InvalidInputError("NoDocuments", [
      { file: "", path: "", message: "no document given; pass a komposer.yaml", severity: "error" },
    ]);
  }
  const parsed: ParsedDocument[] = [];
  const problems: Problem[] = [];
  for (const input of documents) {
    const result = validateDocument(input, undefined, { limits });
    if (result.ok) parsed.push(result.parsed);
    else problems.push(...result.problems);
  }
  if (problems.some((p) => p.severity === "error")) throw new InvalidInputError("InvalidDocument", problems);
  return parsed;
}
