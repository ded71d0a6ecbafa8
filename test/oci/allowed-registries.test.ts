// Issue 10 (a) and (c): `--allowed-registries` holds for every connection, not only the first request, in the
// operator's fetcher and in `ork`; and `ork --timeout` ends a command whose registry never answers. Loopback
// servers play the hostile registry (a token realm or a blob redirect pointing at another port) and the
// outsider it points at, which counts every request it gets: a refusal must leave it at zero.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parseAllowList } from "../../src/core/registry-allow-list.js";
import { parseReference } from "../../src/core/reference.js";
import { createArtifactFetcher, createMemoryCache } from "../../src/oci/index.js";
import { loadTestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";

const sha256 = (data: string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;
const LAYER = "apiVersion: orkestra.orkspace.io/v1\n";
const CONFIG = "{}";
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.orkestra.pattern.v1+tar+gzip",
  config: { mediaType: "application/vnd.orkestra.pattern.v1+tar+gzip", digest: sha256(CONFIG), size: 2 },
  layers: [
    {
      mediaType: "application/octet-stream",
      digest: sha256(LAYER),
      size: LAYER.length,
      annotations: { "org.opencontainers.image.title": "katalog.yaml" },
    },
  ],
});

interface Loopback {
  host: string;
  requests: string[];
  server: Server;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const close = (l: Loopback) =>
  new Promise<void>((resolve) => {
    l.server.closeAllConnections();
    l.server.close(() => resolve());
  });

/** Serves the artifact `r:v1`, with a hook that may answer a request differently first. */
function registryHandler(before: (req: IncomingMessage, res: ServerResponse) => boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (before(req, res)) return;
    const url = req.url ?? "";
    if (url === "/v2/r/manifests/v1" || url === `/v2/r/manifests/${sha256(MANIFEST)}`) {
      res.writeHead(200, {
        "content-type": "application/vnd.oci.image.manifest.v1+json",
        "docker-content-digest": sha256(MANIFEST),
      });
      return res.end(req.method === "HEAD" ? undefined : MANIFEST);
    }
    if (url === `/v2/r/blobs/${sha256(LAYER)}`) return res.end(LAYER);
    if (url === `/v2/r/blobs/${sha256(CONFIG)}`) return res.end(CONFIG);
    res.writeHead(404).end();
  };
}

let outsider: Loopback;
let realmRegistry: Loopback;
let redirectRegistry: Loopback;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(loadTestEnv().workDir, "allowed-registries-"));
  // The host a hostile registry points at: answers like a token service and a blob store would.
  outsider = await listen((req, res) => {
    if (req.url?.startsWith("/token")) return res.end(JSON.stringify({ token: "t" }));
    res.end(LAYER);
  });
  realmRegistry = await listen(
    registryHandler((req, res) => {
      if (req.headers.authorization === "Bearer t") return false;
      res.writeHead(401, {
        "www-authenticate": `Bearer realm="http://${outsider.host}/token",service="evil"`,
      });
      res.end();
      return true;
    }),
  );
  redirectRegistry = await listen(
    registryHandler((req, res) => {
      if (!req.url?.includes(`/blobs/${sha256(LAYER)}`)) return false;
      res.writeHead(307, { location: `http://${outsider.host}/storage/blob` }).end();
      return true;
    }),
  );
});

afterAll(async () => {
  await Promise.all([outsider, realmRegistry, redirectRegistry].map(close));
});

beforeEach(() => {
  outsider.requests.length = 0;
});

const noRetry = { attempts: 1 };

describe("the operator's fetcher holds every connection to --allowed-registries", () => {
  it("follows a token realm and a blob redirect to another host when no list is set (the servers do point there)", async () => {
    for (const registry of [realmRegistry, redirectRegistry]) {
      const fetcher = createArtifactFetcher({ env: {}, retry: noRetry });
      const artifact = await fetcher.fetch(parseReference(`${registry.host}/r:v1`));
      expect(new TextDecoder().decode(artifact.files.get("katalog.yaml"))).toBe(LAYER);
    }
    expect(outsider.requests).toEqual([
      "GET /token?service=evil&scope=repository%3Ar%3Apull",
      "GET /storage/blob",
    ]);
  });

  it("refuses a token realm on a host outside the list before any request reaches it", async () => {
    const fetcher = createArtifactFetcher({
      env: {},
      retry: noRetry,
      allowedRegistries: parseAllowList([realmRegistry.host]),
    });
    const refusal = fetcher.fetch(parseReference(`${realmRegistry.host}/r:v1`));
    await expect(refusal).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    await expect(refusal).rejects.toThrow(
      `the token realm of ${realmRegistry.host} points to ${outsider.host}, which is not in --allowed-registries ${realmRegistry.host}`,
    );
    expect(outsider.requests).toEqual([]);
  });

  it("refuses a blob redirect to a storage host outside the list before any request reaches it", async () => {
    const fetcher = createArtifactFetcher({
      env: {},
      retry: noRetry,
      allowedRegistries: parseAllowList([redirectRegistry.host]),
    });
    const refusal = fetcher.fetch(parseReference(`${redirectRegistry.host}/r:v1`));
    await expect(refusal).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    await expect(refusal).rejects.toThrow(
      `a redirect from ${redirectRegistry.host} points to ${outsider.host}`,
    );
    expect(outsider.requests).toEqual([]);
  });

  it("follows the redirect once the storage host is on the list", async () => {
    const fetcher = createArtifactFetcher({
      env: {},
      retry: noRetry,
      allowedRegistries: parseAllowList([redirectRegistry.host, outsider.host]),
    });
    const artifact = await fetcher.fetch(parseReference(`${redirectRegistry.host}/r:v1`));
    expect(artifact.files.has("katalog.yaml")).toBe(true);
    expect(outsider.requests).toEqual(["GET /storage/blob"]);
  });

  it("allows the mirror a registry is sent to, but checks the reference the user named", async () => {
    const mirrors = new Map([
      [
        "ghcr.io",
        { kind: "registry" as const, host: redirectRegistry.host, repositoryPrefix: "", plainHttp: true },
      ],
    ]);
    const allowedRegistries = parseAllowList(["ghcr.io/r", outsider.host]);
    const fetcher = createArtifactFetcher({ env: {}, retry: noRetry, mirrors, allowedRegistries });
    expect((await fetcher.fetch(parseReference("ghcr.io/r:v1"))).files.has("katalog.yaml")).toBe(true);
    const before = redirectRegistry.requests.length;
    await expect(fetcher.fetch(parseReference("ghcr.io/other:v1"))).rejects.toMatchObject({
      reason: "RegistryNotAllowed",
    });
    expect(redirectRegistry.requests.length).toBe(before);
  });
});

describe("the allow-list and the download cache", () => {
  it("refuses a pinned artifact outside the list even when the cache holds all of it", async () => {
    const cache = createMemoryCache({ maxBytes: 1024 * 1024 });
    const pinned = parseReference(`${redirectRegistry.host}/r@${sha256(MANIFEST)}`);
    await createArtifactFetcher({ env: {}, retry: noRetry, cache }).fetch(pinned);
    const before = redirectRegistry.requests.length;
    const fetcher = createArtifactFetcher({
      env: {},
      retry: noRetry,
      cache,
      allowedRegistries: parseAllowList("ghcr.io/org"),
    });
    await expect(fetcher.fetch(pinned)).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    await expect(fetcher.inspect(pinned)).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    await expect(fetcher.resolveDigest(pinned)).rejects.toMatchObject({ reason: "RegistryNotAllowed" });
    expect(redirectRegistry.requests.length).toBe(before);
  });
});

describe("ork --allowed-registries", () => {
  it("refuses an artifact outside the list before any request (exit 3)", async () => {
    const before = realmRegistry.requests.length;
    const result = await runOrk(
      ["pull", `${realmRegistry.host}/r:v1`, "-o", join(work, "x"), "--allowed-registries", "ghcr.io/org"],
      { cwd: work },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `oci://${realmRegistry.host}/r is outside the allowed registries (--allowed-registries ghcr.io/org)`,
    );
    expect(realmRegistry.requests.length).toBe(before);
  });

  it("refuses a token realm on another port, naming the host and the flag; the outsider sees nothing", async () => {
    const result = await runOrk(
      [
        "pull",
        `${realmRegistry.host}/r:v1`,
        "-o",
        join(work, "y"),
        "--allowed-registries",
        realmRegistry.host,
      ],
      { cwd: work },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`points to ${outsider.host}, which is not in --allowed-registries`);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(outsider.requests).toEqual([]);
    expect(existsSync(join(work, "y"))).toBe(false);
  });

  it("refuses a pinned artifact outside the list even when the download cache holds it", async () => {
    const pinned = `${redirectRegistry.host}/r@${sha256(MANIFEST)}`;
    const first = await runOrk(["pull", pinned, "-o", join(work, "cached")], { cwd: work });
    expect(first.code).toBe(0);
    const before = redirectRegistry.requests.length;
    const result = await runOrk(
      ["pull", pinned, "-o", join(work, "refused"), "--allowed-registries", "ghcr.io/org"],
      { cwd: work },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`oci://${redirectRegistry.host}/r is outside the allowed registries`);
    expect(redirectRegistry.requests.length).toBe(before);
    expect(existsSync(join(work, "refused"))).toBe(false);
  });

  it("refuses a malformed list as a usage error", async () => {
    const result = await runOrk(["pull", `${realmRegistry.host}/r:v1`, "--allowed-registries", "http://x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--allowed-registries: "http://x" is not host[:port][/path]');
  });
});

describe("ork --timeout", () => {
  let silent: { host: string; sockets: Socket[]; close: () => Promise<void> };
  beforeAll(async () => {
    // Accepts connections and never answers a byte.
    const sockets: Socket[] = [];
    const server = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    silent = {
      host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      sockets,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  });
  afterAll(() => silent.close());

  it("ends a pull from a host that never answers with exit 3 naming the host, leaving no files", async () => {
    const out = join(work, "silent");
    const result = await runOrk(["pull", `${silent.host}/r:v1`, "-o", out, "--timeout", "2s"], {
      cwd: work,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`--timeout 2s ran out while waiting for ${silent.host}`);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    // runOrk kills ork after 30 s (the per-attempt timeout alone): only the deadline can end it with this message.
    expect(silent.sockets.length).toBeGreaterThan(0);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(readdirSync(work).filter((f) => f.startsWith(".ork-tmp"))).toEqual([]);
  });

  it("refuses a duration without a unit as a usage error", async () => {
    const result = await runOrk(["pull", `${silent.host}/r:v1`, "--timeout", "5"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout: "5" is not a duration');
  });
});
