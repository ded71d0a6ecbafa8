// A loopback fake registry (plain HTTP on 127.0.0.1, which `ork` always talks plain HTTP to) serving artifacts
// built in the test: manifests with any layers and annotations, blobs by digest, error bodies chosen by the
// test. For what a real registry will not store (a manifest declaring 1.6 GB of layers, titles with escape
// characters); every request is recorded, so a test can assert on what was downloaded.
import { createHash } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLayer {
  title?: string;
  bytes?: Uint8Array;
  /** The size the manifest declares (default: the bytes' length). */
  size?: number;
  mediaType?: string;
}

export interface FakeArtifact {
  layers: FakeLayer[];
  annotations?: Record<string, string>;
}

export interface FakeRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  /** Serves `artifact` as `repository:tag`; returns the manifest digest. */
  put(repository: string, tag: string, artifact: FakeArtifact): string;
  /**
   * Answers requests for `repository` with this status and body (error-body tests): every request, or only
   * those with `method`; then a HEAD for a blob says it is present (so a push goes straight to the manifest).
   */
  fail(repository: string, status: number, body: string, method?: string): void;
  /** Paths requested, in order. */
  requests: string[];
  blobRequests(): string[];
  close(): Promise<void>;
}

const sha256 = (bytes: Uint8Array | string) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const manifests = new Map<string, string>();
  const blobs = new Map<string, Uint8Array>();
  const failures = new Map<string, { status: number; body: string; method?: string }>();
  const requests: string[] = [];
  const send = (res: ServerResponse, status: number, body: string | Uint8Array, type: string) => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    requests.push(`${req.method} ${path}`);
    if (path === "/v2/" || path === "/v2") return send(res, 200, "{}", "application/json");
    const failed = [...failures].find(([repo]) => path.startsWith(`/v2/${repo}/`))?.[1];
    if (failed && (failed.method === undefined || failed.method === req.method))
      return send(res, failed.status, failed.body, "text/plain");
    if (failed && req.method === "HEAD" && path.includes("/blobs/")) {
      res.writeHead(200);
      return res.end();
    }
    const manifest = manifests.get(path);
    if (manifest !== undefined) {
      res.setHeader("docker-content-digest", sha256(manifest));
      return send(
        res,
        200,
        req.method === "HEAD" ? "" : manifest,
        "application/vnd.oci.image.manifest.v1+json",
      );
    }
    const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path);
    const bytes = blob?.[1] === undefined ? undefined : blobs.get(blob[1]);
    if (bytes !== undefined) return send(res, 200, bytes, "application/octet-stream");
    send(
      res,
      404,
      JSON.stringify({ errors: [{ code: "NOT_FOUND", message: "not here" }] }),
      "application/json",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    blobRequests: () => requests.filter((r) => r.includes("/blobs/")),
    put(repository, tag, artifact) {
      const config = new TextEncoder().encode("{}");
      blobs.set(sha256(config), config);
      const layers = artifact.layers.map((layer) => {
        const bytes = layer.bytes ?? new Uint8Array();
        const digest = sha256(bytes);
        blobs.set(digest, bytes);
        return {
          mediaType: layer.mediaType ?? "application/octet-stream",
          digest,
          size: layer.size ?? bytes.byteLength,
          ...(layer.title === undefined
            ? {}
            : { annotations: { "org.opencontainers.image.title": layer.title } }),
        };
      });
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        artifactType: "application/vnd.orkestra.pattern.v1+tar+gzip",
        config: {
          mediaType: "application/vnd.orkestra.pattern.v1+tar+gzip",
          digest: sha256(config),
          size: 2,
        },
        layers,
        ...(artifact.annotations ? { annotations: artifact.annotations } : {}),
      });
      const digest = sha256(manifest);
      manifests.set(`/v2/${repository}/manifests/${tag}`, manifest);
      manifests.set(`/v2/${repository}/manifests/${digest}`, manifest);
      return digest;
    },
    fail(repository, status, body, method) {
      failures.set(repository, { status, body, ...(method === undefined ? {} : { method }) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
