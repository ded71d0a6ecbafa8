// A de-duplicating, rate-limited work queue with client-go's semantics. Informer events only *add keys*; the
// reconcile reads the whole observed state, so a burst of events for one object collapses into one reconcile.
//
// Invariants (client-go's "dirty" and "processing" sets):
// - a key is in the FIFO at most once (dirty de-duplicates);
// - a key handed to a worker is never handed to another until `done` (processing);
// - a key added while it is being processed is queued again by `done`, so no change is ever missed.
import { systemClock, type Clock, type TimerHandle } from "./clock.js";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";

/** `namespace/name`, or just `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitObjectKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter<string>;
  /** Told about a handler that threw (a bug: handlers map errors to results); the key is retried with backoff. */
  onHandlerError?: (key: string, error: unknown) => void;
}

export type WorkHandler = (key: string, signal: AbortSignal) => Promise<void>;

export class WorkQueue {
  private readonly fifo: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** Keys waiting for a delayed add, with when they become due. Only the earliest wait is kept. */
  private readonly waiting = new Map<string, { at: number; timer: TimerHandle }>();
  private readonly getters: Array<(key: string | undefined) => void> = [];
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<string>;
  private readonly onHandlerError: (key: string, error: unknown) => void;
  private shuttingDown = false;
  private readonly stopController = new AbortController();

  constructor(options: WorkQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.limiter = options.rateLimiter ?? defaultControllerRateLimiter<string>(this.clock);
    this.onHandlerError = options.onHandlerError ?? (() => {});
  }

  /** Marks `key` as needing a reconcile. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // `done` will queue it again
    this.enqueue(key);
  }

  /** Adds `key` after `delayMs`; if the key already waits for an earlier time, the earlier one stands. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.clock.setTimer(() => {
      this.waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.waiting.set(key, { at, timer });
  }

  /** Adds `key` after the rate limiter's delay: per-key exponential backoff and the overall bucket. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  /** Clears the backoff of `key`; call after a reconcile that needs no retry. */
  forget(key: string): void {
    this.limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  /** Waits for the next key; `undefined` once the queue is shut down. The caller must call `done(key)`. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.fifo.shift();
    if (key !== undefined) return Promise.resolve(this.startProcessing(key));
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends processing of `key`; if it was added meanwhile, it goes back in the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.enqueue(key);
  }

  /** Keys ready to be processed (not in flight, not waiting): the queue-depth metric. */
  len(): number {
    return this.fifo.length;
  }

  /** Keys scheduled for later (requeue after interval or backoff). */
  waitingCount(): number {
    return this.waiting.size;
  }

  /** Keys being reconciled right now. */
  inFlight(): number {
    return this.processing.size;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /**
   * Stops the queue: queued and delayed keys are dropped (the next leader or process relists everything
   * anyway), blocked `get` calls return `undefined`, handlers in flight see their signal abort.
   */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) timer.cancel();
    this.waiting.clear();
    this.fifo.length = 0;
    for (const resolve of this.getters.splice(0)) resolve(undefined);
    this.stopController.abort(new Error("Work queue shut down"));
  }

  /**
   * Runs `n` workers until `signal` aborts or the queue shuts down; resolves when every in-flight handler has
   * returned. A handler that throws is retried with backoff: handlers should decide requeues themselves
   * (see reconcile-result.ts) and only throw on bugs.
   */
  async runWorkers(n: number, handler: WorkHandler, signal?: AbortSignal): Promise<void> {
    const onAbort = (): void => this.shutDown();
    if (signal?.aborted) this.shutDown();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await Promise.all(Array.from({ length: Math.max(1, n) }, () => this.work(handler)));
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private async work(handler: WorkHandler): Promise<void> {
    for (let key = await this.get(); key !== undefined; key = await this.get()) {
      try {
        await handler(key, this.stopController.signal);
      } catch (error) {
        this.onHandlerError(key, error);
        this.addRateLimited(key);
      } finally {
        this.done(key);
      }
    }
  }

  private enqueue(key: string): void {
    const getter = this.getters.shift();
    if (getter) getter(this.startProcessing(key));
    else this.fifo.push(key);
  }

  private startProcessing(key: string): string {
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }
}
