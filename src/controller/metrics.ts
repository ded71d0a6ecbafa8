// Prometheus metrics of the operator, exposed on /metrics (see health-server.ts). prom-client renders the text
// format; every Metrics instance has its own Registry so tests and several managers never share counters.
// Names follow controller-runtime's where one exists, under our own `komposer_` prefix.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ResultKind } from "./reconcile-result.js";

/** Outcome labels of a registry fetch, for `komposer_registry_fetches_total{result}`. */
export const FetchResult = {
  /** A manifest or blob was downloaded and verified. */
  Fetched: "fetched",
  /** Served from the digest cache; nothing was downloaded. */
  Cached: "cached",
  /** A tag re-check (HEAD) found the same digest. */
  Unchanged: "unchanged",
  /** The request failed (network, 5xx, auth, integrity). */
  Error: "error",
} as const;
export type FetchResult = (typeof FetchResult)[keyof typeof FetchResult];

/** What src/oci is handed to count its fetches without importing the controller. */
export type RegistryFetchRecorder = (result: FetchResult, registryHost?: string) => void;

export interface MetricsOptions {
  /** Also export process and Node.js runtime metrics (CPU, memory, event loop, GC). */
  defaultMetrics?: boolean;
}

export class ControllerMetrics {
  readonly registry = new Registry();
  private readonly reconciles: Counter<"controller" | "result">;
  private readonly duration: Histogram<"controller" | "result">;
  private readonly errors: Counter<"controller" | "reason">;
  private readonly depth: Gauge<"controller">;
  private readonly fetches: Counter<"result" | "registry">;
  private readonly requests: Counter<"registry" | "method" | "kind" | "result">;
  private readonly depthSources = new Map<string, () => number>();

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.reconciles = new Counter({
      name: "komposer_reconcile_total",
      help: "Reconciles by result (success, transient, terminal, waiting).",
      labelNames: ["controller", "result"],
      registers,
    });
    this.duration = new Histogram({
      name: "komposer_reconcile_duration_seconds",
      help: "Time spent in one reconcile, by result.",
      labelNames: ["controller", "result"],
      // Cache hits finish in milliseconds; cold resolutions of deep graphs over slow registries take tens of seconds.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.errors = new Counter({
      name: "komposer_reconcile_errors_total",
      help: "Failed reconciles by error reason (the condition reason).",
      labelNames: ["controller", "reason"],
      registers,
    });
    this.depth = this.createDepthGauge(registers);
    this.fetches = new Counter({
      name: "komposer_registry_fetches_total",
      help: "Registry requests by result (fetched, cached, unchanged, error).",
      labelNames: ["result", "registry"],
      registers,
    });
    this.requests = new Counter({
      name: "komposer_registry_requests_total",
      help: "HTTP requests sent to registries, by method, kind (manifest, blob, token) and result.",
      labelNames: ["registry", "method", "kind", "result"],
      registers,
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Counts one finished reconcile; errors are also counted by reason. Waiting (a rollout in progress after a
   * normal activation) is not an error: it shows in komposer_reconcile_total{result="waiting"} only.
   */
  observeReconcile(controller: string, result: ResultKind, seconds: number, reason?: string): void {
    this.reconciles.inc({ controller, result });
    this.duration.observe({ controller, result }, seconds);
    if (result !== "success" && result !== "waiting" && reason) this.errors.inc({ controller, reason });
  }

  /** Reports `depth()` as `komposer_workqueue_depth{controller}` at every scrape. */
  trackQueueDepth(controller: string, depth: () => number): void {
    this.depthSources.set(controller, depth);
  }

  /** Counter for src/oci; bind it once and pass it down as a plain function. */
  readonly recordRegistryFetch: RegistryFetchRecorder = (result, registryHost = "") => {
    this.fetches.inc({ result, registry: registryHost });
  };

  /** Hook for src/oci's `onRequest`: every request sent, whatever the fetch it served (a HEAD shared or not). */
  readonly recordRegistryRequest = (event: {
    registry: string;
    method: string;
    kind: string;
    result: string;
  }): void => {
    this.requests.inc({
      registry: event.registry,
      method: event.method,
      kind: event.kind,
      result: event.result,
    });
  };

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private createDepthGauge(registers: Registry[]): Gauge<"controller"> {
    const sources = this.depthSources;
    return new Gauge({
      name: "komposer_workqueue_depth",
      help: "Keys waiting in the work queue to be reconciled.",
      labelNames: ["controller"],
      registers,
      collect() {
        for (const [controller, depth] of sources) this.set({ controller }, depth());
      },
    });
  }
}
