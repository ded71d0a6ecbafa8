import { FakeClock, flushMicrotasks } from "../../test/support/fake-clock.js";
import { ExponentialBackoffLimiter, MaxOfLimiter, TokenBucketLimiter } from "./rate-limiter.js";
import { objectKey, splitObjectKey, WorkQueue } from "./work-queue.js";

function newQueue(clock = new FakeClock()): { queue: WorkQueue; clock: FakeClock } {
  return { queue: new WorkQueue({ clock }), clock };
}

describe("object keys", () => {
  it("joins and splits namespace/name", () => {
    expect(objectKey("team-a", "platform")).toBe("team-a/platform");
    expect(objectKey(undefined, "cluster-thing")).toBe("cluster-thing");
    expect(splitObjectKey("team-a/platform")).toEqual({ namespace: "team-a", name: "platform" });
    expect(splitObjectKey("cluster-thing")).toEqual({ name: "cluster-thing" });
  });
});

describe("WorkQueue de-duplication", () => {
  it("keeps one entry per key and hands keys out in FIFO order", async () => {
    const { queue } = newQueue();
    queue.add("ns/a");
    queue.add("ns/b");
    queue.add("ns/a");
    expect(queue.len()).toBe(2);
    expect(await queue.get()).toBe("ns/a");
    expect(await queue.get()).toBe("ns/b");
    expect(queue.len()).toBe(0);
  });

  it("never hands a key in flight to a second worker, and requeues it after done", async () => {
    const { queue } = newQueue();
    queue.add("ns/a");
    const first = await queue.get();
    queue.add("ns/a"); // event during the reconcile
    expect(queue.len()).toBe(0);
    let second: string | undefined;
    void queue.get().then((k) => (second = k));
    await flushMicrotasks();
    expect(second).toBeUndefined();
    queue.done(first!);
    await flushMicrotasks();
    expect(second).toBe("ns/a");
  });

  it("does not requeue a key that was not added while processing", async () => {
    const { queue } = newQueue();
    queue.add("ns/a");
    queue.done((await queue.get())!);
    expect(queue.len()).toBe(0);
  });

  it("collapses several adds during processing into one requeue", async () => {
    const { queue } = newQueue();
    queue.add("ns/a");
    const key = (await queue.get())!;
    queue.add("ns/a");
    queue.add("ns/a");
    queue.done(key);
    expect(queue.len()).toBe(1);
  });
});

describe("WorkQueue delays", () => {
  it("adds a key after its delay and keeps only the earliest pending delay", async () => {
    const { queue, clock } = newQueue();
    queue.addAfter("ns/a", 10_000);
    queue.addAfter("ns/a", 60_000);
    queue.addAfter("ns/a", 5_000);
    expect(queue.waitingCount()).toBe(1);
    await clock.advance(4_999);
    expect(queue.len()).toBe(0);
    await clock.advance(1);
    expect(queue.len()).toBe(1);
    await clock.advance(60_000);
    expect(queue.len()).toBe(1);
  });

  it("treats a non-positive delay as add", () => {
    const { queue } = newQueue();
    queue.addAfter("ns/a", 0);
    expect(queue.len()).toBe(1);
  });

  it("backs off exponentially per key until forgotten", async () => {
    const { queue, clock } = newQueue();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = clock.now();
      queue.addRateLimited("ns/a");
      while (queue.len() === 0) await clock.advance(100);
      delays.push(clock.now() - start);
      queue.done((await queue.get())!);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(queue.numRequeues("ns/a")).toBe(4);
    queue.forget("ns/a");
    expect(queue.numRequeues("ns/a")).toBe(0);
  });
});

describe("rate limiters", () => {
  it("caps exponential backoff", () => {
    const limiter = new ExponentialBackoffLimiter<string>({ baseMs: 1_000, maxMs: 300_000 });
    const delays = Array.from({ length: 12 }, () => limiter.when("k"));
    expect(delays.slice(0, 3)).toEqual([1_000, 2_000, 4_000]);
    expect(delays.at(-1)).toBe(300_000);
    for (let i = 0; i < 2000; i++) limiter.when("k");
    expect(limiter.when("k")).toBe(300_000);
  });

  it("lets a burst through the token bucket, then spaces retries at the rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucketLimiter<string>({ ratePerSecond: 10, burst: 3, clock });
    expect([bucket.when("a"), bucket.when("b"), bucket.when("c")]).toEqual([0, 0, 0]);
    expect(bucket.when("d")).toBe(100);
    expect(bucket.when("e")).toBe(200);
    await clock.advance(1_000);
    expect(bucket.when("f")).toBe(0);
  });

  it("takes the larger delay of its parts", () => {
    const clock = new FakeClock();
    const limiter = new MaxOfLimiter<string>([
      new ExponentialBackoffLimiter<string>({ baseMs: 5 }),
      new TokenBucketLimiter<string>({ ratePerSecond: 1, burst: 1, clock }),
    ]);
    expect(limiter.when("a")).toBe(5);
    expect(limiter.when("b")).toBe(1_000);
    expect(limiter.numRequeues("a")).toBe(1);
  });
});

describe("WorkQueue workers", () => {
  it("processes keys with n workers, never one key twice at once", async () => {
    const { queue } = newQueue();
    const active = new Set<string>();
    let overlap = false;
    let maxParallel = 0;
    const seen: string[] = [];
    const release: Array<() => void> = [];
    const handler = async (key: string): Promise<void> => {
      if (active.has(key)) overlap = true;
      active.add(key);
      maxParallel = Math.max(maxParallel, active.size);
      seen.push(key);
      await new Promise<void>((resolve) => release.push(resolve));
      active.delete(key);
    };
    const controller = new AbortController();
    const running = queue.runWorkers(3, handler, controller.signal);
    for (const k of ["ns/a", "ns/b", "ns/c", "ns/d"]) queue.add(k);
    await flushMicrotasks();
    queue.add("ns/a"); // while ns/a is in flight
    await flushMicrotasks();
    expect(maxParallel).toBe(3);
    while (seen.length < 5 || release.length > 0) {
      release.shift()?.();
      await flushMicrotasks();
    }
    controller.abort();
    await running;
    expect(overlap).toBe(false);
    expect(seen.sort()).toEqual(["ns/a", "ns/a", "ns/b", "ns/c", "ns/d"]);
  });

  it("retries a key whose handler threw, with backoff, and reports the error", async () => {
    const clock = new FakeClock();
    const errors: string[] = [];
    const queue = new WorkQueue({ clock, onHandlerError: (key) => errors.push(key) });
    let calls = 0;
    const controller = new AbortController();
    const running = queue.runWorkers(
      1,
      async () => {
        calls++;
        if (calls === 1) throw new Error("bug");
        await Promise.resolve();
      },
      controller.signal,
    );
    queue.add("ns/a");
    await flushMicrotasks();
    expect(errors).toEqual(["ns/a"]);
    expect(calls).toBe(1);
    await clock.advance(1_000);
    expect(calls).toBe(2);
    controller.abort();
    await running;
  });

  it("shuts down: drops queued and delayed keys, unblocks getters, aborts in-flight handlers", async () => {
    const { queue, clock } = newQueue();
    let handlerSignal: AbortSignal | undefined;
    let finish: () => void = () => {};
    const running = queue.runWorkers(2, async (_key, signal) => {
      handlerSignal = signal;
      await new Promise<void>((resolve) => (finish = resolve));
    });
    queue.add("ns/a");
    queue.addAfter("ns/b", 1_000);
    await flushMicrotasks();
    queue.shutDown();
    expect(handlerSignal?.aborted).toBe(true);
    expect(queue.waitingCount()).toBe(0);
    expect(clock.pending()).toBe(0);
    queue.add("ns/c");
    expect(queue.len()).toBe(0);
    finish();
    await running;
    expect(await queue.get()).toBeUndefined();
  });
});
