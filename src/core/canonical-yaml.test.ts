import fc from "fast-check";
import { propertyRuns } from "../../test/support/property-runs.js";
import { parse } from "yaml";
import { canonicalize, toCanonicalYaml, toCanonicalYamlStream } from "./canonical-yaml.js";

describe("canonical YAML", () => {
  it("reads back as exactly the data it was written from", () => {
    // JSON values have no `undefined`, so canonical YAML must give back the value itself, nulls included
    // (compared with the input, never with canonicalize's own output).
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "grapheme" }), (value) => {
        expect(parse(toCanonicalYaml(value))).toStrictEqual(value);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("writes null values and drops only undefined fields (literal output)", () => {
    expect(toCanonicalYaml({ b: null, a: { d: undefined, c: [null, 1] }, e: [undefined, "x"] })).toBe(
      "a:\n  c:\n    - null\n    - 1\nb: null\ne:\n  - null\n  - x\n",
    );
    expect(canonicalize({ z: null, y: undefined, x: { w: null } })).toStrictEqual({
      x: { w: null },
      z: null,
    });
    expect(Object.keys(canonicalize({ z: null, y: undefined, x: 1 }) as object)).toEqual(["x", "z"]);
  });

  it("keeps strings that look like other types as strings", () => {
    const tricky = [
      "true",
      "no",
      "1.0",
      "0x10",
      "null",
      "~",
      "- a",
      "a: b",
      "#x",
      "",
      " lead",
      "trail ",
      "multi\nline\n",
      "'q'",
      "*x",
      "&y",
      "@",
      "`",
      "%",
      "2026-11-24",
    ];
    for (const value of tricky) expect(parse(toCanonicalYaml({ value }))).toEqual({ value });
  });

  it("is insensitive to key order and writes keys sorted", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(toCanonicalYaml(reversed)).toBe(toCanonicalYaml(object));
      }),
    );
    expect(toCanonicalYaml({ b: 1, a: 2, A: 3 })).toBe("A: 3\na: 2\nb: 1\n");
  });

  it("never folds long lines and never writes anchors", () => {
    const long = "word ".repeat(100).trim();
    const shared = { x: 1 };
    const text = toCanonicalYaml({ long, a: shared, b: shared });
    expect(text).toBe(`a:\n  x: 1\nb:\n  x: 1\nlong: ${long}\n`);
  });

  it("puts --- before every document", () => {
    expect(toCanonicalYamlStream([{ a: 1 }, { b: 2 }])).toBe("---\na: 1\n---\nb: 2\n");
  });
});
