import { ControllerMetrics, FetchResult } from "./metrics.js";

describe("ControllerMetrics", () => {
  it("exposes reconciles, durations, errors, queue depth and registry fetches in the text format", async () => {
    const metrics = new ControllerMetrics();
    let depth = 3;
    metrics.trackQueueDepth("komposer", () => depth);
    metrics.observeReconcile("komposer", "success", 0.2);
    metrics.observeReconcile("komposer", "transient", 1.5, "RegistryUnavailable");
    metrics.observeReconcile("komposer", "terminal", 0.01, "DuplicateCRD");
    const record = metrics.recordRegistryFetch;
    record(FetchResult.Fetched, "ghcr.io");
    record(FetchResult.Fetched, "ghcr.io");
    record(FetchResult.Error);
    metrics.recordRegistryRequest({ registry: "ghcr.io", method: "HEAD", kind: "manifest", result: "ok" });

    const { contentType, body } = await metrics.render();
    expect(contentType).toContain("text/plain");
    expect(body).toContain('komposer_reconcile_total{controller="komposer",result="success"} 1');
    expect(body).toContain('komposer_reconcile_total{controller="komposer",result="transient"} 1');
    expect(body).toContain(
      'komposer_reconcile_errors_total{controller="komposer",reason="RegistryUnavailable"} 1',
    );
    expect(body).toContain('komposer_reconcile_errors_total{controller="komposer",reason="DuplicateCRD"} 1');
    expect(body).toContain(
      'komposer_reconcile_duration_seconds_bucket{le="0.25",controller="komposer",result="success"} 1',
    );
    expect(body).toContain('komposer_workqueue_depth{controller="komposer"} 3');
    expect(body).toContain('komposer_registry_fetches_total{result="fetched",registry="ghcr.io"} 2');
    expect(body).toContain('komposer_registry_fetches_total{result="error",registry=""} 1');
    expect(body).toContain(
      'komposer_registry_requests_total{registry="ghcr.io",method="HEAD",kind="manifest",result="ok"} 1',
    );

    depth = 0;
    expect((await metrics.render()).body).toContain('komposer_workqueue_depth{controller="komposer"} 0');
  });

  it("does not count a rollout in progress (waiting) as an error", async () => {
    const metrics = new ControllerMetrics();
    metrics.observeReconcile("komposer", "waiting", 0.05, "RollingOut");
    const { body } = await metrics.render();
    expect(body).toContain('komposer_reconcile_total{controller="komposer",result="waiting"} 1');
    expect(body).not.toContain('reason="RollingOut"');
  });

  it("keeps instances independent", async () => {
    const a = new ControllerMetrics();
    const b = new ControllerMetrics();
    a.observeReconcile("komposer", "success", 0.1);
    expect((await b.render()).body).not.toContain('result="success"} 1');
  });

  it("adds process metrics on request", async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: true });
    expect((await metrics.render()).body).toContain("process_cpu_user_seconds_total");
  });
});
