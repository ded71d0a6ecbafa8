// One event per registry exchange, so the operator's /metrics ("registry fetches by result") and the
// benchmarks can count requests without the client knowing about Prometheus.

export type RequestKind = "manifest" | "blob" | "upload" | "token" | "layout";

export type RequestResult =
  "ok" | "not_found" | "unauthorized" | "client_error" | "server_error" | "network_error" | "integrity_error";

export interface RequestEvent {
  /** Registry host (or `oci-layout:<path>`) the request went to. */
  registry: string;
  method: string;
  kind: RequestKind;
  status?: number;
  result: RequestResult;
  durationMs: number;
  /** Set when this attempt will be retried. */
  retrying?: boolean;
}

export type RequestHook = (event: RequestEvent) => void;

export function resultForStatus(status: number): RequestResult {
  if (status < 400) return "ok";
  if (status === 404) return "not_found";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 429 || status >= 500) return "server_error";
  return "client_error";
}

export interface RequestCounter {
  hook: RequestHook;
  /** Counts keyed `kind:result`, e.g. `manifest:ok`. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
}

export function createRequestCounter(): RequestCounter {
  const counts = new Map<string, number>();
  return {
    hook: (event) => {
      const key = `${event.kind}:${event.result}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    counts: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
  };
}
