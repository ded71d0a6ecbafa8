// The operator's probe and metrics endpoint (one port, like controller-runtime's health probe + metrics).
// /healthz answers while the event loop runs: restarting the pod cannot fix anything else. /readyz reports
// named checks, Kubernetes-style (`[+]informers ok` / `[-]informers failed: ...`), 503 when any fails.
// /metrics serves the Prometheus text exposition.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface CheckResult {
  ok: boolean;
  /** Why it is not ok (or a short status when it is). Never include credentials. */
  message?: string;
}

export interface ReadinessCheck {
  name: string;
  check(): CheckResult | Promise<CheckResult>;
}

export interface MetricsSource {
  render(): Promise<{ contentType: string; body: string }>;
}

export interface HealthServerOptions {
  readyChecks?: readonly ReadinessCheck[];
  metrics?: MetricsSource;
  /** Extra liveness checks; keep them to what a restart fixes (none by default). */
  liveChecks?: readonly ReadinessCheck[];
}

export class HealthServer {
  private readonly server: Server;

  constructor(private readonly options: HealthServerOptions) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => send(res, 500, `internal error: ${describe(error)}\n`));
    });
  }

  /** Starts listening; resolves with the bound port (pass 0 for a free one). */
  listen(port: number, host = "0.0.0.0"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n");
    switch (url.pathname) {
      case "/healthz":
      case "/livez":
        return this.probe(res, this.options.liveChecks ?? [], url.searchParams.has("verbose"));
      case "/readyz":
        return this.probe(res, this.options.readyChecks ?? [], url.searchParams.has("verbose"));
      case "/metrics":
        return this.serveMetrics(res);
      default:
        return send(res, 404, "not found\n");
    }
  }

  private async probe(
    res: ServerResponse,
    checks: readonly ReadinessCheck[],
    verbose: boolean,
  ): Promise<void> {
    const results = await Promise.all(checks.map(async (c) => ({ name: c.name, ...(await runCheck(c)) })));
    const failed = results.some((r) => !r.ok);
    if (!failed && !verbose) return send(res, 200, "ok\n");
    const lines = results.map((r) =>
      r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: ${r.message ?? "not ready"}`,
    );
    lines.push(failed ? "check failed" : "ok");
    send(res, failed ? 503 : 200, `${lines.join("\n")}\n`);
  }

  private async serveMetrics(res: ServerResponse): Promise<void> {
    if (!this.options.metrics) return send(res, 404, "metrics are disabled\n");
    const { contentType, body } = await this.options.metrics.render();
    send(res, 200, body, contentType);
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  try {
    return await check.check();
  } catch (error) {
    return { ok: false, message: describe(error) };
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface InformerLike {
  health(): { name: string; synced: boolean; lastError?: string };
}

/** Ready once every informer has loaded its first full list (a later watch error does not unready the pod). */
export function informersSyncedCheck(informers: readonly InformerLike[]): ReadinessCheck {
  return {
    name: "informers",
    check() {
      const waiting = informers.map((i) => i.health()).filter((h) => !h.synced);
      if (waiting.length === 0) return { ok: true };
      const list = waiting.map((h) => (h.lastError ? `${h.name} (${h.lastError})` : h.name)).join(", ");
      return { ok: false, message: `not synced: ${list}` };
    },
  };
}

/** Leading and renewing, or standing by with a working connection to the Lease (see LeaderElector). */
export function leaderElectionCheck(elector: { readiness(): CheckResult }): ReadinessCheck {
  return { name: "leader-election", check: () => elector.readiness() };
}
