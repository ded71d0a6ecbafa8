// Issue 10: API server bodies are read with a cap. A loopback server plays an API server (or a proxy in front of
// one) that answers discovery normally and then streams a body without end: the call must fail with a clear
// APIRequestFailed naming the cap, having read little more than it, instead of buffering until the process dies.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeApiError } from "./api-error.js";
import { JsonObjectApi } from "./json-object-api.js";

const DISCOVERY = JSON.stringify({
  kind: "APIResourceList",
  groupVersion: "v1",
  resources: [{ name: "configmaps", namespaced: true, kind: "ConfigMap", verbs: ["get"] }],
});

let server: Server;
let sent = 0;
let api: JsonObjectApi;

beforeAll(async () => {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  server = createServer((req, res) => {
    if (req.url === "/api/v1") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(DISCOVERY);
    }
    if (req.url?.includes("/configmaps/small")) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"kind":"ConfigMap","metadata":{"name":"small"}}');
    }
    if (req.url?.includes("/configmaps/huge-error")) res.writeHead(500, { "content-type": "text/plain" });
    else res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    // Endless: write whenever the socket drains, until the client goes away.
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk)) sent += chunk.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: "c",
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        // client-node refuses http:// unless TLS checks are off; there is no TLS on loopback here.
        skipTLSVerify: true,
      },
    ],
    users: [{ name: "u" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  api = JsonObjectApi.fromKubeConfig(kubeConfig);
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const ref = (name: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
});

describe("JsonObjectApi response bodies", () => {
  it("reads an ordinary object", async () => {
    expect((await api.read(ref("small"))).metadata?.name).toBe("small");
  });

  it("refuses an endless body once past the cap, having read about the cap", async () => {
    api.maxResponseBytes = 4 * 1024 * 1024;
    sent = 0;
    const call = api.read(ref("endless"));
    await expect(call).rejects.toBeInstanceOf(KubeApiError);
    await expect(call).rejects.toMatchObject({ reason: "APIRequestFailed", disposition: "transient" });
    await expect(call).rejects.toThrow(/larger than 4194304 bytes; refusing to read more of it/);
    // The server stops writing when we cancel: what it managed to send is the cap plus socket buffers.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("quotes at most 64 KiB of an endless error body", async () => {
    const call = api.read(ref("huge-error"));
    await expect(call).rejects.toMatchObject({ code: 500 });
    const body = await call.catch((error: { body?: unknown }) => error.body);
    expect(typeof body).toBe("string");
    expect((body as string).length).toBeLessThanOrEqual(64 * 1024);
  });
});
