import fc from "fast-check";
import { deepEqual, diffValues } from "./json-diff.js";
import { applyMergePatch, withoutNulls } from "./merge-patch.js";
import { isPlainObject, valueAt } from "./field-path.js";

// The examples of RFC 7396 Appendix A.
const RFC_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: "b" }, { a: "c" }, { a: "c" }],
  [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
  [{ a: "b" }, { a: null }, {}],
  [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
  [{ a: ["b"] }, { a: "c" }, { a: "c" }],
  [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
  [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
  [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
  [
    ["a", "b"],
    ["c", "d"],
    ["c", "d"],
  ],
  [{ a: "b" }, ["c"], ["c"]],
  [{ a: "foo" }, null, null],
  [{ a: "foo" }, "bar", "bar"],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: "b", c: null }, { a: "b" }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe("applyMergePatch", () => {
  it.each(RFC_EXAMPLES)("RFC 7396 example: %j + %j", (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it("does not mutate its inputs", () => {
    const target = { a: { b: 1, c: [1] } };
    const patch = { a: { b: null, d: 2 } };
    const copy = structuredClone({ target, patch });
    applyMergePatch(target, patch);
    expect({ target, patch }).toEqual(copy);
  });

  it("keeps __proto__ as data", () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const result = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
  });

  it("withoutNulls drops nulls at every depth", () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: [null] })).toEqual({ b: { d: 1 }, e: [null] });
  });
});

// Arbitrary JSON-like values with a small key alphabet, so patches and targets overlap often.
const key = fc.constantFrom("a", "b", "c", "workers", "apiTypes", "list");
const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean());
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 3 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
}));
const patchObject = fc.dictionary(key, json, { maxKeys: 4 });

/** Every path in `patch` that ends at a non-object value, with that value. */
function leaves(patch: unknown, path: string[] = []): [string[], unknown][] {
  if (!isPlainObject(patch)) return [[path, patch]];
  return Object.entries(patch).flatMap(([k, v]) => leaves(v, [...path, k]));
}

describe("applyMergePatch properties", () => {
  it("the patch wins at every leaf it sets", () => {
    fc.assert(
      fc.property(json, patchObject, (target, patch) => {
        const result = applyMergePatch(target, patch);
        for (const [path, value] of leaves(patch)) {
          if (value === null) continue;
          if (path.length === 0) continue;
          expect(valueAt(result, path)).toEqual(value);
        }
      }),
    );
  });

  it("is idempotent: applying twice equals applying once", () => {
    fc.assert(
      fc.property(json, json, (target, patch) => {
        const once = applyMergePatch(target, patch);
        expect(applyMergePatch(once, patch)).toEqual(once);
      }),
    );
  });

  it("null deletes: a null leaf in the patch leaves no field there", () => {
    fc.assert(
      fc.property(json, patchObject, (target, patch) => {
        const result = applyMergePatch(target, patch);
        for (const [path, value] of leaves(patch)) {
          if (value !== null || path.length === 0) continue;
          const parent = valueAt(result, path.slice(0, -1));
          expect(isPlainObject(parent) && Object.hasOwn(parent, path[path.length - 1]!)).toBe(false);
        }
      }),
    );
  });

  it("lists are replaced whole", () => {
    fc.assert(
      fc.property(json, patchObject, (target, patch) => {
        const result = applyMergePatch(target, patch);
        for (const [path, value] of leaves(patch)) {
          if (Array.isArray(value)) expect(valueAt(result, path)).toEqual(value);
        }
      }),
    );
  });

  it("fields the patch does not mention are kept", () => {
    fc.assert(
      fc.property(fc.dictionary(key, json), patchObject, (target, patch) => {
        const result = applyMergePatch(target, patch) as Record<string, unknown>;
        for (const [k, v] of Object.entries(target)) {
          if (!Object.hasOwn(patch, k)) expect(result[k]).toEqual(v);
        }
      }),
    );
  });

  it("an empty patch changes nothing in an object", () => {
    fc.assert(
      fc.property(fc.dictionary(key, json), (target) => expect(applyMergePatch(target, {})).toEqual(target)),
    );
  });
});

describe("deepEqual and diffValues", () => {
  it("agree with each other", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(diffValues(a, b).length === 0).toBe(deepEqual(a, b));
      }),
    );
  });

  it("name changed leaves, compare lists whole, and sort by path", () => {
    expect(
      diffValues({ w: 2, r: "60s", l: [1, 2], m: { x: 1 } }, { w: 8, r: "60s", l: [1], m: { y: 1 } }),
    ).toEqual([
      { path: "l", before: [1, 2], after: [1] },
      { path: "m.x", before: 1 },
      { path: "m.y", after: 1 },
      { path: "w", before: 2, after: 8 },
    ]);
  });
});
