import { deepEqual, diffValues } from "./json-diff.js";

describe("deepEqual", () => {
  it.each([
    [[1, 2], [1, 2], true],
    [[], [], true],
    [[1], [1, 2], false],
    [[1, 2], [1], false],
    [[1, 2, 3], [1, 9, 3], false],
    [[1], [2], false],
    [{ a: [1, { b: null }] }, { a: [1, { b: null }] }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: 1 }, { b: 1 }, false],
  ])("%j and %j: %s", (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });
});

describe("diffValues", () => {
  it("lists leaf changes sorted by path, whatever order the keys came in", () => {
    const changes = diffValues({ z: 1, m: { y: 1, b: 1 }, a: 1 }, { z: 2, m: { y: 2, b: 2 }, a: 2 });
    expect(changes.map((change) => change.path)).toEqual(["a", "m.b", "m.y", "z"]);
  });

  it("leaves out the side a field is absent from, rather than writing undefined", () => {
    const changes = diffValues({ gone: 1 }, { new: 2 });
    const added = changes.find((change) => change.path === "new");
    const removed = changes.find((change) => change.path === "gone");
    expect(added).toStrictEqual({ path: "new", after: 2 });
    expect(Object.keys(added!)).toEqual(["path", "after"]);
    expect(removed).toStrictEqual({ path: "gone", before: 1 });
    expect(Object.keys(removed!)).toEqual(["path", "before"]);
  });

  it("compares lists whole", () => {
    expect(diffValues({ l: [1, 2] }, { l: [1, 2, 3] })).toStrictEqual([
      { path: "l", before: [1, 2], after: [1, 2, 3] },
    ]);
    expect(diffValues({ l: [1, 2] }, { l: [1, 2] })).toEqual([]);
  });
});
