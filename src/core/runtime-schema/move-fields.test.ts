// Moving fields between layouts: what counts as a conflict, how a value moved twice (or moved back) is
// reported, how moves chain through the newest layout, and that the input entry is never changed.
import type { Move } from "../../api/runtime-schema/moves.js";
import { InvalidInputError } from "../errors.js";
import { applyMoves, movedPath, netMoves } from "./move-fields.js";
import { conflictError, toNewestLayout } from "./newest-layout.js";

describe("applyMoves", () => {
  it("moves values, removes parents left empty, and leaves the input as it was", () => {
    const entry = { workers: 2, box: { keep: 1, old: { a: 1 } }, gone: { only: 3 } };
    const snapshot = structuredClone(entry);
    const result = applyMoves(entry, [
      ["workers", "box.reconcile.workers"],
      ["box.old", "box.new"],
      ["gone.only", "here"],
      ["absent", "nowhere"],
    ]);
    expect(result).toEqual({
      entry: { box: { keep: 1, new: { a: 1 }, reconcile: { workers: 2 } }, here: 3 },
      applied: [
        ["workers", "box.reconcile.workers"],
        ["box.old", "box.new"],
        ["gone.only", "here"],
      ],
      conflicts: [],
    });
    expect(entry).toEqual(snapshot);
  });

  it("gives the moved keys as ordinary, writable, enumerable properties", () => {
    const { entry } = applyMoves({ a: 1 }, [["a", "b.c"]]);
    expect(Object.keys(entry)).toEqual(["b"]);
    const b = entry.b as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(b, "c")).toEqual({
      value: 1,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(Object.getOwnPropertyDescriptor(entry, "b")).toMatchObject({ writable: true, enumerable: true });
  });

  it("takes an equal or null value at the target as no conflict, and a different one as a conflict", () => {
    expect(applyMoves({ a: { x: 1 }, b: { x: 1 } }, [["a", "b"]]).entry).toEqual({ b: { x: 1 } });
    expect(applyMoves({ a: 1, b: null }, [["a", "b"]])).toEqual({
      entry: { b: 1 },
      applied: [["a", "b"]],
      conflicts: [],
    });
    expect(applyMoves({ a: 1, b: 2 }, [["a", "b"]])).toEqual({
      entry: { a: 1, b: 2 },
      applied: [],
      conflicts: [["a", "b"]],
    });
  });

  it("refuses to move under a value that is not a mapping", () => {
    expect(applyMoves({ a: 1, b: "text" }, [["a", "b.c"]])).toEqual({
      entry: { a: 1, b: "text" },
      applied: [],
      conflicts: [["a", "b.c"]],
    });
    expect(applyMoves({ a: 1, b: null }, [["a", "b.c"]]).entry).toEqual({ b: { c: 1 } });
  });

  it("reports a value moved twice as one move, and one moved back as none", () => {
    expect(
      applyMoves({ a: 1 }, [
        ["a", "b"],
        ["b", "c"],
      ]).applied,
    ).toEqual([["a", "c"]]);
    const back = applyMoves({ a: 1, z: 2 }, [
      ["z", "y"],
      ["a", "b"],
      ["b", "a"],
    ]);
    expect(back.applied).toEqual([["z", "y"]]);
    expect(back.entry).toEqual({ a: 1, y: 2 });
  });

  it("does not read inherited members as values", () => {
    expect(applyMoves({}, [["constructor", "x"]])).toEqual({ entry: {}, applied: [], conflicts: [] });
    expect(applyMoves({ a: {} }, [["a.toString", "b"]]).applied).toEqual([]);
  });
});

describe("netMoves", () => {
  it("joins a move to the newest layout with the move from there to the target", () => {
    const toNewest: Move[] = [
      ["workers", "box.reconcile.workers"],
      ["hooks", "box.reconcile.hooks"],
    ];
    const toTarget: Move[] = [
      ["box.reconcile.workers", "box.reconciler.workers"],
      ["box.emit.status", "box.status"],
    ];
    expect(netMoves(toNewest, toTarget)).toEqual([
      ["workers", "box.reconciler.workers"],
      ["hooks", "box.reconcile.hooks"],
      ["box.emit.status", "box.status"],
    ]);
  });

  it("drops a field that ends where it started, and joins a target move only once", () => {
    expect(netMoves([["workers", "box.workers"]], [["box.workers", "workers"]])).toEqual([]);
    expect(
      netMoves(
        [
          ["a", "m"],
          ["b", "m"],
        ],
        [["m", "t"]],
      ),
    ).toEqual([
      ["a", "t"],
      ["b", "m"],
    ]);
    expect(netMoves([], [["x", "y"]])).toEqual([["x", "y"]]);
    expect(netMoves([["x", "y"]], [])).toEqual([["x", "y"]]);
    // The first target move matters too.
    expect(
      netMoves(
        [["a", "m"]],
        [
          ["m", "t"],
          ["n", "u"],
        ],
      ),
    ).toEqual([
      ["a", "t"],
      ["n", "u"],
    ]);
  });
});

describe("movedPath", () => {
  const moves: Move[] = [
    ["box.reconciler", "box.reconcile"],
    ["workers", "box.reconcile.workers"],
  ];
  it("renames the path itself or the part under a moved prefix, in order", () => {
    expect(movedPath("box.reconciler", moves)).toBe("box.reconcile");
    expect(movedPath("box.reconciler.hooks.onCreate", moves)).toBe("box.reconcile.hooks.onCreate");
    expect(movedPath("workers", moves)).toBe("box.reconcile.workers");
    expect(movedPath("workers.x", moves)).toBe("box.reconcile.workers.x");
  });

  it("leaves a path that only shares a prefix of letters, or ends like a move", () => {
    expect(movedPath("box.reconcilerX", moves)).toBe("box.reconcilerX");
    expect(movedPath("workersActive", moves)).toBe("workersActive");
    expect(movedPath("a.workers", moves)).toBe("a.workers");
    expect(movedPath("x.box.reconciler.y", moves)).toBe("x.box.reconciler.y");
  });
});

describe("toNewestLayout", () => {
  it("names both places of a setting written twice, with the file", () => {
    const context = { file: "k.yaml", prefix: ["spec", "crds", "web"] };
    let thrown: unknown;
    try {
      toNewestLayout({ workers: 2, operatorBox: { reconcile: { workers: 3 } } }, context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).reason).toBe("ConflictingFields");
    // workers goes to operatorBox.reconciler.workers (generation 2) and then meets the value already there.
    expect((thrown as InvalidInputError).problems).toEqual([
      {
        file: "k.yaml",
        path: "spec.crds.web.operatorBox.reconciler.workers",
        message:
          "is set here and, with a different value, at spec.crds.web.operatorBox.reconcile.workers (its place in " +
          "the newest layout); keep one of the two",
        severity: "error",
      },
    ]);
    expect(conflictError([["a", "b.c"]], context, "target").problems).toEqual([
      {
        file: "k.yaml",
        path: "spec.crds.web.a",
        message:
          "is set here and, with a different value, at spec.crds.web.b.c (its place in the target layout); " +
          "keep one of the two",
        severity: "error",
      },
    ]);
  });
});
