import { UsageError } from "../../core/errors.js";
import { parseTimeout } from "./reconcile.js";

describe("parseTimeout", () => {
  it("reads Go durations in ms, s, m and h", () => {
    expect(parseTimeout("30s")).toBe(30_000);
    expect(parseTimeout("1m30s")).toBe(90_000);
    expect(parseTimeout("1.5h")).toBe(5_400_000);
    expect(parseTimeout("250ms")).toBe(250);
  });

  it("refuses what is not one, with an example", () => {
    expect(() => parseTimeout("2")).toThrow(UsageError);
    expect(() => parseTimeout("soon")).toThrow(/write e.g. 30s, 2m or 1m30s/);
  });
});
