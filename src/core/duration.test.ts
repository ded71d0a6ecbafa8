import { parseDuration } from "./duration.js";
import { UsageError } from "./errors.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text, "--timeout")).toBe(ms);
  });

  it.each(["", "5", "5 minutes", "-1s", "0s", "1d", "s", "999999h"])("refuses %j naming the flag", (text) => {
    expect(() => parseDuration(text, "--timeout")).toThrow(UsageError);
    expect(() => parseDuration(text, "--timeout")).toThrow(/--timeout/);
  });
});
