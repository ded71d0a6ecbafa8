import { DEFAULT_YAML_LIMITS, objectSource, parseYamlSource } from "./yaml-source.js";

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

describe("parseYamlSource: what each unreadable file is told", () => {
  const problemsOf = (input: string | Uint8Array, limits = DEFAULT_YAML_LIMITS) => {
    const read = parseYamlSource("k.yaml", input, limits);
    return read.ok ? [] : read.problems;
  };
  const only = (message: string, line?: number) => [
    { file: "k.yaml", path: "", message, severity: "error", ...(line === undefined ? {} : { line }) },
  ];

  it("refuses an empty file, or one with only comments", () => {
    expect(problemsOf("")).toStrictEqual(only("file is empty; expected a YAML document"));
    expect(problemsOf("# nothing here\n")).toStrictEqual(only("file is empty; expected a YAML document"));
  });

  it("refuses a second document, at its line", () => {
    expect(problemsOf("a: 1\n---\nb: 2\n")).toStrictEqual(
      only("expected one YAML document, found 2; put each document in its own file", 3),
    );
  });

  it("takes exactly the byte limit, counting UTF-8 bytes, and refuses one byte more", () => {
    const text = "a: é\n"; // 6 bytes
    expect(problemsOf(text, { ...DEFAULT_YAML_LIMITS, maxBytes: 6 })).toStrictEqual([]);
    expect(problemsOf(text, { ...DEFAULT_YAML_LIMITS, maxBytes: 5 })).toStrictEqual(
      only("file is 6 bytes, more than the 5-byte limit; split it or trim it"),
    );
    expect(problemsOf(new TextEncoder().encode(text), { ...DEFAULT_YAML_LIMITS, maxBytes: 5 })).toHaveLength(
      1,
    );
  });

  it("reads UTF-8 bytes, and refuses bytes that are not UTF-8", () => {
    const read = parseYamlSource("k.yaml", new TextEncoder().encode("name: café\n"));
    expect(read.ok && read.source.value).toEqual({ name: "café" });
    expect(problemsOf(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]))).toStrictEqual(
      only("file is not valid UTF-8 text"),
    );
  });

  it("reports a syntax error by its first line, and nothing else about that file", () => {
    const problems = problemsOf("a: 1\na: 2\nb: [1\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toStrictEqual({
      file: "k.yaml",
      line: expect.any(Number) as number,
      path: "",
      message: expect.stringMatching(/^YAML syntax error: [^\n]+$/) as string,
      severity: "error",
    });
  });

  it("applies each structure limit it is given, and the defaults for the others", () => {
    const limits = (extra: object) => ({ maxBytes: 1024, maxAliasCount: 10, ...extra });
    expect(problemsOf("a: {b: 1}\n", limits({ maxDepth: 1 })).map((p) => p.message)).toEqual([
      "nested more than 1 levels deep; no katalog needs that, flatten the value",
    ]);
    expect(problemsOf("a: 1\nb: 2\n", limits({ maxKeysPerMapping: 1 })).map((p) => p.message)).toEqual([
      "mapping has 2 keys, more than the 1 allowed in one mapping",
    ]);
    expect(problemsOf("a: 1\n", limits({ maxNodes: 2 })).map((p) => p.message)).toEqual([
      "more than 2 YAML nodes in one document; split the file",
    ]);
    expect(problemsOf("a: {b: [1]}\n", limits({}))).toEqual([]);
  });

  it("refuses more alias expansions than allowed, saying how many are", () => {
    const text = "a: &x [1, 2]\nb: [*x, *x, *x]\n";
    expect(problemsOf(text, { ...DEFAULT_YAML_LIMITS, maxAliasCount: 100 })).toEqual([]);
    const [problem] = problemsOf(text, { ...DEFAULT_YAML_LIMITS, maxAliasCount: 1 });
    expect(problem!.message).toMatch(
      /^YAML could not be read \(.+\); at most 1 alias expansions are allowed$/,
    );
  });
});

describe("parseYamlSource: locating fields", () => {
  const text = ["base: &b", "  x: 1", "use: *b", "list:", "  - a", "  - {k: v}", "scalar: 5", ""].join("\n");
  const read = parseYamlSource("k.yaml", text);
  const locate = read.ok ? read.source.locate : () => undefined;

  it("finds keys, list items, and keys through an alias", () => {
    expect(locate([])).toBe(1);
    expect(locate(["base", "x"])).toBe(2);
    expect(locate(["use", "x"])).toBe(2);
    expect(locate(["list", 1])).toBe(6);
    expect(locate(["list", 1, "k"])).toBe(6);
  });

  it("gives the nearest existing ancestor for a path that goes further than the document", () => {
    expect(locate(["list", 5])).toBe(4);
    expect(locate(["list", "k"])).toBe(4);
    expect(locate(["scalar", "deeper", "still"])).toBe(7);
    expect(locate(["missing", "x"])).toBe(1);
  });

  it("has no lines for an object that came from no text", () => {
    expect(objectSource("api", { a: 1 }).locate(["a"])).toBeUndefined();
  });
});
