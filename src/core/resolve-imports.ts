// The import graph (docs/reference/resolution.md#import-graph). A Komposer's imports resolve in order —
// imports.registry, then imports.files, then its inline spec.crds — with `useKomposer` packs resolved
// recursively, their own overrides applied before ours. Fetches run in parallel (bounded) and are cached per
// reference; results are combined in list order, so output never depends on timing. Duplicates, diamonds that
// disagree, cycles and excessive depth are ConflictErrors that print the paths involved.
import type { EffectiveCrd } from "../api/effective.js";
import { DEFAULT_LOGICAL_NAMESPACE, readDocumentMetadata } from "../api/metadata.js";
import type { ArtifactFetcher } from "./artifact.js";
import {
  createArtifactLoader,
  KATALOG_FILE,
  KOMPOSER_FILE,
  readRegistryImport,
  type ArtifactLoader,
  type ArtifactRequest,
  type ImportLocation,
} from "./artifact-loader.js";
import { applyCrdOverrides } from "./apply-overrides.js";
import { compareKeys } from "./canonical-yaml.js";
import { blocksOf, combineCrdSets, mergeBlocks, type CrdSet } from "./crd-set.js";
import { dropDisabledSources } from "./drop-sources.js";
import { contentDigest } from "./digest.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { assertNoCycle, type ChainLink } from "./import-chain.js";
import {
  artifactFileReader,
  crdSetFromKatalog,
  localFileReader,
  packFileName,
  sourceFrom,
  type ImportFileReader,
  type ReadLocalFile,
} from "./import-sources.js";
import { createLimiter } from "./limiter.js";
import { parseKatalog, parseKomposer, type ParsedDocument, type ParsedKomposer } from "./parse-document.js";
import { ResolvedImports, type ResolvedImport } from "./resolved-imports.js";
import { settleInOrder } from "./settle.js";
import type { YamlLimits } from "./yaml-source.js";

export type { ReadLocalFile } from "./import-sources.js";
export type { ResolvedImport } from "./resolved-imports.js";

export const DEFAULT_FETCH_CONCURRENCY = 8;
export const DEFAULT_MAX_DEPTH = 16;

export interface ResolveImportsOptions {
  /** The documents given on the command line (or the Komposer object): Komposers or Katalogs. */
  roots: readonly ParsedDocument[];
  readLocalFile: ReadLocalFile;
  fetcher: ArtifactFetcher;
  /** komposer.lock entries: tags resolve to these digests. */
  lock?: ReadonlyMap<string, string>;
  concurrency?: number;
  maxDepth?: number;
  limits?: YamlLimits;
}

export interface ResolveImportsResult {
  /** Every CRD, enabled or not, sorted by key. */
  crds: EffectiveCrd[];
  blocks: Record<string, unknown>;
  /** Every registry artifact used, sorted by reference: for komposer.lock and status.resolved. */
  resolved: ResolvedImport[];
  /** Warnings of every document read, each once. */
  warnings: Problem[];
}

interface Run {
  load: ArtifactLoader;
  readLocalFile: ReadLocalFile;
  maxDepth: number;
  limits: YamlLimits | undefined;
  resolved: ResolvedImports;
  warnings: Map<string, Problem>;
}

/** Where a Komposer sits in the graph. */
interface KomposerNode {
  komposer: ParsedKomposer;
  chain: readonly ChainLink[];
  via: readonly string[];
  origin: string;
  identity: string;
  readFile: ImportFileReader;
}

export async function resolveImports(options: ResolveImportsOptions): Promise<ResolveImportsResult> {
  const run: Run = {
    load: createArtifactLoader({
      fetcher: options.fetcher,
      limit: createLimiter(options.concurrency ?? DEFAULT_FETCH_CONCURRENCY),
      lock: options.lock,
    }),
    readLocalFile: options.readLocalFile,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    limits: options.limits,
    resolved: new ResolvedImports(),
    warnings: new Map(),
  };
  const sets = await settleInOrder(options.roots.map((root) => resolveRoot(run, root)));
  const combined = combineCrdSets(sets);
  return {
    crds: [...combined.crds.values()].sort((a, b) => compareKeys(a.key, b.key)),
    blocks: { ...combined.blocks },
    resolved: run.resolved.list(),
    warnings: [...run.warnings.values()],
  };
}

function resolveRoot(run: Run, root: ParsedDocument): Promise<CrdSet> {
  addWarnings(run, root);
  const identity = contentDigest(root.document);
  if (root.kind === "Katalog")
    return Promise.resolve(crdSetFromKatalog(root, root.file, identity, [root.file]));
  return resolveKomposer(run, {
    komposer: root,
    chain: [{ label: root.file, short: root.file, identity }],
    via: [root.file],
    origin: root.file,
    identity,
    readFile: localFileReader(run.readLocalFile, root.file),
  });
}

async function resolveKomposer(run: Run, node: KomposerNode): Promise<CrdSet> {
  const { document, file, locate } = node.komposer;
  const registry = document.imports?.registry ?? [];
  const files = document.imports?.files ?? [];
  const parts = await settleInOrder([
    ...registry.map(async (item, i) => {
      const location = at(file, locate(["imports", "registry", i]), `imports.registry[${i}]`);
      return loadRegistryImport(run, node, readRegistryImport(item, location));
    }),
    ...files.map((path, i) =>
      loadFileImport(run, node, path, at(file, locate(["imports", "files", i]), `imports.files[${i}]`)),
    ),
  ]);
  const imported = combineCrdSets(dropDisabledSources(parts, node.komposer));
  // A Komposer's metadata.namespace is its Kubernetes namespace once applied, so it is not used as the logical
  // namespace of the CRDs it adds: the CLI and the operator must stamp them alike.
  const metadata = { ...readDocumentMetadata(document.metadata), namespace: DEFAULT_LOGICAL_NAMESPACE };
  const ownSource = sourceFrom(metadata, node.origin, node.identity);
  const crds = applyCrdOverrides(imported.crds, { komposer: node.komposer, ownSource, via: node.via });
  return { crds, blocks: mergeBlocks(imported.blocks, blocksOf(document)) };
}

async function loadRegistryImport(run: Run, node: KomposerNode, request: ArtifactRequest): Promise<CrdSet> {
  const artifact = await run.load(request);
  const record = { ref: request.display, digest: artifact.digest, annotations: artifact.annotations };
  const via = [...node.via, request.display];
  if (!request.useKomposer) {
    const katalog = parseKatalog(artifactDocument(artifact, KATALOG_FILE, request), { limits: run.limits });
    addWarnings(run, katalog);
    run.resolved.add({ ...record, kind: "Katalog", crds: Object.keys(katalog.document.spec?.crds ?? {}) });
    return crdSetFromKatalog(katalog, request.display, artifact.digest, via);
  }
  const chain = assertNoCycle(node.chain, request, artifact.digest, run.maxDepth);
  const komposer = parseKomposer(artifactDocument(artifact, KOMPOSER_FILE, request), { limits: run.limits });
  addWarnings(run, komposer);
  // A pack downloads komposer.yaml, then only the files its imports.files name (the fetch bounds their total).
  const names = (komposer.document.imports?.files ?? []).flatMap((path) => packFileName(path) ?? []);
  const withFiles = names.length === 0 ? artifact : await run.load(request, [KOMPOSER_FILE, ...names]);
  const set = await resolveKomposer(run, {
    komposer,
    chain,
    via,
    origin: request.display,
    identity: artifact.digest,
    readFile: artifactFileReader(withFiles, request.display),
  });
  run.resolved.add({ ...record, kind: "Komposer", crds: [...set.crds.keys()] });
  return set;
}

async function loadFileImport(
  run: Run,
  node: KomposerNode,
  path: string,
  location: ImportLocation,
): Promise<CrdSet> {
  const { file, content } = await node.readFile(path, location);
  const katalog = parseKatalog({ file, text: content }, { limits: run.limits });
  addWarnings(run, katalog);
  return crdSetFromKatalog(katalog, file, contentDigest(katalog.document), [...node.via, file]);
}

function artifactDocument(
  artifact: { files: ReadonlyMap<string, Uint8Array>; names?: readonly string[] },
  name: string,
  request: ArtifactRequest,
) {
  const content = artifact.files.get(name);
  if (content === undefined) throw missingFile(request, name, [...(artifact.names ?? artifact.files.keys())]);
  return { file: `${request.display}#${name}`, text: content };
}

function missingFile(request: ArtifactRequest, name: string, present: string[]): Error {
  const hint =
    name === KATALOG_FILE
      ? "; if it is a pack, import it with `useKomposer: true`"
      : "; drop `useKomposer: true` to import its katalog.yaml";
  // `present` lists every title of the artifact (fetchers report them even for files not downloaded).
  const files = present.length > 0 ? ` (files: ${present.sort().join(", ")})` : "";
  // The registry answered fine; the import asks for the wrong kind of artifact, so it is the user's to fix.
  const { file, path, line } = request.location;
  return new InvalidInputError("WrongArtifactKind", [
    {
      file,
      path,
      ...(line === undefined ? {} : { line }),
      message: `${request.display} has no ${name}${files}${hint}`,
      severity: "error",
    },
  ]);
}

function addWarnings(run: Run, document: { warnings: readonly Problem[] }): void {
  for (const w of document.warnings) run.warnings.set(`${w.file}\u0000${w.path}\u0000${w.message}`, w);
}

function at(file: string, line: number | undefined, path: string): ImportLocation {
  return { file, path, ...(line === undefined ? {} : { line }) };
}
