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
