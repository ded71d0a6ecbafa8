// A small HTTP proxy on 127.0.0.1 in front of a real registry, to put faults and latency on the wire:
// answer the first N requests with 503 (or every request), and/or delay each request. The Host header is
// passed through, so the registry writes upload Locations that point back at the proxy.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FaultProxyOptions {
  /** `127.0.0.1:<port>` of the real registry. */
  target: string;
  /** Answer this many requests with `status` before forwarding. */
  failFirst?: number;
  /** Answer every request with `status`: a registry that never recovers. */
  failAlways?: boolean;
  /** Status for failed requests; default 503. */
  status?: number;
  /** Latency added to every request, in milliseconds. */
  delayMs?: number;
}

export interface FaultProxy {
  /** `127.0.0.1:<port>`: use as the registry host. */
  host: string;
  /** Requests seen so far, failed ones included. */
  requests(): number;
  failed(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const [targetHost = "127.0.0.1", targetPort = "80"] = options.target.split(":");
  let seen = 0;
  let failed = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen++;
    const fail = options.failAlways === true || seen <= (options.failFirst ?? 0);
    const handle = () => {
      if (fail) {
        failed++;
        req.resume();
        res.writeHead(options.status ?? 503, { "content-type": "text/plain" }).end("injected fault\n");
        return;
      }
      const upstream = request(
        {
          host: targetHost,
          port: Number(targetPort),
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    };
    if (options.delayMs) setTimeout(handle, options.delayMs);
    else handle();
  });
  // Keep-alive sockets would hold close() open; the clients reconnect as needed.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests: () => seen,
    failed: () => failed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
