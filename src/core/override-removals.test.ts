import { InvalidInputError } from "./errors.js";
import { removalsAsNulls } from "./override-removals.js";

const context = { file: "k.yaml", key: "webapp" };

describe("removalsAsNulls", () => {
  it("turns each listed path into the null it stands for", () => {
    expect(
      removalsAsNulls(
        {
          workers: 2,
          deletionProtection: { protectCRs: true },
          remove: ["webhooks", "deletionProtection.strictMode"],
        },
        context,
      ),
    ).toEqual({ workers: 2, webhooks: null, deletionProtection: { protectCRs: true, strictMode: null } });
  });

  it("leaves an override without remove untouched", () => {
    const override = { webhooks: null };
    expect(removalsAsNulls(override, context)).toBe(override);
  });

  it("reports every contradiction and malformed path at once", () => {
    const run = () =>
      removalsAsNulls(
        { webhooks: { validation: true }, workers: 3, remove: ["webhooks", "", "workers.x"] },
        context,
      );
    expect(run).toThrow(InvalidInputError);
    try {
      run();
    } catch (error) {
      expect((error as InvalidInputError).problems.map((p) => [p.path, p.message])).toEqual([
        [
          "spec.crds.webapp.remove[0]",
          "webhooks is both set and removed in spec.crds.webapp; keep one of the two",
        ],
        ["spec.crds.webapp.remove[1]", expect.stringContaining("is not a field path")],
        [
          "spec.crds.webapp.remove[2]",
          "workers.x is both set and removed in spec.crds.webapp; keep one of the two",
        ],
      ]);
    }
  });

  it("refuses a remove that is not a list", () => {
    expect(() => removalsAsNulls({ remove: "webhooks" }, context)).toThrow(
      /remove must be a list of field paths/,
    );
  });

  it("locates each problem at its list item, or at remove itself, with the full message", () => {
    const lines: Record<string, number> = { "spec.crds.webapp.remove": 9, "spec.crds.webapp.remove.1": 11 };
    const located = { ...context, locate: (path: readonly (string | number)[]) => lines[path.join(".")] };
    const problems = (override: Record<string, unknown>) => {
      try {
        removalsAsNulls(override, located);
      } catch (error) {
        return (error as InvalidInputError).problems;
      }
      return [];
    };
    expect(problems({ remove: "webhooks" })).toStrictEqual([
      {
        file: "k.yaml",
        line: 9,
        path: "spec.crds.webapp.remove",
        message:
          "remove must be a list of field paths, e.g. remove: [webhooks, deletionProtection.strictMode]",
        severity: "error",
      },
    ]);
    const notAPath = (item: string) =>
      `${item} is not a field path; write dotted field names such as webhooks or deletionProtection.strictMode`;
    expect(problems({ remove: ["webhooks", 5, "a..b", ".a", "a."] })).toStrictEqual([
      {
        file: "k.yaml",
        line: 11,
        path: "spec.crds.webapp.remove[1]",
        message: notAPath("5"),
        severity: "error",
      },
      { file: "k.yaml", path: "spec.crds.webapp.remove[2]", message: notAPath('"a..b"'), severity: "error" },
      { file: "k.yaml", path: "spec.crds.webapp.remove[3]", message: notAPath('".a"'), severity: "error" },
      { file: "k.yaml", path: "spec.crds.webapp.remove[4]", message: notAPath('"a."'), severity: "error" },
    ]);
  });

  it("removes under a field already removed whole, or already null, without complaint", () => {
    expect(removalsAsNulls({ remove: ["webhooks", "webhooks.validation"] }, context)).toStrictEqual({
      webhooks: null,
    });
    expect(removalsAsNulls({ webhooks: null, remove: ["webhooks"] }, context)).toStrictEqual({
      webhooks: null,
    });
    expect(removalsAsNulls({ a: { b: null }, remove: ["a.b.c", "x.y"] }, context)).toStrictEqual({
      a: { b: null },
      x: { y: null },
    });
  });

  it("does not change the override it is given, and reads only its own fields", () => {
    const override = { deletionProtection: { protectCRs: true }, remove: ["deletionProtection.strictMode"] };
    removalsAsNulls(override, context);
    expect(override).toStrictEqual({
      deletionProtection: { protectCRs: true },
      remove: ["deletionProtection.strictMode"],
    });
    expect(removalsAsNulls({ remove: ["constructor", "toString.x"] }, context)).toStrictEqual(
      JSON.parse('{"constructor": null, "toString": {"x": null}}'),
    );
  });
});
