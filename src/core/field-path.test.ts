// Paths and type names as messages show them.
import { describeType, formatPath, isPathPrefix, isPlainObject, valueAt } from "./field-path.js";

describe("formatPath", () => {
  it("dots plain keys, brackets indices, and quotes keys that are not plain", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath(["spec", "crds", "web-app", "workers"])).toBe("spec.crds.web-app.workers");
    expect(formatPath(["imports", "registry", 2, "url"])).toBe("imports.registry[2].url");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath(["_a", "A9"])).toBe("_a.A9");
    expect(formatPath(["metadata", "annotations", "orkestra.orkspace.io/version"])).toBe(
      'metadata.annotations["orkestra.orkspace.io/version"]',
    );
    expect(formatPath(["9lives", "-x", "a b", ""])).toBe('["9lives"]["-x"]["a b"][""]');
  });
});

describe("isPathPrefix", () => {
  it("is true for the path itself and its ancestors, comparing indices as text", () => {
    expect(isPathPrefix([], ["a"])).toBe(true);
    expect(isPathPrefix(["a", 1], ["a", 1, "b"])).toBe(true);
    expect(isPathPrefix(["a", "1"], ["a", 1])).toBe(true);
    expect(isPathPrefix(["a", "b"], ["a", "b"])).toBe(true);
    expect(isPathPrefix(["a", "b"], ["a"])).toBe(false);
    expect(isPathPrefix(["a", "c"], ["a", "b", "c"])).toBe(false);
  });
});

describe("isPlainObject", () => {
  it("is true for maps only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect([null, [], "a", 1, undefined].map(isPlainObject)).toEqual([false, false, false, false, false]);
  });
});

describe("valueAt", () => {
  const root = { a: [{ b: 1 }, null], "x.y": 2 };
  it("follows keys and indices, and gives undefined at the first missing step", () => {
    expect(valueAt(root, [])).toBe(root);
    expect(valueAt(root, ["a", 0, "b"])).toBe(1);
    expect(valueAt(root, ["a", 1])).toBeNull();
    expect(valueAt(root, ["x.y"])).toBe(2);
    expect(valueAt(root, ["a", 2, "b"])).toBeUndefined();
    expect(valueAt(root, ["a", "0"])).toBeUndefined();
    expect(valueAt(root, ["a", 1, "b"])).toBeUndefined();
    expect(valueAt(root, ["c"])).toBeUndefined();
  });

  it("never reads inherited members", () => {
    expect(valueAt({}, ["constructor"])).toBeUndefined();
    expect(valueAt({ a: {} }, ["a", "toString"])).toBeUndefined();
  });
});

describe("describeType", () => {
  it("names each YAML type", () => {
    expect([undefined, null, [], {}, 1, 1.5, "s", true].map(describeType)).toEqual([
      "nothing",
      "null",
      "a list",
      "a map",
      "a number",
      "a decimal number",
      "a string",
      "a boolean",
    ]);
  });
});
