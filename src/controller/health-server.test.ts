import {
  HealthServer,
  informersSyncedCheck,
  leaderElectionCheck,
  type CheckResult,
} from "./health-server.js";
import { ControllerMetrics } from "./metrics.js";

async function get(
  port: number,
  path: string,
): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text(), type: res.headers.get("content-type") };
}

describe("HealthServer", () => {
  let server: HealthServer;
  let port: number;
  let informers: CheckResult;
  let leader: CheckResult;

  beforeEach(async () => {
    informers = { ok: false, message: "komposers not synced" };
    leader = { ok: true };
    const metrics = new ControllerMetrics();
    metrics.observeReconcile("komposer", "success", 0.1);
    server = new HealthServer({
      metrics,
      readyChecks: [
        { name: "informers", check: () => informers },
        { name: "leader-election", check: () => leader },
        {
          name: "throws",
          check: () => (informers.ok ? { ok: true } : Promise.reject(new Error("exploded"))),
        },
      ],
    });
    port = await server.listen(0, "127.0.0.1");
  });

  afterEach(() => server.close());

  it("answers /healthz while the process runs", async () => {
    expect(await get(port, "/healthz")).toMatchObject({ status: 200, body: "ok\n" });
  });

  it("fails /readyz listing the failing checks, then passes once they pass", async () => {
    const notReady = await get(port, "/readyz");
    expect(notReady.status).toBe(503);
    expect(notReady.body).toContain("[-]informers failed: komposers not synced");
    expect(notReady.body).toContain("[+]leader-election ok");
    expect(notReady.body).toContain("[-]throws failed: exploded");

    informers = { ok: true };
    expect(await get(port, "/readyz")).toMatchObject({ status: 200, body: "ok\n" });
    expect((await get(port, "/readyz?verbose")).body).toContain("[+]informers ok");
  });

  it("serves Prometheus metrics", async () => {
    const res = await get(port, "/metrics");
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/plain; version=0.0.4");
    expect(res.body).toContain('komposer_reconcile_total{controller="komposer",result="success"} 1');
  });

  it("returns 404 for unknown paths and 405 for writes", async () => {
    expect((await get(port, "/nope")).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: "POST" })).status).toBe(405);
  });
});

describe("readiness checks", () => {
  it("reports informers that have not synced, with their last error", async () => {
    const informers = [
      { health: () => ({ name: "komposers", synced: true }) },
      { health: () => ({ name: "configmaps", synced: false, lastError: "connect ECONNREFUSED" }) },
    ];
    expect(await informersSyncedCheck(informers).check()).toEqual({
      ok: false,
      message: "not synced: configmaps (connect ECONNREFUSED)",
    });
    expect(await informersSyncedCheck(informers.slice(0, 1)).check()).toEqual({ ok: true });
  });

  it("delegates to the elector", async () => {
    const check = leaderElectionCheck({ readiness: () => ({ ok: true, message: "leading" }) });
    expect(check.name).toBe("leader-election");
    expect(await check.check()).toEqual({ ok: true, message: "leading" });
  });
});
