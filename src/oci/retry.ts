// Bounded retries with exponential backoff and full jitter for transient registry failures (429, 5xx,
// connection resets, timeouts). Bounded so a registry that never recovers fails in a predictable time; the
// sleep and the random source are injected so tests run without waiting.

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a server's Retry-After, so a registry cannot park us for an hour. */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  maxRetryAfterMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...defaultRetryPolicy, ...overrides };
}

/** Delay before retry number `retry` (0-based): full jitter over an exponentially growing window. */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.round(policy.random() * window);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}

/** Retry-After as milliseconds (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** Whether a thrown fetch/stream error is a network failure worth retrying (not a bug, not our abort). */
export function isTransientNetworkError(error: unknown): boolean {
  // Duck-typed: DOMException (timeouts) and errors from other realms are not always `instanceof Error`.
  for (let e = asError(error), depth = 0; e && depth < 5; e = asError(e.cause), depth++) {
    if (e.name === "TimeoutError") return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (e.name === "TypeError" && e.message === "fetch failed" && e.cause === undefined) return true;
    if (e.message === "terminated" || e.message === "other side closed") return true;
  }
  return false;
}

/** A short, credential-free description of a network failure for messages. */
export function describeNetworkError(error: unknown): string {
  for (let e = asError(error), depth = 0; e && depth < 5; e = asError(e.cause), depth++) {
    if (e.name === "TimeoutError") return "timed out";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return asError(error)?.message ?? String(error);
}

function asError(value: unknown): Error | undefined {
  return typeof value === "object" && value !== null && "message" in value ? (value as Error) : undefined;
}
