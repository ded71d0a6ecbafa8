import { parse as parseYaml } from "yaml";
import { valueAt } from "./field-path.js";
import type { ArtifactFetcher, ArtifactReference, FetchedArtifact } from "./artifact.js";
import { ConflictError, InvalidInputError, RegistryError } from "./errors.js";
import { MemoryArtifactFetcher } from "../../test/support/memory-fetcher.js";
import { parseDocument } from "./parse-document.js";
import { resolveImports, type ResolveImportsOptions } from "./resolve-imports.js";
import { katalogYaml, komposerYaml } from "../../test/support/test-documents.js";

const R = "oci://ghcr.io/acme";

function setup() {
  const registry = new MemoryArtifactFetcher();
  const files = new Map<string, string>();
  const readLocalFile = (path: string) => {
    const text = files.get(path);
    return text === undefined
      ? Promise.reject(new Error(`ENOENT: no such file, open '${path}'`))
      : Promise.resolve(text);
  };
  const resolve = async (root: string, extra: Partial<ResolveImportsOptions> = {}) =>
    resolveImports({
      roots: [parseDocument({ file: "komposer.yaml", text: root })],
      readLocalFile,
      fetcher: registry,
      ...extra,
    });
  return { registry, files, resolve, readLocalFile };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a rejection");
}

describe("resolveImports", () => {
  it("imports registry katalogs, then files, then applies inline overrides", async () => {
    const { registry, files, resolve } = setup();
    const webDigest = registry.put(
      `${R}/webapp:v1.0.0`,
      { "katalog.yaml": katalogYaml("webapp-operator", ["webapp"], { version: "v1.0.0" }) },
      {
        "io.orkestra.e2e.status": "passed",
      },
    );
    registry.put(`${R}/db:v2`, { "katalog.yaml": katalogYaml("db", ["postgres", "redis"]) });
    files.set("../cache/katalog.yaml", katalogYaml("cache", ["cache"]));
    const result = await resolve(
      komposerYaml("platform", {
        registry: [`${R}/webapp:v1.0.0`, { url: `${R}/db`, version: "v2" }],
        files: ["../cache/katalog.yaml"],
        crds: { webapp: { workers: 8, resync: "30s" }, redis: { enabled: false } },
      }),
    );
    expect(result.crds.map((c) => c.key)).toEqual(["cache", "postgres", "redis", "webapp"]);
    const webapp = result.crds.find((c) => c.key === "webapp")!;
    // Entries travel in the newest layout: the seed's override sits where generation 3 keeps it.
    expect(webapp.entry).toMatchObject({
      operatorBox: { reconcile: { workers: 8, resync: "30s" } },
      apiTypes: { kind: "Webapp" },
    });
    expect(webapp.written).toEqual([1]);
    expect(webapp.source).toMatchObject({
      katalogName: "webapp-operator",
      katalogNamespace: "default",
      katalogVersion: "v1.0.0",
      origin: `${R}/webapp:v1.0.0`,
    });
    expect(webapp.via).toEqual(["komposer.yaml", `${R}/webapp:v1.0.0`]);
    expect(result.crds.find((c) => c.key === "redis")!.entry.enabled).toBe(false);
    expect(result.crds.find((c) => c.key === "cache")!.source.origin).toBe("../cache/katalog.yaml");
    expect(result.resolved).toEqual([
      expect.objectContaining({ ref: `${R}/db:v2`, kind: "Katalog", crds: ["postgres", "redis"] }),
      expect.objectContaining({
        ref: `${R}/webapp:v1.0.0`,
        digest: webDigest,
        kind: "Katalog",
        crds: ["webapp"],
        signals: expect.objectContaining({ e2e: { status: "passed" } }),
      }),
    ]);
    expect(registry.calls.map((c) => c.options)).toEqual([
      { files: ["katalog.yaml"] },
      { files: ["katalog.yaml"] },
    ]);
  });

  it("resolves useKomposer packs recursively, their overrides before ours", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1.0.0`, {
      "katalog.yaml": katalogYaml("postgres", ["postgres"], { extra: { resync: "60s" } }),
    });
    registry.put(`${R}/db-pack:v2`, {
      "komposer.yaml": komposerYaml("db-pack", {
        registry: [`${R}/postgres:v1.0.0`],
        files: ["extra/katalog.yaml"],
        crds: {
          postgres: { workers: 4, resync: "10s" },
          backup: { apiTypes: { group: "b.io", version: "v1", kind: "Backup", plural: "backups" } },
        },
      }),
      "extra/katalog.yaml": katalogYaml("extra", ["pgadmin"]),
      "unused/big.bin": "not asked for",
    });
    const result = await resolve(
      komposerYaml("root", {
        registry: [{ url: `${R}/db-pack:v2`, useKomposer: true }],
        crds: { postgres: { workers: 6 } },
      }),
    );
    const byKey = new Map(result.crds.map((c) => [c.key, c]));
    expect(byKey.get("postgres")!.entry).toMatchObject({
      operatorBox: { reconcile: { workers: 6, resync: "10s" } },
    });
    expect(byKey.get("postgres")!.via).toEqual(["komposer.yaml", `${R}/db-pack:v2`, `${R}/postgres:v1.0.0`]);
    expect(byKey.get("backup")!.source).toMatchObject({
      katalogName: "db-pack",
      katalogVersion: "1.0.0",
      origin: `${R}/db-pack:v2`,
    });
    expect(byKey.get("pgadmin")!.source.origin).toBe(`${R}/db-pack:v2#extra/katalog.yaml`);
    expect(result.resolved.map((r) => [r.ref, r.kind, r.crds])).toEqual([
      [`${R}/db-pack:v2`, "Komposer", ["backup", "pgadmin", "postgres"]],
      [`${R}/postgres:v1.0.0`, "Katalog", ["postgres"]],
    ]);
    // The pack downloads its komposer.yaml, then only the files its imports.files name (issue 10, item 4).
    expect(registry.calls.filter((c) => c.ref.repository === "acme/db-pack").map((c) => c.options)).toEqual([
      { files: ["komposer.yaml"] },
      { files: ["komposer.yaml", "extra/katalog.yaml"] },
    ]);
  });

  it("loads a diamond once and accepts it when both paths agree", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
    for (const pack of ["a", "b"]) {
      registry.put(`${R}/${pack}:v1`, {
        "komposer.yaml": komposerYaml(pack, {
          registry: [`${R}/postgres:v1`],
          crds: { postgres: { workers: 3 } },
        }),
      });
    }
    const packs = [
      { url: `${R}/a:v1`, useKomposer: true },
      { url: `${R}/b:v1`, useKomposer: true },
    ];
    const result = await resolve(komposerYaml("root", { registry: packs }));
    expect(
      result.crds.map((c) => [c.key, valueAt(c.entry, ["operatorBox", "reconcile", "workers"])]),
    ).toEqual([["postgres", 3]]);
    expect(registry.calls.filter((c) => c.ref.repository === "acme/postgres")).toHaveLength(1);
    // The same katalog imported directly (workers: 2) disagrees with the packs (workers: 3).
    const error = await failure(resolve(komposerYaml("root", { registry: [...packs, `${R}/postgres:v1`] })));
    expect(error).toMatchObject({ reason: "DiamondConflict" });
    expect(error.message).toContain("fields: operatorBox.reconcile.workers");
  });

  it("treats two tags of the same katalog content as one source (a diamond), not as a duplicate", async () => {
    const { registry, resolve } = setup();
    const katalog = { "katalog.yaml": katalogYaml("postgres", ["postgres"]) };
    expect(registry.put(`${R}/postgres:v1.0.0`, katalog)).toBe(registry.put(`${R}/postgres:v1`, katalog));
    registry.put(`${R}/a:v1`, { "komposer.yaml": komposerYaml("a", { registry: [`${R}/postgres:v1`] }) });
    registry.put(`${R}/b:v1`, { "komposer.yaml": komposerYaml("b", { registry: [`${R}/postgres:v1.0.0`] }) });
    const result = await resolve(
      komposerYaml("root", {
        registry: [
          { url: `${R}/a:v1`, useKomposer: true },
          { url: `${R}/b:v1`, useKomposer: true },
        ],
      }),
    );
    expect(result.crds.map((c) => [c.key, c.source.origin])).toEqual([["postgres", `${R}/postgres:v1`]]);
  });

  it("names the CRD, both paths and the fields when a diamond disagrees", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
    registry.put(`${R}/a:v1`, {
      "komposer.yaml": komposerYaml("a", {
        registry: [`${R}/postgres:v1`],
        crds: { postgres: { workers: 3 } },
      }),
    });
    registry.put(`${R}/b:v1`, {
      "komposer.yaml": komposerYaml("b", {
        registry: [`${R}/postgres:v1`],
        crds: { postgres: { resync: "5m" } },
      }),
    });
    const error = await failure(
      resolve(
        komposerYaml("root", {
          registry: [
            { url: `${R}/a:v1`, useKomposer: true },
            { url: `${R}/b:v1`, useKomposer: true },
          ],
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).reason).toBe("DiamondConflict");
    expect(error.message).toContain("CRD 'postgres'");
    expect(error.message).toContain("fields: operatorBox.reconcile.resync, operatorBox.reconcile.workers");
    expect(error.message).toContain(`komposer.yaml → ${R}/a:v1 → ${R}/postgres:v1`);
    expect(error.message).toContain(`komposer.yaml → ${R}/b:v1 → ${R}/postgres:v1`);
  });

  it("refuses the same CRD key from two different sources", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1.0.0`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
    registry.put(`${R}/pg:v3`, {
      "katalog.yaml": katalogYaml("other-postgres", ["postgres"], { version: "3" }),
    });
    registry.put(`${R}/db-pack:v2`, {
      "komposer.yaml": komposerYaml("db-pack", { registry: [`${R}/pg:v3`] }),
    });
    const error = await failure(
      resolve(
        komposerYaml("root", {
          registry: [`${R}/postgres:v1.0.0`, { url: `${R}/db-pack:v2`, useKomposer: true }],
        }),
      ),
    );
    expect((error as ConflictError).reason).toBe("DuplicateCRD");
    expect(error.message).toBe(
      `duplicate CRD 'postgres' from ${R}/postgres:v1.0.0 and ${R}/db-pack:v2 → ${R}/pg:v3; keep one by dropping ` +
        `the other in spec.crds: \`postgres: {enabled: false, from: ${R}/db-pack:v2}\` (or \`from: ` +
        `${R}/postgres:v1.0.0\`), or drop the CRD with \`postgres: {enabled: false}\``,
    );
  });

  it("settles a duplicate exactly as the message advises, each way, and names a `from` that matches nothing", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1.0.0`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
    registry.put(`${R}/pg:v3`, {
      "katalog.yaml": katalogYaml("other-postgres", ["postgres"], { version: "3" }),
    });
    registry.put(`${R}/db-pack:v2`, {
      "komposer.yaml": komposerYaml("db-pack", { registry: [`${R}/pg:v3`] }),
    });
    const imports = [`${R}/postgres:v1.0.0`, { url: `${R}/db-pack:v2`, useKomposer: true }];
    const message = (await failure(resolve(komposerYaml("root", { registry: imports })))).message;
    // The advice, taken literally from the message: each backtick snippet is a spec.crds entry.
    const snippets = [...message.matchAll(/`postgres: (\{[^`]*\})`/g)].map((m) => parseYaml(m[1]!) as object);
    const alternative = /\(or `from: ([^`]+)`\)/.exec(message)![1]!;
    expect(snippets).toHaveLength(2);
    const keep = async (override: object) =>
      (await resolve(komposerYaml("root", { registry: imports, crds: { postgres: override } }))).crds.map(
        (c) => [c.key, c.source.katalogName, c.entry.enabled],
      );
    // Dropping one import's entry keeps the other's, enabled; dropping without `from` disables the CRD.
    expect(await keep(snippets[0]!)).toEqual([["postgres", "postgres", undefined]]);
    expect(await keep({ enabled: false, from: alternative })).toEqual([
      ["postgres", "other-postgres", undefined],
    ]);
    expect(await keep(snippets[1]!)).toEqual([["postgres", "postgres", false]]);
    const wrong = await failure(
      resolve(
        komposerYaml("root", {
          registry: imports,
          crds: { postgres: { enabled: false, from: `${R}/nope:v1` } },
        }),
      ),
    );
    expect(wrong.message).toMatch(
      /spec\.crds\.postgres\.from: no import brings CRD 'postgres' from .*nope:v1; it comes from/,
    );
  });

  it("lets a disabled entry yield to an enabled one with the same key", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/postgres:v1.0.0`, { "katalog.yaml": katalogYaml("postgres", ["postgres"]) });
    registry.put(`${R}/pg:v3`, { "katalog.yaml": katalogYaml("other-postgres", ["postgres"]) });
    registry.put(`${R}/db-pack:v2`, {
      "komposer.yaml": komposerYaml("db-pack", {
        registry: [`${R}/pg:v3`],
        crds: { postgres: { enabled: false } },
      }),
    });
    for (const order of [
      [`${R}/postgres:v1.0.0`, { url: `${R}/db-pack:v2`, useKomposer: true }],
      [{ url: `${R}/db-pack:v2`, useKomposer: true }, `${R}/postgres:v1.0.0`],
    ]) {
      const result = await resolve(komposerYaml("root", { registry: order }));
      expect(result.crds.map((c) => [c.key, c.source.katalogName, c.entry.enabled])).toEqual([
        ["postgres", "postgres", undefined],
      ]);
    }
  });

  it("prints import cycles as a path", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/a:v1`, {
      "komposer.yaml": komposerYaml("a", { registry: [{ url: `${R}/b:v2`, useKomposer: true }] }),
    });
    registry.put(`${R}/b:v2`, {
      "komposer.yaml": komposerYaml("b", { registry: [{ url: `${R}/a:v1`, useKomposer: true }] }),
    });
    const error = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/a:v1`, useKomposer: true }] })),
    );
    expect((error as ConflictError).reason).toBe("ImportCycle");
    expect(error.message).toMatch(
      /^import cycle: a:v1 → b:v2 → a:v1 \(oci:\/\/ghcr\.io\/acme\/b:v2#komposer\.yaml:\d+ imports\.registry\[0\]\)/,
    );
  });

  it("names a digest-pinned import in a cycle by its short digest", async () => {
    const { registry, resolve } = setup();
    const digestOfA = registry.put(`${R}/a:v1`, {
      "komposer.yaml": komposerYaml("a", { registry: [{ url: `${R}/b:v2`, useKomposer: true }] }),
    });
    registry.put(`${R}/b:v2`, {
      "komposer.yaml": komposerYaml("b", { registry: [{ url: `${R}/a@${digestOfA}`, useKomposer: true }] }),
    });
    const error = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/a:v1`, useKomposer: true }] })),
    );
    expect((error as ConflictError).reason).toBe("ImportCycle");
    const short = digestOfA.slice("sha256:".length, "sha256:".length + 10);
    expect(error.message).toMatch(new RegExp(`^import cycle: a:v1 → b:v2 → a@${short} \\(`));
  });

  it("detects a cycle through a second tag of the same artifact (identity is the digest)", async () => {
    const { registry, resolve } = setup();
    const a = { "komposer.yaml": komposerYaml("a", { registry: [{ url: `${R}/b:v2`, useKomposer: true }] }) };
    const first = registry.put(`${R}/a:v1`, a);
    const second = registry.put(`${R}/a:stable`, a);
    expect(second).toBe(first);
    registry.put(`${R}/b:v2`, {
      "komposer.yaml": komposerYaml("b", { registry: [{ url: `${R}/a:stable`, useKomposer: true }] }),
    });
    const error = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/a:v1`, useKomposer: true }] })),
    );
    expect((error as ConflictError).reason).toBe("ImportCycle");
    // Found where the same content comes back, not one level later when a reference repeats.
    expect(error.message).toMatch(
      /^import cycle: a:v1 → b:v2 → a:stable \(oci:\/\/ghcr\.io\/acme\/b:v2#komposer\.yaml:\d+ imports\.registry\[0\]\)/,
    );
  });

  it("limits nesting depth", async () => {
    const { registry, resolve } = setup();
    for (let i = 0; i < 5; i += 1) {
      registry.put(`${R}/p${i}:v1`, {
        "komposer.yaml": komposerYaml(`p${i}`, {
          registry: [{ url: `${R}/p${i + 1}:v1`, useKomposer: true }],
        }),
      });
    }
    registry.put(`${R}/p5:v1`, { "komposer.yaml": komposerYaml("p5") });
    const root = komposerYaml("root", { registry: [{ url: `${R}/p0:v1`, useKomposer: true }] });
    await expect(resolve(root, { maxDepth: 7 })).resolves.toBeDefined();
    const error = await failure(resolve(root, { maxDepth: 6 }));
    expect((error as ConflictError).reason).toBe("DepthExceeded");
    expect(error.message).toContain("more than 6 Komposers deep");
    expect(error.message).toContain("p4:v1 → p5:v1");
  });

  it("checks a digest pin beside a tag against what the tag points at", async () => {
    const { registry, resolve } = setup();
    const digest = registry.put(`${R}/webapp:v1`, { "katalog.yaml": katalogYaml("webapp", ["webapp"]) });
    const ok = await resolve(komposerYaml("root", { registry: [{ url: `${R}/webapp:v1`, digest }] }));
    expect(ok.resolved[0]).toMatchObject({ ref: `${R}/webapp:v1`, digest });
    expect(registry.calls[0]?.ref).toEqual({ registry: "ghcr.io", repository: "acme/webapp", tag: "v1" });
    const other = `sha256:${"0".repeat(64)}`;
    const wrong = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/webapp:v1@${digest}`, digest: other }] })),
    );
    expect((wrong as ConflictError).reason).toBe("DigestMismatch");
    expect(wrong.message).toMatch(
      /imports\.registry\[0\]: the url pins sha256:\w+ but digest: says sha256:0+; keep one/,
    );
  });

  it("reports a pin the registry does not honour as DigestMismatch", async () => {
    const pinned = `sha256:${"1".repeat(64)}`;
    const liar: ArtifactFetcher = {
      fetch: (ref: ArtifactReference): Promise<FetchedArtifact> =>
        Promise.resolve({
          ref: `oci://${ref.registry}/${ref.repository}`,
          digest: `sha256:${"2".repeat(64)}`,
          files: new Map(),
          annotations: {},
        }),
    };
    const { resolve } = setup();
    const error = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/w:v1`, digest: pinned }] }), { fetcher: liar }),
    );
    expect((error as ConflictError).reason).toBe("DigestMismatch");
    expect(error.message).toContain(`pins ${pinned} but tag v1 points at sha256:2222`);
  });

  it("resolves tags to locked digests", async () => {
    const { registry, resolve } = setup();
    const old = registry.put(`${R}/webapp:v1`, { "katalog.yaml": katalogYaml("webapp", ["webapp"]) });
    registry.put(`${R}/webapp:v1`, {
      "katalog.yaml": katalogYaml("webapp", ["webapp"], { version: "moved" }),
    });
    const root = komposerYaml("root", { registry: [`${R}/webapp:v1`] });
    const locked = await resolve(root, { lock: new Map([[`${R}/webapp:v1`, old]]) });
    expect(locked.resolved[0]?.digest).toBe(old);
    expect(registry.calls[0]?.ref.digest).toBe(old);
    expect(locked.crds[0]?.source.katalogVersion).toBeUndefined();
    const fresh = await resolve(root);
    expect(fresh.resolved[0]?.digest).not.toBe(old);
  });

  it("fetches in parallel, bounded, each reference once", async () => {
    const { registry, resolve } = setup();
    const refs = Array.from({ length: 6 }, (_, i) => `${R}/k${i}:v1`);
    refs.forEach((ref, i) => registry.put(ref, { "katalog.yaml": katalogYaml(`k${i}`, [`k${i}`]) }));
    let running = 0;
    let peak = 0;
    const slow: ArtifactFetcher = {
      fetch: async (ref, options) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return registry.fetch(ref, options);
      },
    };
    const result = await resolve(komposerYaml("root", { registry: [...refs, ...refs] }), {
      fetcher: slow,
      concurrency: 2,
    });
    expect(peak).toBe(2);
    expect(registry.calls).toHaveLength(6);
    expect(result.crds.map((c) => c.key)).toEqual(["k0", "k1", "k2", "k3", "k4", "k5"]);
  });

  it("names the import when an artifact lacks the file it needs", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/pack:v1`, { "komposer.yaml": komposerYaml("pack") });
    const error = await failure(resolve(komposerYaml("root", { registry: [`${R}/pack:v1`] })));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).reason).toBe("WrongArtifactKind");
    expect(error.message).toContain(
      `imports.registry[0]: ${R}/pack:v1 has no katalog.yaml (files: komposer.yaml); if it is a pack, import it with \`useKomposer: true\``,
    );
  });

  it("adds the import to registry errors and keeps their disposition", async () => {
    const { resolve } = setup();
    const error = await failure(
      resolve(komposerYaml("root", { registry: ["oci://ghcr.io/acme/missing:v1"] })),
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).reason).toBe("ArtifactNotFound");
    expect(error.message).toMatch(
      /not found \(importing oci:\/\/ghcr\.io\/acme\/missing:v1, komposer\.yaml:\d+ imports\.registry\[0\]\)/,
    );
    const flaky: ArtifactFetcher = { fetch: () => Promise.reject(new Error("ECONNRESET")) };
    const network = await failure(
      resolve(komposerYaml("root", { registry: [`${R}/x:v1`] }), { fetcher: flaky }),
    );
    expect(network).toMatchObject({ reason: "RegistryUnavailable", disposition: "transient" });
  });

  it("reports unreadable files and bad references with file, line and path, all at once", async () => {
    const { resolve } = setup();
    const error = await failure(
      resolve(komposerYaml("root", { registry: ["webapp:v1"], files: ["nope.yaml"] })),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      expect.objectContaining({
        file: "komposer.yaml",
        line: 8,
        path: "imports.registry[0]",
        message: expect.stringMatching(/no registry host/),
      }),
      expect.objectContaining({
        file: "komposer.yaml",
        line: 10,
        path: "imports.files[0]",
        message: "cannot read nope.yaml: ENOENT: no such file, open 'nope.yaml'",
      }),
    ]);
  });

  it("requires the right kind in artifacts", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/odd:v1`, { "katalog.yaml": komposerYaml("odd") });
    const error = await failure(resolve(komposerYaml("root", { registry: [`${R}/odd:v1`] })));
    expect((error as InvalidInputError).problems[0]).toMatchObject({
      file: `${R}/odd:v1#katalog.yaml`,
      path: "kind",
      message: expect.stringMatching(
        /expected kind: Katalog, found kind: Komposer; a Komposer artifact is imported with `useKomposer: true`/,
      ),
    });
  });

  it("validates merged overrides against the Komposer file", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/webapp:v1`, { "katalog.yaml": katalogYaml("webapp", ["webapp"]) });
    const error = await failure(
      resolve(
        komposerYaml("root", {
          registry: [`${R}/webapp:v1`],
          crds: { webapp: { apiTypes: { plural: null } }, webap: { workers: 3 } },
        }),
      ),
    );
    expect((error as InvalidInputError).problems).toEqual([
      expect.objectContaining({
        file: "komposer.yaml",
        line: 13,
        path: "spec.crds.webapp.apiTypes.plural",
        message: "apiTypes.plural is required, e.g. webapps",
      }),
      expect.objectContaining({
        file: "komposer.yaml",
        line: 14,
        path: "spec.crds.webap.apiTypes",
        message: expect.stringMatching(
          /missing apiTypes.*'webap' matches no imported CRD, so it adds a new one and must be complete; imported CRDs: webapp/,
        ),
      }),
    ]);
  });

  it("reports out-of-range override values with the Komposer's file, line and path", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/webapp:v1`, { "katalog.yaml": katalogYaml("webapp", ["webapp"]) });
    const error = await failure(
      resolve(komposerYaml("root", { registry: [`${R}/webapp:v1`], crds: { webapp: { workers: 0 } } })),
    );
    expect((error as InvalidInputError).problems).toEqual([
      expect.objectContaining({
        file: "komposer.yaml",
        line: 12,
        path: "spec.crds.webapp.workers",
        message: "workers must be between 1 and 50",
      }),
    ]);
  });

  it("merges security blocks in import order, the Komposer last", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/a:v1`, {
      "katalog.yaml": katalogYaml("a", ["a"], {
        top: { security: { tls: { enabled: true, min: "1.2" }, audit: "a" }, gateway: { port: 1 } },
      }),
    });
    registry.put(`${R}/b:v1`, {
      "katalog.yaml": katalogYaml("b", ["b"], { top: { security: { tls: { min: "1.3" }, audit: "b" } } }),
    });
    const result = await resolve(
      komposerYaml("root", {
        registry: [`${R}/a:v1`, `${R}/b:v1`],
        top: { security: { audit: null, extra: 1 } },
      }),
    );
    expect(result.blocks).toEqual({
      security: { tls: { enabled: true, min: "1.3" }, extra: 1 },
      gateway: { port: 1 },
    });
  });

  it("combines several root documents, Katalogs included", async () => {
    const { readLocalFile, registry } = setup();
    registry.put(`${R}/w:v1`, { "katalog.yaml": katalogYaml("w", ["webapp"]) });
    const result = await resolveImports({
      roots: [
        parseDocument({ file: "a.yaml", text: komposerYaml("a", { registry: [`${R}/w:v1`] }) }),
        parseDocument({ file: "k.yaml", text: katalogYaml("local", ["cache"]) }),
      ],
      readLocalFile,
      fetcher: registry,
    });
    expect(result.crds.map((c) => [c.key, c.source.origin])).toEqual([
      ["cache", "k.yaml"],
      ["webapp", `${R}/w:v1`],
    ]);
  });

  it("collects the warnings of every document once", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/w:v1`, { "katalog.yaml": katalogYaml("w", ["webapp"], { top: { mystery: 1 } }) });
    const result = await resolve(komposerYaml("root", { registry: [`${R}/w:v1`, { url: `${R}/w:v1` }] }));
    expect(result.warnings).toEqual([
      expect.objectContaining({
        file: `${R}/w:v1#katalog.yaml`,
        path: "mystery",
        severity: "warning",
      }),
    ]);
  });
});

describe("resolveImports: what each import is read with and reported as", () => {
  it("names the missing file for a pack imported without useKomposer, and the reverse, with the import's line", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/katalog:v1`, { "katalog.yaml": katalogYaml("k", ["a"]) });
    const error = await failure(
      resolve(komposerYaml("root", { registry: [{ url: `${R}/katalog:v1`, useKomposer: true }] })),
    );
    expect((error as InvalidInputError).problems).toStrictEqual([
      {
        file: "komposer.yaml",
        path: "imports.registry[0]",
        line: 8,
        message: `${R}/katalog:v1 has no komposer.yaml (files: katalog.yaml); drop \`useKomposer: true\` to import its katalog.yaml`,
        severity: "error",
      },
    ]);
    registry.put(`${R}/empty:v1`, {});
    const empty = await failure(resolve(komposerYaml("root", { registry: [`${R}/empty:v1`] })));
    expect((empty as InvalidInputError).problems.map((p) => p.message)).toEqual([
      `${R}/empty:v1 has no katalog.yaml; if it is a pack, import it with \`useKomposer: true\``,
    ]);
  });

  it("reads fetched katalogs, packs and files with the limits it is given", async () => {
    const { registry, files, resolve } = setup();
    const big = katalogYaml("big", ["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(big.length).toBeGreaterThan(500);
    registry.put(`${R}/big:v1`, { "katalog.yaml": big });
    registry.put(`${R}/pack:v1`, { "komposer.yaml": `${komposerYaml("pack")}# ${"x".repeat(600)}\n` });
    files.set("big.yaml", big);
    const limits = { maxBytes: 500, maxAliasCount: 100 };
    for (const root of [
      komposerYaml("root", { registry: [`${R}/big:v1`] }),
      komposerYaml("root", { registry: [{ url: `${R}/pack:v1`, useKomposer: true }] }),
      komposerYaml("root", { files: ["big.yaml"] }),
    ]) {
      const error = await failure(resolve(root, { limits }));
      expect((error as InvalidInputError).problems[0]!.message).toMatch(/more than the 500-byte limit/);
    }
    // And without limits, the same imports are fine.
    await expect(resolve(komposerYaml("root", { files: ["big.yaml"] }))).resolves.toBeDefined();
  });

  it("fetches a pack once when it names no files, and records the path each entry came through", async () => {
    const { registry, files, resolve } = setup();
    registry.put(`${R}/k:v1`, { "katalog.yaml": katalogYaml("k", ["a"]) });
    registry.put(`${R}/pack:v1`, { "komposer.yaml": komposerYaml("pack", { registry: [`${R}/k:v1`] }) });
    files.set("local.yaml", katalogYaml("local", ["b"]));
    const result = await resolve(
      komposerYaml("root", { registry: [{ url: `${R}/pack:v1`, useKomposer: true }], files: ["local.yaml"] }),
    );
    expect(registry.calls.map((c) => c.options.files)).toEqual([["komposer.yaml"], ["katalog.yaml"]]);
    expect(result.crds.map((c) => [c.key, c.via])).toEqual([
      ["a", ["komposer.yaml", `${R}/pack:v1`, `${R}/k:v1`]],
      ["b", ["komposer.yaml", "local.yaml"]],
    ]);
  });

  it("takes a Katalog given as a root as it is, named by its file", async () => {
    const { readLocalFile, registry } = setup();
    const result = await resolveImports({
      roots: [parseDocument({ file: "k.yaml", text: katalogYaml("k", ["a"]) })],
      readLocalFile,
      fetcher: registry,
    });
    expect(result.crds.map((c) => [c.key, c.via, c.source.origin])).toEqual([["a", ["k.yaml"], "k.yaml"]]);
  });

  it("reports each distinct warning once, from every document", async () => {
    const { registry, resolve } = setup();
    registry.put(`${R}/k:v1`, { "katalog.yaml": `${katalogYaml("k", ["a"])}colour: red\nshade: dark\n` });
    const result = await resolve(
      `${komposerYaml("root", { registry: [`${R}/k:v1`, `${R}/k:v1`] })}flavour: mint\n`,
    );
    expect(result.warnings.map((w) => `${w.file} ${w.path}`)).toEqual([
      "komposer.yaml flavour",
      `${R}/k:v1#katalog.yaml colour`,
      `${R}/k:v1#katalog.yaml shade`,
    ]);
  });
});
