// Parallel fetches may finish in any order; the result and the error reported must not depend on it.
import fc from "fast-check";
import { propertyRuns } from "../../test/support/property-runs.js";
import type { ArtifactFetcher } from "./artifact.js";
import { MemoryArtifactFetcher } from "../../test/support/memory-fetcher.js";
import { parseDocument } from "./parse-document.js";
import { resolveImports } from "./resolve-imports.js";
import { katalogYaml, komposerYaml } from "../../test/support/test-documents.js";

const R = "oci://ghcr.io/acme";

function graph(): MemoryArtifactFetcher {
  const registry = new MemoryArtifactFetcher();
  registry.put(`${R}/postgres:v1`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
  registry.put(`${R}/redis:v1`, {
    "katalog.yaml": katalogYaml("redis", ["redis"], { top: { security: { a: 1 } } }),
  });
  registry.put(`${R}/web:v1`, {
    "katalog.yaml": katalogYaml("web", ["webapp", "site"], { top: { security: { a: 2 } } }),
  });
  registry.put(`${R}/pack-a:v1`, {
    "komposer.yaml": komposerYaml("pack-a", {
      registry: [`${R}/postgres:v1`, `${R}/redis:v1`],
      crds: { redis: { workers: 5 } },
    }),
  });
  registry.put(`${R}/pack-b:v1`, {
    "komposer.yaml": komposerYaml("pack-b", { registry: [`${R}/postgres:v1`, `${R}/web:v1`] }),
  });
  return registry;
}

const ROOT = komposerYaml("root", {
  registry: [
    { url: `${R}/pack-a:v1`, useKomposer: true },
    { url: `${R}/pack-b:v1`, useKomposer: true },
    `${R}/web:v1`,
  ],
  crds: { site: { enabled: false } },
});

async function resolveWith(fetcher: ArtifactFetcher, root = ROOT) {
  const roots = [parseDocument({ file: "komposer.yaml", text: root })];
  return resolveImports({ roots, fetcher, readLocalFile: () => Promise.reject(new Error("none")) });
}

describe("resolution order independence", () => {
  it("gives the same result for every order in which fetches complete", async () => {
    const expected = JSON.stringify(await resolveWith(graph()));
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const registry = graph();
        const scheduled: ArtifactFetcher = {
          fetch: (ref, options) => s.schedule(registry.fetch(ref, options)),
        };
        const pending = resolveWith(scheduled);
        await s.waitFor(pending);
        expect(JSON.stringify(await pending)).toBe(expected);
      }),
      { numRuns: propertyRuns(50) },
    );
  });

  it("reports the same error for every completion order", async () => {
    const failing = komposerYaml("root", {
      registry: [`${R}/missing-a:v1`, { url: `${R}/pack-a:v1`, useKomposer: true }, `${R}/missing-b:v1`],
    });
    const message = async (fetcher: ArtifactFetcher) =>
      resolveWith(fetcher, failing).then(
        () => "resolved",
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    const expected = await message(graph());
    expect(expected).toMatch(/missing-a:v1 not found/);
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const registry = graph();
        const scheduled: ArtifactFetcher = {
          fetch: (ref, options) => s.schedule(registry.fetch(ref, options)),
        };
        const pending = message(scheduled);
        await s.waitFor(pending);
        expect(await pending).toBe(expected);
      }),
      { numRuns: propertyRuns(50) },
    );
  });
});
