// The edges of each part of the reference grammar: anchors (a pattern that matches only the tail or the head of
// a part must not pass), exact lengths and numeric ranges, each tested on both sides of the line.
import { parseReference } from "./reference.js";

const hex = (n: number) => "0123456789abcdef".repeat(Math.ceil(n / 16)).slice(0, n);

describe("parseReference grammar edges", () => {
  it.each([
    [`ghcr.io/o/r@sha256:G${hex(63)}`, /64 lowercase hex/],
    [`ghcr.io/o/r@sha256:${hex(65)}`, /64 lowercase hex/],
    [`ghcr.io/o/r@sha512:${hex(127)}`, /128 lowercase hex/],
    ["host.io:50x0/o/r", /invalid registry host|no registry host/],
    ["host.io:5000:1/o/r", /invalid registry host/],
    ["-host.io/o/r", /invalid registry host/],
    ["host-.io/o/r", /invalid registry host/],
    ["host.io:0/o/r", /invalid registry host/],
    ["host.io:65536/o/r", /invalid registry host/],
    ["ghcr.io/o/-r", /path component "-r"/],
    ["ghcr.io/o/r-", /path component "r-"/],
    ["ghcr.io/o/r._x", /path component/],
    ["ghcr.io/o/r:.v1", /invalid tag ".v1"/],
    ["ghcr.io/o/r:v1!", /invalid tag/],
    [`ghcr.io/o/r:${"t".repeat(129)}`, /invalid tag/],
    ["ghcr.io/o/r@a@b", /more than one '@'/],
  ])("rejects %j", (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it.each([
    [
      `ghcr.io/o/r@sha512:${hex(128)}`,
      { registry: "ghcr.io", repository: "o/r", digest: `sha512:${hex(128)}` },
    ],
    ["host.io:65535/o/r", { registry: "host.io:65535", repository: "o/r", tag: "latest" }],
    ["host.io:1/o/r", { registry: "host.io:1", repository: "o/r", tag: "latest" }],
    [`ghcr.io/o/r:${"t".repeat(128)}`, { registry: "ghcr.io", repository: "o/r", tag: "t".repeat(128) }],
    ["ghcr.io/o/r:_v", { registry: "ghcr.io", repository: "o/r", tag: "_v" }],
    ["a-b.c-d.io/x-y/z", { registry: "a-b.c-d.io", repository: "x-y/z", tag: "latest" }],
  ])("accepts %j", (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it("allows a name of exactly 255 characters and refuses 256", () => {
    const host = "ghcr.io";
    const at255 = `${host}/${"r".repeat(255 - host.length - 1)}`;
    expect(parseReference(at255).repository).toHaveLength(247);
    expect(() => parseReference(`${at255}r`)).toThrow(/longer than 255/);
  });

  it("refuses an invalid default tag only when it is used", () => {
    expect(() => parseReference("ghcr.io/o/r", { defaultTag: "-x" })).toThrow(/invalid version "-x"/);
    expect(parseReference("ghcr.io/o/r:v1", { defaultTag: "-x" }).tag).toBe("v1");
  });

  it("locates errors without a line when none is given", () => {
    try {
      parseReference("nohost", { location: { file: "k.yaml", path: "imports[0]" } });
      throw new Error("expected a failure");
    } catch (e: unknown) {
      expect((e as Error).message).toMatch(/^k\.yaml: imports\[0\]: reference "nohost": no registry host/);
    }
  });
});
