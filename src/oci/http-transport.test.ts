// Attacks a hostile HTTPS registry can try on where credentials go, against a loopback fake that speaks TLS and
// plain HTTP on one port (test/support/tls-registry.ts): nothing may reach it in plaintext.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  selfSignedCertificate,
  startTlsRegistry,
  trustingFetch,
  type Certificate,
  type TlsRegistry,
} from "../../test/support/tls-registry.js";
import { digestOf } from "./digest-stream.js";
import type { Credentials } from "./docker-config.js";
import { HttpTransport } from "./http-transport.js";
import { RegistryClient } from "./registry-client.js";

const BASIC = `Basic ${Buffer.from("u:p").toString("base64")}`;
const blob = new TextEncoder().encode("kind: Katalog\n");
const descriptor = { mediaType: "application/octet-stream", digest: digestOf(blob), size: blob.byteLength };

let certificate: Certificate;
let tlsFetch: typeof fetch;
const servers: TlsRegistry[] = [];
beforeAll(() => {
  certificate = selfSignedCertificate(["registry.test", "cdn.test"]);
  tlsFetch = trustingFetch(certificate);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse, self: string) => void,
) {
  let self = "";
  const server = await startTlsRegistry(name, certificate, (req, res) => handler(req, res, self));
  self = server.host;
  servers.push(server);
  return server;
}

function clientFor(host: string, credentials: Credentials = { username: "u", password: "p" }) {
  const transport = new HttpTransport({
    credentials: { get: () => Promise.resolve(credentials) },
    fetch: tlsFetch,
    retry: { attempts: 1 },
  });
  return new RegistryClient(host, transport);
}

/** A registry that wants Basic credentials for everything. */
function basicAuth(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.authorization === BASIC) return true;
  res.writeHead(401, { "www-authenticate": 'Basic realm="fake"' }).end();
  return false;
}

describe("credentials stay on their origin", () => {
  it("refuses an upload Location that downgrades to http on the same host and port, sending nothing in plaintext", async () => {
    const registry = await fake("registry.test", (req, res, self) => {
      if (!basicAuth(req, res)) return;
      if (req.method === "POST")
        res.writeHead(202, { location: `http://${self}/v2/app/blobs/uploads/u1` }).end();
      else res.writeHead(201).end();
    });
    await expect(
      clientFor(registry.host).pushBlob("app", descriptor, blob, "katalog.yaml"),
    ).rejects.toMatchObject({
      reason: "InsecureRedirect",
    });
    expect(registry.plaintext()).toEqual([]);
    expect(registry.seen.map((r) => `${r.scheme} ${r.method}`)).toEqual(["https POST", "https POST"]);
  });

  it("follows a blob redirect to another origin without the credentials, and refuses one to plain http", async () => {
    const cdn = await fake("cdn.test", (_req, res) => res.writeHead(200).end(Buffer.from(blob)));
    const registry = await fake("registry.test", (req, res, self) => {
      if (!basicAuth(req, res)) return;
      const target = req.url?.includes("downgrade") ? `http://${self}/blob` : `https://${cdn.host}/blob`;
      res.writeHead(307, { location: target }).end();
    });
    const client = clientFor(registry.host);
    await expect(client.fetchBlob("app", descriptor, "katalog.yaml", 1024)).resolves.toEqual(blob);
    expect(cdn.seen).toEqual([expect.objectContaining({ scheme: "https", method: "GET", path: "/blob" })]);
    expect(cdn.seen[0]?.authorization).toBeUndefined();
    await expect(client.fetchBlob("downgrade", descriptor, "katalog.yaml", 1024)).rejects.toMatchObject({
      reason: "InsecureRedirect",
    });
    expect(registry.plaintext()).toEqual([]);
  });

  it("does not follow a token realm's redirect to plain http with the refresh token", async () => {
    const registry = await fake("registry.test", (req, res, self) => {
      if (req.url?.startsWith("/token")) {
        res.writeHead(307, { location: `http://${self}/token` }).end();
        return;
      }
      res
        .writeHead(401, {
          "www-authenticate": `Bearer realm="https://${self}/token",service="registry.test"`,
        })
        .end();
    });
    const client = clientFor(registry.host, { identityToken: "refresh-secret" });
    await expect(client.fetchBlob("app", descriptor, "katalog.yaml", 1024)).rejects.toMatchObject({
      reason: "InsecureRedirect",
    });
    expect(registry.plaintext()).toEqual([]);
    expect(JSON.stringify(registry.seen.filter((r) => r.path !== "/token"))).not.toContain("refresh-secret");
  });
});
