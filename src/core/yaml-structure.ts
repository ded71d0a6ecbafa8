// Structural checks on a parsed YAML document, in one linear walk: duplicate keys (a Set per mapping — the
// `yaml` package's own `uniqueKeys` compares every key with every other, which makes a flat 1 MB mapping take
// minutes), keys per mapping, nodes in total, and nesting depth (everything after parsing — validation, merge
// patches, rendering — walks documents recursively, so a 700-level entry would overflow the stack there).
// Parse with `uniqueKeys: false` and call this instead.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
} from "yaml";
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
  const walk = new StructureWalk(file, lineCounter, limits);
  walk.run(doc.contents);
  return walk.problems;
}

interface Frame {
  node: unknown;
  path: string;
  depth: number;
}

/** One iterative walk (an explicit stack: the depth being checked is the one that would overflow recursion). */
class StructureWalk {
  readonly problems: Problem[] = [];
  private nodes = 0;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly limits: StructureLimits,
  ) {}

  run(root: unknown): void {
    this.stack.push({ node: root, path: "", depth: 0 });
    for (let frame = this.stack.pop(); frame !== undefined; frame = this.stack.pop()) {
      if (!this.visit(frame)) return;
    }
  }

  /** False when a limit was hit: the rest of the document is not worth walking. */
  private visit({ node, path, depth }: Frame): boolean {
    if (!isMap(node) && !isSeq(node) && !isScalar(node) && !isAlias(node)) return true;
    const { maxNodes, maxDepth } = this.limits;
    if (++this.nodes > maxNodes) {
      return this.stop(node, path, `more than ${maxNodes} YAML nodes in one document; split the file`);
    }
    if ((isMap(node) || isSeq(node)) && depth >= maxDepth) {
      const message = `nested more than ${maxDepth} levels deep; no katalog needs that, flatten the value`;
      return this.stop(node, shorten(path), message);
    }
    if (isSeq(node)) node.items.forEach((item, i) => this.push(item, path, String(i), depth));
    else if (isMap(node)) return this.visitMap(node, path, depth);
    return true;
  }

  private visitMap(node: YAMLMap, path: string, depth: number): boolean {
    const { maxKeysPerMapping } = this.limits;
    if (node.items.length > maxKeysPerMapping) {
      const message = `mapping has ${node.items.length} keys, more than the ${maxKeysPerMapping} allowed in one mapping`;
      return this.stop(node, path, message);
    }
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      if (isScalar(key)) this.checkUnique(key, path, seen);
      const name = isScalar(key) ? String(key.value) : "?";
      if (isMap(key) || isSeq(key)) this.push(key, path, name, depth);
      else if (key !== null) this.nodes++;
      this.push(pair.value, path, name, depth);
    }
    return true;
  }

  private checkUnique(key: Scalar, path: string, seen: Map<string, Node>): void {
    // Same identity as the `yaml` package: scalars are equal when their values are (1 and "1" differ).
    const id = `${typeof key.value}:${String(key.value)}`;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, key);
      return;
    }
    const firstLine = this.lineOf(first).line;
    const where = firstLine === undefined ? "" : ` (first at line ${firstLine})`;
    const message = `YAML syntax error: Map keys must be unique; "${String(key.value)}" is repeated${where}`;
    this.problems.push(this.problem(key, path, message));
  }

  private push(node: unknown, path: string, segment: string, depth: number): void {
    this.stack.push({ node, path: join(path, segment), depth: depth + 1 });
  }

  private stop(node: Node, path: string, message: string): false {
    this.problems.push(this.problem(node, path, message));
    return false;
  }

  private problem(node: Node, path: string, message: string): Problem {
    return { file: this.file, ...this.lineOf(node), path, message, severity: "error" };
  }

  private lineOf(node: Node): { line?: number } {
    return node.range ? { line: this.lineCounter.linePos(node.range[0]).line } : {};
  }
}

/** A path 128 levels deep is unreadable: its first segments say where, the count says how deep. */
function shorten(path: string): string {
  const segments = path.split(".");
  return segments.length <= 8 ? path : `${segments.slice(0, 6).join(".")}.…(${segments.length - 6} more)`;
}

function join(path: string, segment: string): string {
  return path === "" ? segment : `${path}.${segment}`;
}
