// Rate limiters for the work queue, modelled on client-go's defaults: the delay for a failed key is the larger
// of a per-key exponential backoff (one bad Komposer backs off alone) and an overall token bucket (a burst of
// failures across many keys cannot hammer the API server or registries).
import type { Clock } from "./clock.js";

export interface RateLimiter<K> {
  /** Delay before `key` may be retried; each call counts as one more failure. */
  when(key: K): number;
  /** Clears the failure history of `key` (call after a success). */
  forget(key: K): void;
  /** How many times `key` has failed since it was last forgotten. */
  numRequeues(key: K): number;
}

export interface ExponentialBackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** `base * 2^failures`, capped. The first retry waits `base`. */
export class ExponentialBackoffLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(options: ExponentialBackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1_000;
    this.maxMs = options.maxMs ?? 5 * 60_000;
  }

  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    // Cap the exponent too, so 2^n never overflows to Infinity for a key that fails for days.
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(n, 30));
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond?: number;
  /** Bucket size: how many retries may go out at once. */
  burst?: number;
  clock: Clock;
}

/** A token bucket that reserves: every call takes a token now or books the next free one and returns the wait. */
export class TokenBucketLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;

  constructor(options: TokenBucketOptions) {
    this.rate = options.ratePerSecond ?? 10;
    this.burst = options.burst ?? 100;
    this.clock = options.clock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

/** The largest delay of its parts; failures are counted by every part. */
export class MaxOfLimiter<K> implements RateLimiter<K> {
  constructor(private readonly limiters: readonly RateLimiter<K>[]) {}

  when(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(key)));
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(key)));
  }
}

/** client-go's default controller limiter, with our 1s base: per-key 1s..5m and 10 qps / burst 100 overall. */
export function defaultControllerRateLimiter<K>(clock: Clock): RateLimiter<K> {
  return new MaxOfLimiter<K>([
    new ExponentialBackoffLimiter<K>({ baseMs: 1_000, maxMs: 5 * 60_000 }),
    new TokenBucketLimiter<K>({ ratePerSecond: 10, burst: 100, clock }),
  ]);
}
