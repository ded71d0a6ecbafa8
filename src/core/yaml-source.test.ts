import { parseYamlSource } from "./yaml-source.js";

/** `k0: v\nk1: v\n…`: a flat mapping; 100,000 keys are about 1.2 MB. */
const flatMapping = (keys: number, indent = "") =>
  Array.from({ length: keys }, (_, i) => `${indent}key${i}: v\n`).join("");

describe("parseYamlSource structure limits", () => {
  it("refuses a flat mapping of 100,000 keys with the file, line and limit", () => {
    const text = flatMapping(100_000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = parseYamlSource("big.yaml", text);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: "big.yaml",
          line: 1,
          path: "",
          message: "mapping has 100000 keys, more than the 10000 allowed in one mapping",
          severity: "error",
        },
      ],
    });
  });

  it("refuses a value nested 700 levels deep before anything recursive walks it", () => {
    const lines = ["spec:", "  crds:", "    webapp:", "      setup:"];
    for (let i = 0; i < 700; i++) lines.push(`${"  ".repeat(4 + i)}a:`);
    const result = parseYamlSource("deep.yaml", `${lines.join("\n")} 1\n`);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.objectContaining({
        file: "deep.yaml",
        path: "spec.crds.webapp.setup.a.a.…(122 more)",
        message: "nested more than 128 levels deep; no katalog needs that, flatten the value",
      }),
    ]);
    expect(parseYamlSource("ok.yaml", "a:\n  b:\n    c: [[[1]]]\n").ok).toBe(true);
  });

  it("reads a mapping just under the limit", () => {
    const result = parseYamlSource("ok.yaml", flatMapping(10_000));
    expect(result.ok && Object.keys(result.source.value as object)).toHaveLength(10_000);
  });

  it("finds a duplicate key among 10,000 and names both lines", () => {
    const result = parseYamlSource("dup.yaml", `top:\n${flatMapping(9_999, "  ")}  key5: again\n`);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        file: "dup.yaml",
        line: 10_001,
        path: "top",
        message: 'YAML syntax error: Map keys must be unique; "key5" is repeated (first at line 7)',
        severity: "error",
      },
    ]);
  });

  it("keeps 1 and '1' apart, as YAML does", () => {
    expect(parseYamlSource("a.yaml", '1: a\n"1": b\n').ok).toBe(true);
  });

  it("refuses more nodes than allowed in one document", () => {
    const text = `list:\n${"- x\n".repeat(2_000)}`;
    const result = parseYamlSource("long.yaml", text, { maxBytes: 1e6, maxAliasCount: 10, maxNodes: 1_000 });
    expect(result.ok ? [] : result.problems.map((p) => [p.file, p.message])).toEqual([
      ["long.yaml", "more than 1000 YAML nodes in one document; split the file"],
    ]);
  });
});
