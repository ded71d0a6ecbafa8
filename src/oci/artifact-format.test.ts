import { buildArtifact, readPatternMetadata } from "./artifact-format.js";
import { MediaType } from "./media-types.js";

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const katalog = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: webapp, version: 1.0.0, author: ops, license: MIT, tags: [web, apps]}
lifecycle: {deprecation: {migratedTo: "oci://ghcr.io/o/webapp-v2:v2", message: use v2}}
spec: {crds: {}}
`;

describe("buildArtifact", () => {
  it("lays the artifact out like upstream ork push", () => {
    const built = buildArtifact(
      [file("komposer.yaml", "kind: Komposer\nmetadata: {name: pack}\n"), file("katalog.yaml", katalog)],
      "2026-01-01T00:00:00Z",
    );
    const manifest = JSON.parse(new TextDecoder().decode(built.manifest.bytes)) as {
      mediaType: string;
      artifactType: string;
      config: { mediaType: string };
      layers: { mediaType: string; annotations: Record<string, string> }[];
      annotations: Record<string, string>;
    };
    expect(manifest.mediaType).toBe(MediaType.ociManifest);
    expect(manifest.artifactType).toBe(MediaType.pattern);
    expect(manifest.config.mediaType).toBe(MediaType.pattern);
    expect(new TextDecoder().decode(built.config.bytes)).toBe("{}");
    expect(
      manifest.layers.map((l) => [l.annotations["org.opencontainers.image.title"], l.mediaType]),
    ).toEqual([
      ["katalog.yaml", MediaType.katalog],
      ["komposer.yaml", MediaType.octetStream],
    ]);
    expect(manifest.annotations).toMatchObject({
      "org.opencontainers.image.created": "2026-01-01T00:00:00Z",
      "io.orkestra.pattern.kind": "Komposer",
      "io.orkestra.pattern.name": "pack",
      "io.orkestra.katalog.deprecated": "true",
      "io.orkestra.katalog.migrated_to": "oci://ghcr.io/o/webapp-v2:v2",
    });
  });

  it("is deterministic and order-independent", () => {
    const a = buildArtifact([file("a.txt", "1"), file("katalog.yaml", katalog)], "t");
    const b = buildArtifact([file("katalog.yaml", katalog), file("a.txt", "1")], "t");
    expect(a.manifest.descriptor.digest).toBe(b.manifest.descriptor.digest);
  });
});

describe("readPatternMetadata", () => {
  it("reads katalog metadata and tolerates broken YAML", () => {
    expect(readPatternMetadata([file("katalog.yaml", katalog)])).toEqual({
      kind: "Katalog",
      name: "webapp",
      version: "1.0.0",
      author: "ops",
      license: "MIT",
      tags: ["web", "apps"],
    });
    expect(readPatternMetadata([file("katalog.yaml", "kind: [unclosed")])).toEqual({});
  });

  it("falls back to orkestra.orkspace.io annotations", () => {
    const text =
      "kind: Komposer\nmetadata:\n  name: p\n  annotations: {orkestra.orkspace.io/version: 2.0.0}\n";
    expect(readPatternMetadata([file("komposer.yaml", text)]).version).toBe("2.0.0");
  });
});
