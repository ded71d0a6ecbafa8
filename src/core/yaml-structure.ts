// Structural checks on a parsed YAML document, in one linear walk: duplicate keys (a Set per mapping — the
// `yaml` package's own `uniqueKeys` compares every key with every other, which makes a flat 1 MB mapping take
// minutes), keys per mapping, nodes in total, and nesting depth (everything after parsing — validation, merge
// patches, rendering — walks documents recursively, so a 700-level entry would overflow the stack there).
// Parse with `uniqueKeys: false` and call this instead.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { Problem } from "./errors.js";

export interface StructureLimits {
  /** Most keys in one mapping (default 10,000: a katalog's largest map, spec.crds, has tens). */
  maxKeysPerMapping: number;
  /** Most nodes (scalars, mappings, sequences, aliases) in one document (default 1,000,000). */
  maxNodes: number;
  /** Deepest nesting of mappings and sequences (default 128: a katalog needs tens, a CRD schema a few more). */
  maxDepth: number;
}

export const DEFAULT_STRUCTURE_LIMITS: StructureLimits = {
  maxKeysPerMapping: 10_000,
  maxNodes: 1_000_000,
  maxDepth: 128,
};

/** Problems with the document's structure, at most one per kind of limit; duplicate keys all reported. */
export function structureProblems(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  limits: StructureLimits = DEFAULT_STRUCTURE_LIMITS,
): Problem[] {
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? { line: lineCounter.linePos(node.range[0]).line } : {};
  const problem = (node: Node | null | undefined, path: string, message: string): Problem => ({
    file,
    ...lineOf(node),
    path,
    message,
    severity: "error",
  });
  const problems: Problem[] = [];
  const stack: { node: unknown; path: string; depth: number }[] = [
    { node: doc.contents, path: "", depth: 0 },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node) && !isScalar(node) && !isAlias(node)) continue;
    if (++nodes > limits.maxNodes) {
      problems.push(
        problem(node, path, `more than ${limits.maxNodes} YAML nodes in one document; split the file`),
      );
      break;
    }
    if ((isMap(node) || isSeq(node)) && depth >= limits.maxDepth) {
      problems.push(
        problem(
          node,
          shorten(path),
          `nested more than ${limits.maxDepth} levels deep; no katalog needs that, flatten the value`,
        ),
      );
      break;
    }
    const child = (item: unknown, segment: string) =>
      stack.push({ node: item, path: join(path, segment), depth: depth + 1 });
    if (isSeq(node)) {
      node.items.forEach((item, i) => child(item, String(i)));
    } else if (isMap(node)) {
      if (node.items.length > limits.maxKeysPerMapping) {
        problems.push(
          problem(
            node,
            path,
            `mapping has ${node.items.length} keys, more than the ${limits.maxKeysPerMapping} allowed in one mapping`,
          ),
        );
        break;
      }
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key)) {
          // Same identity as the `yaml` package: scalars are equal when their values are (1 and "1" differ).
          const id = `${typeof key.value}:${String(key.value)}`;
          const first = seen.get(id);
          if (first !== undefined) {
            const firstLine = lineOf(first).line;
            problems.push(
              problem(
                key,
                path,
                `YAML syntax error: Map keys must be unique; "${String(key.value)}" is repeated${firstLine === undefined ? "" : ` (first at line ${firstLine})`}`,
              ),
            );
          } else seen.set(id, key);
        }
        const name = isScalar(key) ? String(key.value) : "?";
        if (isMap(key) || isSeq(key)) child(key, name);
        else if (key !== null) nodes++;
        child(pair.value, name);
      }
    }
  }
  return problems;
}

/** A path 128 levels deep is unreadable: its first segments say where, the count says how deep. */
function shorten(path: string): string {
  const segments = path.split(".");
  return segments.length <= 8 ? path : `${segments.slice(0, 6).join(".")}.…(${segments.length - 6} more)`;
}

function join(path: string, segment: string): string {
  return path === "" ? segment : `${path}.${segment}`;
}
