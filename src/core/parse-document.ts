// Parses and validates Katalog and Komposer documents (docs/reference/documents.md). Every problem in a
// document is reported at once, each with file, line, dotted path and a fix; warnings (unknown fields) are
// returned, not thrown.
import type { z } from "zod";
import { Kind } from "../api/common.js";
import { KatalogDocumentSchema, type KatalogDocument } from "../api/katalog.js";
import { KomposerDocumentSchema, type KomposerDocument } from "../api/komposer.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { isPathPrefix, type FieldPath } from "./field-path.js";
import { checkDocumentShape } from "./document-checks.js";
import { defaultErrorMessage, problemsFromIssues } from "./schema-problems.js";
import { unknownFieldWarnings } from "./unknown-fields.js";
import {
  objectSource,
  parseYamlSource,
  type Locator,
  type YamlLimits,
  type YamlSource,
} from "./yaml-source.js";

/** A document as text (a file, an artifact layer) or as data (an object read from the API server). */
export type DocumentInput = { file: string; text: string | Uint8Array } | { file: string; object: unknown };

interface ParsedBase {
  file: string;
  /** Finds the line of a field path in the source (undefined for data without text). */
  locate: Locator;
  warnings: Problem[];
}
export interface ParsedKatalog extends ParsedBase {
  kind: "Katalog";
  document: KatalogDocument;
}
export interface ParsedKomposer extends ParsedBase {
  kind: "Komposer";
  document: KomposerDocument;
}
export type ParsedDocument = ParsedKatalog | ParsedKomposer;

export interface ParseOptions {
  limits?: YamlLimits;
}

export type ValidationResult =
  | { ok: true; parsed: ParsedDocument; problems: Problem[] }
  /** `draft`: the document as read, when its kind is known, so later checks can still report their problems. */
  | { ok: false; problems: Problem[]; draft?: ParsedDocument };

/** Validates without throwing: every error and warning, for `ork validate`. */
export function validateDocument(
  input: DocumentInput,
  expected?: Kind,
  options: ParseOptions = {},
): ValidationResult {
  const read =
    "text" in input
      ? parseYamlSource(input.file, input.text, options.limits)
      : ok(objectSource(input.file, input.object));
  if (!read.ok) return { ok: false, problems: read.problems };
  const source = read.source;
  const shape = checkDocumentShape(source, expected);
  if (shape.fatal || shape.kind === undefined) return { ok: false, problems: shape.problems };
  const schema: z.ZodType = shape.kind === Kind.Katalog ? KatalogDocumentSchema : KomposerDocumentSchema;
  const result = schema.safeParse(source.value, { error: defaultErrorMessage });
  const context = { file: source.file, locate: source.locate, value: source.value };
  const issues = result.success ? [] : result.error.issues;
  const fresh = issues.filter(
    (issue) => !shape.paths.some((path) => isPathPrefix(path, issue.path as FieldPath)),
  );
  const errors = [...shape.problems, ...problemsFromIssues(fresh, context)];
  const warnings = unknownFieldWarnings(schema, source.value, source.file, source.locate).filter(
    (w) => !errors.some((e) => e.path === w.path),
  );
  const problems = [...errors, ...warnings];
  const base = { file: source.file, locate: source.locate, warnings };
  if (!result.success || errors.length > 0) {
    const draft = { ...base, kind: shape.kind, document: source.value } as ParsedDocument;
    return { ok: false, problems, draft };
  }
  const parsed: ParsedDocument =
    shape.kind === Kind.Katalog
      ? { ...base, kind: Kind.Katalog, document: result.data as KatalogDocument }
      : { ...base, kind: Kind.Komposer, document: result.data as KomposerDocument };
  return { ok: true, parsed, problems };
}

/** Parses a document of either kind; throws InvalidInputError listing every problem. */
export function parseDocument(input: DocumentInput, options: ParseOptions = {}): ParsedDocument {
  return parseExpecting(input, undefined, options);
}

export function parseKatalog(input: DocumentInput, options: ParseOptions = {}): ParsedKatalog {
  return parseExpecting(input, Kind.Katalog, options) as ParsedKatalog;
}

export function parseKomposer(input: DocumentInput, options: ParseOptions = {}): ParsedKomposer {
  return parseExpecting(input, Kind.Komposer, options) as ParsedKomposer;
}

function parseExpecting(
  input: DocumentInput,
  expected: Kind | undefined,
  options: ParseOptions,
): ParsedDocument {
  const result = validateDocument(input, expected, options);
  if (!result.ok) throw new InvalidInputError("InvalidDocument", result.problems);
  return result.parsed;
}

function ok(source: YamlSource) {
  return { ok: true as const, source };
}
