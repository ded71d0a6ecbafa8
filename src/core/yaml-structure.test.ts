// The structural limits, at their exact boundaries, and duplicate keys with where each was first written.
import { LineCounter, parseDocument } from "yaml";
import { DEFAULT_STRUCTURE_LIMITS, structureProblems, type StructureLimits } from "./yaml-structure.js";

function check(text: string, limits: Partial<StructureLimits> = {}) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
  return structureProblems("k.yaml", doc, lineCounter, { ...DEFAULT_STRUCTURE_LIMITS, ...limits });
}

const summary = (text: string, limits: Partial<StructureLimits> = {}) =>
  check(text, limits).map((p) => `${p.line ?? "-"} ${p.path}: ${p.message}`);

describe("structureProblems: duplicate keys", () => {
  it("reports every repeat with its path and the line of the first", () => {
    const text = ["spec:", "  a: 1", "  b: 2", "  a: 3", "  list:", "    - {x: 1, x: 2}", "  a: 4", ""].join(
      "\n",
    );
    expect(summary(text)).toEqual([
      '4 spec: YAML syntax error: Map keys must be unique; "a" is repeated (first at line 2)',
      '7 spec: YAML syntax error: Map keys must be unique; "a" is repeated (first at line 2)',
      '6 spec.list.0: YAML syntax error: Map keys must be unique; "x" is repeated (first at line 6)',
    ]);
    expect(check(text)[0]).toEqual({
      file: "k.yaml",
      line: 4,
      path: "spec",
      message: 'YAML syntax error: Map keys must be unique; "a" is repeated (first at line 2)',
      severity: "error",
    });
  });

  it("tells keys apart by type as well as text, as the yaml package does", () => {
    expect(check('1: a\n"1": b\ntrue: c\n"true": d\n')).toEqual([]);
    expect(summary("1: a\n1: b\n")).toEqual([
      '2 : YAML syntax error: Map keys must be unique; "1" is repeated (first at line 1)',
    ]);
  });

  it("finds nothing in an empty document or one without repeats", () => {
    expect(check("")).toEqual([]);
    expect(check("# only a comment\n")).toEqual([]);
    expect(check("a: {b: 1, c: [1, 2]}\n")).toEqual([]);
  });
});

describe("structureProblems: limits", () => {
  it("counts every node, keys included, and stops at the first one over", () => {
    // The mapping, its key and its value: three nodes.
    expect(check("a: 1\n", { maxNodes: 3 })).toEqual([]);
    expect(summary("a: 1\n", { maxNodes: 2 })).toEqual([
      "1 a: more than 2 YAML nodes in one document; split the file",
    ]);
    // A sequence and its items.
    expect(check("- 1\n- 2\n", { maxNodes: 3 })).toEqual([]);
    expect(check("- 1\n- 2\n", { maxNodes: 2 })).toHaveLength(1);
    // A complex key is walked like a value.
    expect(check("? [k, l]\n: v\n", { maxNodes: 5 })).toEqual([]);
    expect(check("? [k, l]\n: v\n", { maxNodes: 4 })).toHaveLength(1);
  });

  it("allows exactly the keys per mapping it is given", () => {
    const three = "a: 1\nb: 2\nc: 3\n";
    expect(check(three, { maxKeysPerMapping: 3 })).toEqual([]);
    expect(summary(`top:\n  ${three.trim().split("\n").join("\n  ")}\n`, { maxKeysPerMapping: 2 })).toEqual([
      "2 top: mapping has 3 keys, more than the 2 allowed in one mapping",
    ]);
  });

  it("limits the nesting of mappings and sequences, not of scalars", () => {
    expect(check("a: {b: 1}\n", { maxDepth: 2 })).toEqual([]);
    expect(summary("a: {b: 1}\n", { maxDepth: 1 })).toEqual([
      "1 a: nested more than 1 levels deep; no katalog needs that, flatten the value",
    ]);
    expect(check("a: [1]\n", { maxDepth: 2 })).toEqual([]);
    expect(check("a: [[1]]\n", { maxDepth: 2 })).toHaveLength(1);
  });

  it("shortens a deep path to its first six segments and a count", () => {
    const deep =
      "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n        i:\n         j: {k: 1}\n";
    expect(summary(deep, { maxDepth: 10 })).toEqual([
      "10 a.b.c.d.e.f.…(4 more): nested more than 10 levels deep; no katalog needs that, flatten the value",
    ]);
    expect(summary(deep, { maxDepth: 8 })).toEqual([
      "9 a.b.c.d.e.f.g.h: nested more than 8 levels deep; no katalog needs that, flatten the value",
    ]);
  });

  it("keeps duplicate-key problems found before a limit stops the walk", () => {
    expect(summary("a: 1\na: 2\nb: {c: {d: 1}}\n", { maxDepth: 2 })).toEqual([
      '2 : YAML syntax error: Map keys must be unique; "a" is repeated (first at line 1)',
      "3 b.c: nested more than 2 levels deep; no katalog needs that, flatten the value",
    ]);
  });
});
