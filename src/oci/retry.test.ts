import { backoffDelay, isTransientNetworkError, parseRetryAfter, retryPolicy } from "./retry.js";

describe("backoff", () => {
  it("grows exponentially within the cap, with full jitter", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 });
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, retryPolicy({ random: () => 0 }))).toBe(0);
  });

  it("honours Retry-After up to a bound", () => {
    const policy = retryPolicy({ random: () => 0, maxRetryAfterMs: 5000 });
    expect(backoffDelay(0, policy, 2000)).toBe(2000);
    expect(backoffDelay(0, policy, 60_000)).toBe(5000);
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("classifies network failures", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(isTransientNetworkError(new TypeError("fetch failed", { cause: reset }))).toBe(true);
    expect(isTransientNetworkError(new DOMException("timeout", "TimeoutError"))).toBe(true);
    expect(isTransientNetworkError(new Error("digest mismatch"))).toBe(false);
  });
});
