import fc from "fast-check";
import type { ArtifactReference } from "./artifact.js";
import { InvalidInputError } from "./errors.js";
import { formatReference, parseReference } from "./reference.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("parseReference", () => {
  it.each<[string, ArtifactReference]>([
    [
      "oci://ghcr.io/myorg/katalogs/webapp:v1.0.0",
      { registry: "ghcr.io", repository: "myorg/katalogs/webapp", tag: "v1.0.0" },
    ],
    ["ghcr.io/myorg/webapp:v1", { registry: "ghcr.io", repository: "myorg/webapp", tag: "v1" }],
    ["ghcr.io/myorg/webapp", { registry: "ghcr.io", repository: "myorg/webapp", tag: "latest" }],
    ["localhost:5000/webapp", { registry: "localhost:5000", repository: "webapp", tag: "latest" }],
    ["localhost/webapp:1", { registry: "localhost", repository: "webapp", tag: "1" }],
    ["127.0.0.1:5001/a/b:c", { registry: "127.0.0.1:5001", repository: "a/b", tag: "c" }],
    ["[::1]:5000/a:b", { registry: "[::1]:5000", repository: "a", tag: "b" }],
    [`ghcr.io/o/r@${DIGEST}`, { registry: "ghcr.io", repository: "o/r", digest: DIGEST }],
    [`ghcr.io/o/r:v2@${DIGEST}`, { registry: "ghcr.io", repository: "o/r", tag: "v2", digest: DIGEST }],
    ["ghcr.io/o/r@v1.0.0", { registry: "ghcr.io", repository: "o/r", tag: "v1.0.0" }],
    [
      `ghcr.io/o/r@v1.0.0@${DIGEST}`,
      { registry: "ghcr.io", repository: "o/r", tag: "v1.0.0", digest: DIGEST },
    ],
    ["OCI://GHCR.io/o/r:T", { registry: "ghcr.io", repository: "o/r", tag: "T" }],
    ["ghcr.io/o/a_b.c--d__e:x", { registry: "ghcr.io", repository: "o/a_b.c--d__e", tag: "x" }],
  ])("parses %s", (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it("never reads a port as a tag", () => {
    expect(parseReference("registry.local:5000/team/app")).toEqual({
      registry: "registry.local:5000",
      repository: "team/app",
      tag: "latest",
    });
  });

  it("uses the version option only when no tag or digest is given", () => {
    expect(parseReference("ghcr.io/o/r", { defaultTag: "v3" }).tag).toBe("v3");
    expect(parseReference("ghcr.io/o/r:v1", { defaultTag: "v3" }).tag).toBe("v1");
    expect(parseReference(`ghcr.io/o/r@${DIGEST}`, { defaultTag: "v3" }).tag).toBeUndefined();
  });

  it("refuses references without a registry host and shows the full form", () => {
    for (const input of ["myorg/webapp:v1", "webapp", "webapp@v1", "oci://myorg/webapp"]) {
      expect(() => parseReference(input)).toThrow(InvalidInputError);
      expect(() => parseReference(input)).toThrow(/oci:\/\/ghcr\.io\/org\/repo:tag/);
    }
  });

  it.each([
    ["https://ghcr.io/o/r", /only oci:\/\//],
    ["", /empty/],
    ["ghcr.io/", /missing repository/],
    ["ghcr.io/O/r", /lowercase/],
    ["ghcr.io/o//r", /path component/],
    ["ghcr.io/o/r:-bad", /invalid tag/],
    ["ghcr.io/o/r:v1@v2", /both/],
    ["ghcr.io/o/r@sha256:abc", /64 lowercase hex/],
    [`ghcr.io/o/r@sha256:${"A".repeat(64)}`, /64 lowercase hex/],
    [`ghcr.io/o/r@sha256:${"a".repeat(63)}G`, /64 lowercase hex/],
    [`ghcr.io/o/r@sha256:${"a".repeat(63)}=`, /64 lowercase hex/],
    [`ghcr.io/o/r@md5:${"a".repeat(32)}`, /unsupported digest algorithm/],
    ["host.io:99999/o/r", /invalid registry host/],
    ["bad_host.io/o/r", /invalid registry host/],
  ])("rejects %j", (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it("names the file and field when a location is given", () => {
    try {
      parseReference("webapp:v1", {
        location: { file: "komposer.yaml", path: "imports.registry[0]", line: 4 },
      });
      throw new Error("expected a failure");
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(InvalidInputError);
      expect((e as Error).message).toMatch(
        /^komposer\.yaml:4: imports\.registry\[0\]: reference "webapp:v1"/,
      );
    }
  });
});

describe("formatReference", () => {
  it("writes the canonical form", () => {
    expect(formatReference({ registry: "ghcr.io", repository: "o/r", tag: "v1", digest: DIGEST })).toBe(
      `oci://ghcr.io/o/r:v1@${DIGEST}`,
    );
    expect(formatReference({ registry: "localhost:5000", repository: "r" })).toBe("oci://localhost:5000/r");
  });
});

// Generators that produce only valid pieces of the grammar.
const lowerAlnum = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const pathComponent = fc
  .tuple(
    lowerAlnum,
    fc.array(fc.tuple(fc.constantFrom(".", "_", "__", "-", "--"), lowerAlnum), { maxLength: 2 }),
  )
  .map(([head, tail]) => head + tail.map(([sep, part]) => sep + part).join(""));
const repository = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const port = fc.integer({ min: 1, max: 65535 });
const host = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/), fc.constantFrom("io", "com", "local"))
    .map(([a, b]) => `${a}.${b}`),
  fc.constant("localhost"),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `127.${a}.${b}.1`),
);
const registry = fc
  .tuple(host, fc.option(port, { nil: undefined }))
  .map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
const reference: fc.Arbitrary<ArtifactReference> = fc
  .record({
    registry,
    repository,
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .map((r) => {
    const out: ArtifactReference = { registry: r.registry, repository: r.repository };
    if (r.tag !== undefined || r.digest === undefined) out.tag = r.tag ?? "latest";
    if (r.digest !== undefined) out.digest = r.digest;
    return out;
  });

describe("reference properties", () => {
  it("parse ∘ format is the identity on valid references", () => {
    fc.assert(fc.property(reference, (ref) => expect(parseReference(formatReference(ref))).toEqual(ref)));
  });

  it("format ∘ parse is stable (idempotent canonical form)", () => {
    fc.assert(
      fc.property(reference, fc.boolean(), (ref, withScheme) => {
        const text = formatReference(ref).slice(withScheme ? 0 : "oci://".length);
        const once = formatReference(parseReference(text));
        expect(formatReference(parseReference(once))).toBe(once);
      }),
    );
  });

  it("a port is never read as a tag", () => {
    fc.assert(
      fc.property(host, port, repository, (h, p, repo) => {
        const ref = parseReference(`${h}:${p}/${repo}`);
        expect(ref.registry).toBe(`${h}:${p}`);
        expect(ref.tag).toBe("latest");
      }),
    );
  });

  it("the upstream shorthand @tag means the same as :tag", () => {
    fc.assert(
      fc.property(registry, repository, tag, (reg, repo, t) => {
        expect(parseReference(`${reg}/${repo}@${t}`)).toEqual(parseReference(`${reg}/${repo}:${t}`));
      }),
    );
  });

  it("never throws anything but InvalidInputError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        try {
          parseReference(input);
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(InvalidInputError);
        }
      }),
    );
  });
});
