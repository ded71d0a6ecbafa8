import { hasControlCharacters } from "../core/terminal-text.js";
import { RegistryError } from "../core/errors.js";
import { filesOf, parseManifestDocument, selectArtifactManifest } from "./manifest.js";
import { MediaType } from "./media-types.js";

const d = (n: number, extra: object = {}) => ({
  mediaType: MediaType.ociManifest,
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size: 10,
  ...extra,
});
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("manifest documents", () => {
  it("parses an artifact manifest and lists files by title, ignoring untitled layers", () => {
    const doc = parseManifestDocument(
      json({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: MediaType.pattern,
        config: d(1, { mediaType: MediaType.pattern }),
        layers: [d(2, { annotations: { "org.opencontainers.image.title": "katalog.yaml" } }), d(3)],
      }),
      undefined,
      "x",
    );
    expect(doc.kind).toBe("manifest");
    if (doc.kind !== "manifest") return;
    expect(doc.manifest.artifactType).toBe(MediaType.pattern);
    expect(filesOf(doc.manifest, "x").map((f) => f.title)).toEqual(["katalog.yaml"]);
  });

  it("refuses malformed documents as unsupported artifacts", () => {
    for (const bad of [
      {},
      { schemaVersion: 1 },
      { schemaVersion: 2, layers: [{ digest: "x" }], config: d(1) },
      "nope",
    ]) {
      expect(() => parseManifestDocument(json(bad), undefined, "x")).toThrow(RegistryError);
    }
  });

  it("refuses titles that would escape the output folder", () => {
    for (const title of ["../x", "/etc/passwd", "a/../../b", "a\\b", ""]) {
      const manifest = {
        schemaVersion: 2 as const,
        config: d(1),
        layers: [d(2, { annotations: { "org.opencontainers.image.title": title } })],
      };
      expect(() => filesOf(manifest, "x")).toThrow(/unsafe file title/);
    }
  });

  it("refuses titles with control characters, naming them escaped", () => {
    for (const title of ["a\u001b[2J.yaml", "a\rb", "bell\u0007", "c1\u009b", "tab\tname"]) {
      const manifest = {
        schemaVersion: 2 as const,
        config: d(1),
        layers: [d(2, { annotations: { "org.opencontainers.image.title": title } })],
      };
      expect(() => filesOf(manifest, "x")).toThrow(/file title ".*" contains control characters/);
      let message = "";
      try {
        filesOf(manifest, "x");
      } catch (error: unknown) {
        message = String(error);
      }
      expect(hasControlCharacters(message)).toBe(false);
    }
  });

  it("picks the single artifact manifest of an index", () => {
    const only = { schemaVersion: 2 as const, manifests: [d(4)] };
    expect(selectArtifactManifest(only, "x").digest).toBe(d(4).digest);
    const mixed = { schemaVersion: 2 as const, manifests: [d(5, { platform: { os: "linux" } }), d(6)] };
    expect(selectArtifactManifest(mixed, "x").digest).toBe(d(6).digest);
    const ambiguous = { schemaVersion: 2 as const, manifests: [d(7), d(8)] };
    expect(() => selectArtifactManifest(ambiguous, "x")).toThrow(/single artifact manifest/);
  });
});
