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
});
