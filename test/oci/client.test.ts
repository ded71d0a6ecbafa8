// The OCI client against the real registry (Debian's docker-registry, CNCF distribution 2.8) and the real oras
// CLI: round trips, caching, integrity, size limits, indexes, and transient faults through a loopback proxy.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RegistryError } from "../../src/core/errors.js";
import { parseReference } from "../../src/core/reference.js";
import {
  createArtifactFetcher,
  createRequestCounter,
  pushArtifact,
  type PatternFile,
} from "../../src/oci/index.js";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import { blobDataPath, katalogFiles, uniqueRepo } from "../support/oci-fixtures.js";

let env: TestEnv;
beforeAll(() => {
  env = loadTestEnv();
});

const created = "2026-01-01T00:00:00Z";
const noSleep = { sleep: () => Promise.resolve(), random: () => 0 };

async function pushed(files: PatternFile[] = katalogFiles()) {
  const ref = parseReference(`${env.registry.host}/${uniqueRepo("client")}:v1`);
  const result = await pushArtifact(ref, files, { env: {}, created });
  return { ref, result, files };
}

describe("OCI client against the real registry", () => {
  it("pulls back exactly what it pushed, fetching each digest once", async () => {
    const { ref, result, files } = await pushed();
    const counter = createRequestCounter();
    const fetcher = createArtifactFetcher({ env: {}, onRequest: counter.hook });
    const [a, b] = await Promise.all([fetcher.fetch(ref), fetcher.fetch(ref)]);
    expect(a.digest).toBe(result.digest);
    expect(b).toEqual(a);
    for (const f of files) expect(Buffer.from(a.files.get(f.name)!)).toEqual(Buffer.from(f.bytes));
    expect(a.annotations["io.orkestra.pattern.name"]).toBe("webapp");
    // One manifest GET and one GET per file, however many times the artifact is asked for.
    expect(counter.counts()).toEqual({ "blob:ok": files.length, "manifest:ok": 1 });
    await fetcher.fetch({ ...ref, tag: undefined, digest: result.digest });
    expect(counter.total()).toBe(files.length + 1);
  });

  it("fetches only the files asked for, and resolves digests with HEAD", async () => {
    const { ref, result } = await pushed();
    const counter = createRequestCounter();
    const fetcher = createArtifactFetcher({ env: {}, onRequest: counter.hook });
    const only = await fetcher.fetch(ref, { files: ["katalog.yaml"] });
    expect([...only.files.keys()]).toEqual(["katalog.yaml"]);
    expect(await fetcher.resolveDigest(ref)).toBe(result.digest);
    expect(await fetcher.resolveDigest({ ...ref, digest: result.digest })).toBe(result.digest);
    expect(counter.counts()).toEqual({ "blob:ok": 1, "manifest:ok": 2 });
  });

  it("reports an unknown tag as ArtifactNotFound naming the reference", async () => {
    const { ref } = await pushed();
    const fetcher = createArtifactFetcher({ env: {} });
    const missing = { ...ref, tag: "v404" };
    // Transient: the tag may be pushed later, so the operator retries with capped backoff (the CLI exits 3).
    await expect(fetcher.fetch(missing)).rejects.toMatchObject({
      reason: "ArtifactNotFound",
      disposition: "transient",
    });
    await expect(fetcher.fetch(missing)).rejects.toThrow(/v404/);
    await expect(fetcher.resolveDigest(missing)).rejects.toMatchObject({ reason: "ArtifactNotFound" });
  });

  it("refuses a pinned digest the tag does not point to", async () => {
    const { ref } = await pushed();
    const wrong = `sha256:${"0".repeat(64)}`;
    await expect(createArtifactFetcher({ env: {} }).fetch({ ...ref, digest: wrong })).rejects.toBeInstanceOf(
      RegistryError,
    );
  });

  it("detects a tampered blob", async () => {
    const { ref, files } = await pushed();
    const katalog = files.find((f) => f.name === "katalog.yaml")!;
    const tampered = Buffer.from(katalog.bytes);
    tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 1;
    writeFileSync(blobDataPath(env.registry.storageDir, katalog.bytes), tampered);
    await expect(createArtifactFetcher({ env: {} }).fetch(ref)).rejects.toMatchObject({
      reason: "IntegrityError",
    });
  });

  it("refuses an oversized file from its descriptor, without requesting it", async () => {
    const dir = mkdtempSync(join(env.workDir, "big-"));
    writeFileSync(join(dir, "katalog.yaml"), randomBytes(9 * 1024 * 1024));
    const repo = `${env.registry.host}/${uniqueRepo("big")}:v1`;
    execFileSync(env.bin.oras, ["push", "--plain-http", repo, "katalog.yaml"], { cwd: dir, stdio: "ignore" });
    const counter = createRequestCounter();
    const fetcher = createArtifactFetcher({ env: {}, onRequest: counter.hook });
    await expect(fetcher.fetch(parseReference(repo))).rejects.toMatchObject({ reason: "TooLarge" });
    expect(counter.counts()["blob:ok"]).toBeUndefined();
  });

  it("refuses a blob whose stored content is larger than its descriptor, from Content-Length", async () => {
    const { ref, files } = await pushed();
    const katalog = files.find((f) => f.name === "katalog.yaml")!;
    writeFileSync(blobDataPath(env.registry.storageDir, katalog.bytes), randomBytes(20 * 1024 * 1024));
    const error = await createArtifactFetcher({ env: {} })
      .fetch(ref)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "IntegrityError" });
    expect((error as Error).message).toMatch(/announced 20971520 bytes, the descriptor declares/);
  });

  it("resolves an OCI image index to its single artifact manifest", async () => {
    const { ref, result } = await pushed();
    const index = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: result.digest, size: result.size },
      ],
    };
    const dir = mkdtempSync(join(env.workDir, "index-"));
    writeFileSync(join(dir, "index.json"), JSON.stringify(index));
    const indexRef = `${ref.registry}/${ref.repository}:index`;
    execFileSync(
      env.bin.oras,
      ["manifest", "push", "--plain-http", "--media-type", index.mediaType, indexRef, "index.json"],
      { cwd: dir, stdio: "ignore" },
    );
    const artifact = await createArtifactFetcher({ env: {} }).fetch(parseReference(indexRef));
    expect([...artifact.files.keys()].sort()).toEqual(["README.md", "katalog.yaml"]);
    expect(artifact.digest).not.toBe(result.digest); // the identity is what the tag points to: the index
  });
});

describe("transient faults through a loopback proxy", () => {
  it("retries 503s and succeeds", async () => {
    const { ref } = await pushed();
    const proxy = await startFaultProxy({ target: env.registry.host, failFirst: 2 });
    try {
      const counter = createRequestCounter();
      const fetcher = createArtifactFetcher({ env: {}, onRequest: counter.hook, retry: noSleep });
      const artifact = await fetcher.fetch({ ...ref, registry: proxy.host });
      expect(artifact.files.size).toBe(2);
      expect(proxy.failed()).toBe(2);
      expect(counter.counts()["manifest:server_error"]).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("gives up in bounded time when the registry never recovers", async () => {
    const { ref } = await pushed();
    const proxy = await startFaultProxy({ target: env.registry.host, failAlways: true });
    try {
      const started = Date.now();
      const error = await createArtifactFetcher({ env: {} })
        .fetch({ ...ref, registry: proxy.host })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: "RegistryUnavailable", disposition: "transient" });
      expect((error as Error).message).toMatch(/503 from 127\.0\.0\.1:\d+ .* after 4 attempts/);
      expect(proxy.requests()).toBe(4);
      expect(Date.now() - started).toBeLessThan(10_000); // default policy: 4 attempts, at most 1.75 s of backoff
    } finally {
      await proxy.close();
    }
  });

  it("reports a refused connection as a transient RegistryUnavailable", async () => {
    const proxy = await startFaultProxy({ target: env.registry.host });
    const host = proxy.host;
    await proxy.close();
    const error = await createArtifactFetcher({ env: {}, retry: noSleep })
      .fetch(parseReference(`${host}/nothing/here:v1`))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "RegistryUnavailable", disposition: "transient" });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("pushes through a registry that fails intermittently", async () => {
    const proxy = await startFaultProxy({ target: env.registry.host, failFirst: 3 });
    try {
      const ref = parseReference(`${proxy.host}/${uniqueRepo("flaky")}:v1`);
      const result = await pushArtifact(ref, katalogFiles(), { env: {}, created, retry: noSleep });
      const back = await createArtifactFetcher({ env: {} }).fetch({ ...ref, registry: env.registry.host });
      expect(back.digest).toBe(result.digest);
    } finally {
      await proxy.close();
    }
  });
});
