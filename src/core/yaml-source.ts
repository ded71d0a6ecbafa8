// Reads one YAML document safely (docs/reference/operator.md#security): a byte cap before parsing, an alias
// budget while converting (a "billion laughs" document fails fast), and line lookup for any field path so
// every problem can say `file:line`. Syntax errors are returned as problems, all of them, never thrown.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from "yaml";
import type { Problem } from "./errors.js";
import type { FieldPath } from "./field-path.js";
import { DEFAULT_STRUCTURE_LIMITS, structureProblems, type StructureLimits } from "./yaml-structure.js";

export interface YamlLimits extends Partial<StructureLimits> {
  /**
   * Largest accepted input in bytes (default 8 MiB, the artifact file limit of
   * docs/reference/resolution.md#artifacts).
   */
  maxBytes: number;
  /** Most alias expansions accepted while building the value (default 100). */
  maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxAliasCount: 100,
  ...DEFAULT_STRUCTURE_LIMITS,
};

/** Finds the 1-based line of a field (or of its nearest existing ancestor). */
export type Locator = (path: FieldPath) => number | undefined;

export interface YamlSource {
  file: string;
  value: unknown;
  locate: Locator;
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

const noLines: Locator = () => undefined;

export function parseYamlSource(
  file: string,
  input: string | Uint8Array,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): YamlResult {
  const fail = (message: string, line?: number): YamlResult => ({
    ok: false,
    problems: [{ file, path: "", message, severity: "error", ...(line === undefined ? {} : { line }) }],
  });
  const size = typeof input === "string" ? new TextEncoder().encode(input).length : input.length;
  if (size > limits.maxBytes) {
    return fail(`file is ${size} bytes, more than the ${limits.maxBytes}-byte limit; split it or trim it`);
  }
  let text: string;
  try {
    text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return fail("file is not valid UTF-8 text");
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are found by structureProblems in linear time; the parser's own check is quadratic.
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (!Array.isArray(documents)) return fail("file is empty; expected a YAML document");
  const problems: Problem[] = documents.flatMap((doc) =>
    doc.errors.map((e) => ({
      file,
      line: lineCounter.linePos(e.pos[0]).line,
      path: "",
      message: `YAML syntax error: ${firstLine(e.message)}`,
      severity: "error" as const,
    })),
  );
  if (problems.length > 0) return { ok: false, problems };
  const structure: StructureLimits = { ...DEFAULT_STRUCTURE_LIMITS, ...definedLimits(limits) };
  problems.push(...documents.flatMap((doc) => structureProblems(file, doc, lineCounter, structure)));
  if (problems.length > 0) return { ok: false, problems };
  const nonEmpty = documents.filter((doc) => doc.contents !== null);
  const [doc, second] = nonEmpty;
  if (doc === undefined) return fail("file is empty; expected a YAML document");
  if (second !== undefined) {
    const line = second.contents?.range ? lineCounter.linePos(second.contents.range[0]).line : undefined;
    return fail(
      `expected one YAML document, found ${nonEmpty.length}; put each document in its own file`,
      line,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(
      `YAML could not be read (${reason}); at most ${limits.maxAliasCount} alias expansions are allowed`,
    );
  }
  return { ok: true, source: { file, value, locate: locatorFor(doc, lineCounter) } };
}

/** A source for data that did not come from text (e.g. an object read from the API server): no lines. */
export function objectSource(file: string, value: unknown): YamlSource {
  return { file, value, locate: noLines };
}

function definedLimits(limits: YamlLimits): Partial<StructureLimits> {
  return {
    ...(limits.maxKeysPerMapping === undefined ? {} : { maxKeysPerMapping: limits.maxKeysPerMapping }),
    ...(limits.maxNodes === undefined ? {} : { maxNodes: limits.maxNodes }),
    ...(limits.maxDepth === undefined ? {} : { maxDepth: limits.maxDepth }),
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}

function locatorFor(doc: Document, lineCounter: LineCounter): Locator {
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  return (path) => {
    let node: unknown = doc.contents;
    let line = isNode(node) && node.range ? lineOf(node.range[0]) : undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        if (isNode(pair.key) && pair.key.range) line = lineOf(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item: unknown = node.items[segment];
        if (!isNode(item)) break;
        if (item.range) line = lineOf(item.range[0]);
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value);
}
