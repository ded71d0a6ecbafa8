// A loopback fake "HTTPS registry" for the attacks a hostile registry can try on the client: one port that
// speaks TLS and, on the same port, plain HTTP (the first byte tells them apart), so a Location or redirect to
// `http://same-host:same-port/` reaches the same fake and every plaintext request is recorded. Names such as
// `registry.test` resolve to 127.0.0.1 only for the fetch returned by `trustingFetch`, which also trusts the
// fake's self-signed certificate; the loopback shortcut of the transport (plain HTTP for 127.0.0.1) is thereby
// out of the way, as it is for a real remote registry.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type LookupFunction,
  type Socket,
} from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export interface SeenRequest {
  scheme: "http" | "https";
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export type FakeHandler = (
  req: IncomingMessage & { scheme: "http" | "https"; body: string },
  res: ServerResponse,
) => void;

export interface TlsRegistry {
  /** `registry.test:<port>`. */
  host: string;
  port: number;
  seen: SeenRequest[];
  plaintext(): SeenRequest[];
  close(): Promise<void>;
}

export interface Certificate {
  cert: Buffer;
  key: Buffer;
}

/** A self-signed certificate for the given DNS names, made with the openssl CLI. */
export function selfSignedCertificate(names: readonly string[]): Certificate {
  const dir = mkdtempSync(join(tmpdir(), "tls-registry-"));
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${names[0] ?? "registry.test"}`,
      "-addext",
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`,
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

export async function startTlsRegistry(
  name: string,
  certificate: Certificate,
  handler: FakeHandler,
): Promise<TlsRegistry> {
  const seen: SeenRequest[] = [];
  const serve = (scheme: "http" | "https") => (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const authorization = req.headers.authorization;
      seen.push({
        scheme,
        method: req.method ?? "",
        path: req.url ?? "",
        ...(authorization ? { authorization } : {}),
        body,
      });
      handler(Object.assign(req, { scheme, body }), res);
    });
  };
  const https = createHttpsServer({ cert: certificate.cert, key: certificate.key }, serve("https"));
  const http = createHttpServer(serve("http"));
  // Both listen on hidden loopback ports; the public port forwards each connection by its first byte.
  await Promise.all([https, http].map((inner) => new Promise<void>((r) => inner.listen(0, "127.0.0.1", r))));
  const portOf = (inner: { address(): unknown }) => (inner.address() as AddressInfo).port;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = createNetServer((socket) => {
    track(socket);
    socket.once("data", (first: Buffer) => {
      // 0x16 starts a TLS handshake record; anything else is plain HTTP.
      const inner = connect(portOf(first[0] === 0x16 ? https : http), "127.0.0.1");
      track(inner);
      inner.write(first);
      socket.pipe(inner).pipe(socket);
      inner.on("close", () => socket.destroy());
      socket.on("close", () => inner.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `${name}:${port}`,
    port,
    seen,
    plaintext: () => seen.filter((r) => r.scheme === "http"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        https.closeAllConnections();
        http.closeAllConnections();
        https.close();
        http.close();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fetch over node:http(s) that resolves every name to 127.0.0.1 and trusts `certificate` (Node's own fetch
 * cannot be given a CA from inside jest's module sandbox). Redirects are followed as undici does unless the
 * caller asks for `redirect: "manual"`: 303 (and 301/302 after POST) become GETs, Authorization is dropped when
 * the origin changes.
 */
export function trustingFetch(certificate: Certificate): typeof fetch {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };
  const once = (
    url: URL,
    method: string,
    headers: Headers,
    body: Buffer | undefined,
    signal?: AbortSignal | null,
  ) =>
    new Promise<Response>((resolve, reject) => {
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method,
          headers: Object.fromEntries(headers.entries()),
          lookup,
          ...(url.protocol === "https:" ? { ca: certificate.cert } : {}),
          ...(signal ? { signal } : {}),
        },
        (res) => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : [value ?? ""]) responseHeaders.append(name, v);
          }
          const empty = method === "HEAD" || [204, 304].includes(res.statusCode ?? 0);
          const stream = empty ? null : (Readable.toWeb(decoded(res)) as ReadableStream<Uint8Array>);
          if (empty) res.resume();
          resolve(new Response(stream, { status: res.statusCode ?? 500, headers: responseHeaders }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return async (input: string | URL | Request, init: RequestInit = {}) => {
    let url = new URL(input instanceof Request ? input.url : input.toString());
    let method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    let body = init.body == null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    if (init.body instanceof URLSearchParams)
      headers.set("content-type", "application/x-www-form-urlencoded");
    for (let hop = 0; ; hop++) {
      const response = await once(url, method, headers, body, init.signal);
      const location = response.headers.get("location");
      if (
        init.redirect === "manual" ||
        ![301, 302, 303, 307, 308].includes(response.status) ||
        !location ||
        hop > 20
      )
        return response;
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== url.origin) headers.delete("authorization");
      if (response.status === 303 || ([301, 302].includes(response.status) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      url = next;
    }
  };
}

/** Content-Encoding decoded, as fetch does. */
function decoded(res: IncomingMessage): NodeJS.ReadableStream & Readable {
  const encoding = res.headers["content-encoding"];
  if (encoding === "gzip") return res.pipe(createGunzip());
  if (encoding === "deflate") return res.pipe(createInflate());
  if (encoding === "br") return res.pipe(createBrotliDecompress());
  return res;
}
