// The edges of each part of the reference grammar: anchors (a pattern that matches only the tail or the head of
// a part must not pass), exact lengths and numeric ranges, each tested on both sides of the line.
import { InvalidInputError } from "./errors.js";
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

describe("parseReference: digests and shapes", () => {
  const sha = `sha256:${hex(64)}`;

  it.each([
    [`ghcr.io/o/r@${sha}!`, /invalid digest/],
    [`ghcr.io/o/r@a:${sha}`, /invalid digest "a:sha256:/],
    ["ghcr.io/o/r@a.bc:123", /unsupported digest algorithm "a\.bc"; use sha256/],
    ["ghcr.io/o/r@md5:abcd", /unsupported digest algorithm "md5"/],
    ["ghcr.io/o/r@_x:y", /invalid tag "_x:y"/],
    ["@sha256:abc", /64 lowercase hex/],
    ["ghcr.io/:v1", /missing repository path after "ghcr\.io\/"/],
  ])("%j fails with %s", (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it("a reference with only a digest has no tag field, one with only a tag no digest field", () => {
    expect(parseReference(`ghcr.io/o/r@${sha}`)).toStrictEqual({
      registry: "ghcr.io",
      repository: "o/r",
      digest: sha,
    });
    expect(parseReference("ghcr.io/o/r:v1")).toStrictEqual({
      registry: "ghcr.io",
      repository: "o/r",
      tag: "v1",
    });
  });

  it("a lowercase component gets no lowercase hint; an uppercase one does", () => {
    expect(() => parseReference("ghcr.io/o/_r")).toThrow(/: invalid repository path component "_r"$/);
    expect(() => parseReference("ghcr.io/o/Repo")).toThrow(
      /: invalid repository path component "Repo" \(repository names must be lowercase\)$/,
    );
  });

  it("only a scheme at the start is a scheme", () => {
    expect(() => parseReference("ghcr.io/o/r://x")).toThrow(/invalid repository path component|invalid tag/);
    expect(() => parseReference("https://ghcr.io/o/r")).toThrow(/only oci:\/\/ references are supported/);
  });

  it("without a location the problem names the reference itself and no path", () => {
    try {
      parseReference("nohost");
      throw new Error("expected a failure");
    } catch (error) {
      expect((error as InvalidInputError).problems[0]).toMatchObject({
        file: 'reference "nohost"',
        path: "",
      });
    }
  });
});

describe("parseReference: surrounding space", () => {
  it("ignores spaces and newlines around a reference, as a YAML block scalar would leave them", () => {
    expect(parseReference("  oci://ghcr.io/acme/web:v1\n")).toEqual(
      parseReference("oci://ghcr.io/acme/web:v1"),
    );
  });
});
