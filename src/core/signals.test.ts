import fc from "fast-check";
import { annotationsForPattern, parseQualitySignals } from "./signals.js";

describe("parseQualitySignals", () => {
  it("reads every signal family", () => {
    const signals = parseQualitySignals({
      "org.opencontainers.image.created": "2026-01-02T03:04:05Z",
      "org.opencontainers.image.description": "Web app operator",
      "org.opencontainers.image.ref.name": "v1",
      "io.orkestra.pattern.kind": "Katalog",
      "io.orkestra.pattern.name": "webapp",
      "io.orkestra.pattern.version": "1.0.0",
      "io.orkestra.pattern.author": "ops",
      "io.orkestra.pattern.license": "Apache-2.0",
      "io.orkestra.pattern.tags": "web, apps,,",
      "io.orkestra.e2e.status": "passed",
      "io.orkestra.e2e.duration": "42s",
      "io.orkestra.e2e.tested_at": "2026-01-01T00:00:00Z",
      "io.orkestra.e2e.runner": "kind-1.35",
      "io.orkestra.e2e.assertions": "17",
      "io.orkestra.simulate.status": "failed",
      "io.orkestra.simulate.assertions": "n/a",
      "io.orkestra.katalog.deprecated": "true",
      "io.orkestra.katalog.migrated_to": "oci://ghcr.io/o/webapp-v2:v2",
      "io.orkestra.katalog.message": "use v2",
    });
    expect(signals).toEqual({
      e2e: {
        status: "passed",
        duration: "42s",
        testedAt: "2026-01-01T00:00:00Z",
        runner: "kind-1.35",
        assertions: 17,
      },
      simulate: { status: "failed" },
      deprecated: { deprecated: true, migratedTo: "oci://ghcr.io/o/webapp-v2:v2", message: "use v2" },
      pattern: {
        kind: "Katalog",
        name: "webapp",
        version: "1.0.0",
        author: "ops",
        license: "Apache-2.0",
        tags: ["web", "apps"],
      },
      image: { created: "2026-01-02T03:04:05Z", description: "Web app operator" },
    });
  });

  it("leaves absent signals out, and an artifact without annotations is fine", () => {
    expect(parseQualitySignals({})).toEqual({ pattern: { tags: [] }, image: {} });
  });

  it("reads upstream's io.orkestra.katalog.deprecated.* keys too", () => {
    expect(
      parseQualitySignals({
        "io.orkestra.katalog.deprecated": "true",
        "io.orkestra.katalog.deprecated.migrated_to": "x",
        "io.orkestra.katalog.deprecated.message": "y",
      }).deprecated,
    ).toEqual({ deprecated: true, migratedTo: "x", message: "y" });
  });

  it("an explicit false is not deprecated", () => {
    expect(parseQualitySignals({ "io.orkestra.katalog.deprecated": "false" }).deprecated).toEqual({
      deprecated: false,
    });
  });

  it("camel-cases other image annotations", () => {
    expect(parseQualitySignals({ "org.opencontainers.image.base.digest": "d" }).image).toEqual({
      baseDigest: "d",
    });
  });
});

describe("annotationsForPattern", () => {
  it("writes upstream's keys and skips empty values", () => {
    expect(
      annotationsForPattern(
        { kind: "Katalog", name: "webapp", version: "1.0.0", tags: ["a", " b "], author: "" },
        "2026-01-01T00:00:00Z",
      ),
    ).toEqual({
      "org.opencontainers.image.created": "2026-01-01T00:00:00Z",
      "io.orkestra.pattern.kind": "Katalog",
      "io.orkestra.pattern.name": "webapp",
      "io.orkestra.pattern.version": "1.0.0",
      "io.orkestra.pattern.tags": "a,b",
      "org.opencontainers.image.title": "webapp",
      "org.opencontainers.image.version": "1.0.0",
    });
  });

  it("round-trips pattern metadata through annotations", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,10}[A-Za-z0-9]$/);
    fc.assert(
      fc.property(
        fc.record({
          kind: word,
          name: word,
          version: word,
          author: word,
          license: word,
          tags: fc.array(fc.stringMatching(/^[a-z0-9-]{1,8}$/)),
        }),
        (meta) => {
          expect(parseQualitySignals(annotationsForPattern(meta, "t")).pattern).toEqual(meta);
        },
      ),
    );
  });
});

describe("parseQualitySignals: edges", () => {
  it("trims values, takes blank ones as absent, and leaves absent families out entirely", () => {
    const signals = parseQualitySignals({
      "io.orkestra.e2e.status": " passed ",
      "io.orkestra.e2e.runner": "   ",
      "io.orkestra.simulate.duration": "3s",
      "io.orkestra.pattern.name": " web ",
      "io.orkestra.pattern.tags": " a, ,b ,",
    });
    expect(signals).toStrictEqual({
      pattern: { tags: ["a", "b"], name: "web" },
      image: {},
      e2e: { status: "passed" },
    });
  });

  it("reads an assertion count only when it is all digits", () => {
    const count = (value: string) =>
      parseQualitySignals({ "io.orkestra.e2e.status": "passed", "io.orkestra.e2e.assertions": value }).e2e
        ?.assertions;
    expect(count("12")).toBe(12);
    expect(count("12x")).toBeUndefined();
    expect(count("x12")).toBeUndefined();
  });

  it("reads a migration target alone as deprecated, and only true, yes or 1 as a true flag", () => {
    expect(
      parseQualitySignals({ "io.orkestra.katalog.migrated_to": "oci://r.io/b:2" }).deprecated,
    ).toStrictEqual({
      deprecated: true,
      migratedTo: "oci://r.io/b:2",
    });
    const flag = (value: string) =>
      parseQualitySignals({ "io.orkestra.katalog.deprecated": value }).deprecated?.deprecated;
    expect(["true", "YES", "1"].map(flag)).toEqual([true, true, true]);
    expect(["yes!", "untrue", "10", "no"].map(flag)).toEqual([false, false, false, false]);
    expect(parseQualitySignals({ "io.orkestra.katalog.message": "use b" }).deprecated).toBeUndefined();
  });

  it("leaves the image's ref.name and blank values out of the image signal, and trims the rest", () => {
    expect(
      parseQualitySignals({
        "org.opencontainers.image.ref.name": "v1",
        "org.opencontainers.image.vendor": " ",
        "org.opencontainers.image.base.digest": " sha256:1 ",
        "org.opencontainers.image.source": "https://x",
        "io.example.other": "x",
      }).image,
    ).toStrictEqual({ baseDigest: "sha256:1", source: "https://x" });
  });
});

describe("annotationsForPattern: edges", () => {
  it("writes description, authors and licenses under the OCI keys, and trims and drops empty tags", () => {
    expect(
      annotationsForPattern(
        { name: "web", description: "Web apps", author: "me", license: "MIT", tags: [" a ", "", "b"] },
        "2026-01-01T00:00:00Z",
      ),
    ).toStrictEqual({
      "org.opencontainers.image.created": "2026-01-01T00:00:00Z",
      "io.orkestra.pattern.name": "web",
      "io.orkestra.pattern.author": "me",
      "io.orkestra.pattern.license": "MIT",
      "io.orkestra.pattern.tags": "a,b",
      "org.opencontainers.image.title": "web",
      "org.opencontainers.image.description": "Web apps",
      "org.opencontainers.image.authors": "me",
      "org.opencontainers.image.licenses": "MIT",
    });
    expect(annotationsForPattern({ tags: [" ", ""] }, "t")).toStrictEqual({
      "org.opencontainers.image.created": "t",
    });
  });
});
