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

  it("reads fractions of any length, trims surrounding space, and takes each part of a combined value", () => {
    expect(parseDuration("1.25s", "--timeout")).toBe(1250);
    expect(parseDuration("0.125s", "--timeout")).toBe(125);
    expect(parseDuration(" 90s\n", "--timeout")).toBe(90_000);
    expect(parseDuration("1h1m1s1ms", "--timeout")).toBe(3_661_001);
  });

  it("refuses trailing or leading text after a valid duration", () => {
    for (const text of ["5sx", "x5s", "5s 5", "1.s", ".5s"]) {
      expect(() => parseDuration(text, "--interval")).toThrow(
        `--interval: "${text}" is not a duration; write e.g. 90s, 5m or 1h30m`,
      );
    }
  });

  it("takes up to 2^31-1 ms, the most a timer can wait, and says the bounds beyond", () => {
    expect(parseDuration("2147483647ms", "--timeout")).toBe(2_147_483_647);
    expect(() => parseDuration("2147483648ms", "--timeout")).toThrow(
      '--timeout: "2147483648ms" must be more than 0 and at most 24 days',
    );
    expect(() => parseDuration("0ms", "--timeout")).toThrow(
      '--timeout: "0ms" must be more than 0 and at most 24 days',
    );
  });
});
