import { KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { FakeClock, flushMicrotasks } from "../../test/support/fake-clock.js";
import { SupervisedInformer, type InformerFactory } from "./supervised-informer.js";

type Handler = (arg: unknown) => void;

/** Stands in for client-node's ListWatch: each start() either succeeds or reports `error` and stops. */
class ScriptedInformer {
  readonly handlers = new Map<string, Handler[]>();
  readonly objects = new Map<string, KubernetesObject>();
  starts = 0;
  stops = 0;
  /** Outcome of each start() in turn: undefined = success, an Error = failure. */
  script: Array<Error | undefined> = [];

  on(verb: string, cb: Handler): void {
    for (const v of verb === "change" ? ["add", "update", "delete"] : [verb]) {
      this.handlers.set(v, [...(this.handlers.get(v) ?? []), cb]);
    }
  }
  off(): void {}
  emit(verb: string, arg: unknown): void {
    for (const cb of this.handlers.get(verb) ?? []) cb(arg);
  }
  start(): Promise<void> {
    this.starts++;
    const outcome = this.script.shift();
    if (outcome) this.emit("error", outcome);
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.stops++;
    this.emit("error", new Error("aborted")); // as the real one does when its request is aborted
    return Promise.resolve();
  }
  get(name: string, namespace?: string): KubernetesObject | undefined {
    return this.objects.get(`${namespace ?? ""}/${name}`);
  }
  list(): readonly KubernetesObject[] {
    return [...this.objects.values()];
  }
}

function setup(script: Array<Error | undefined> = []) {
  const fake = new ScriptedInformer();
  fake.script = script;
  const clock = new FakeClock();
  const errors: number[] = [];
  const factory = (() => fake) as unknown as InformerFactory;
  const informer = new SupervisedInformer<KubernetesObject>({
    name: "komposers",
    kubeConfig: new KubeConfig(),
    path: "/apis/orkestra.orkspace.io/v1/komposers",
    list: () => Promise.resolve({ items: [] }),
    clock,
    backoff: { baseMs: 1_000, maxMs: 4_000 },
    onError: (_e, delay) => errors.push(delay),
    makeInformer: factory,
  });
  return { fake, clock, informer, errors };
}

describe("SupervisedInformer", () => {
  it("is synced and watching after a successful start", async () => {
    const { informer } = setup();
    await informer.start();
    await informer.waitForSync();
    expect(informer.health()).toEqual({ name: "komposers", synced: true, watching: true, restarts: 0 });
  });

  it("restarts after start failures with capped exponential backoff, then syncs", async () => {
    const down = new Error("connect ECONNREFUSED 127.0.0.1:6443");
    const { fake, clock, informer, errors } = setup([down, down, down, down]);
    let synced = false;
    void informer.waitForSync().then(() => (synced = true));
    await informer.start();
    expect(informer.health()).toMatchObject({ synced: false, watching: false, lastError: down.message });
    await clock.advance(1_000);
    await clock.advance(2_000);
    await clock.advance(4_000);
    expect(synced).toBe(false);
    await clock.advance(4_000);
    expect(errors).toEqual([1_000, 2_000, 4_000, 4_000]);
    expect(fake.starts).toBe(5);
    expect(synced).toBe(true);
    expect(informer.health()).toMatchObject({ synced: true, watching: true, restarts: 4 });
  });

  it("restarts a watch that broke after sync, and resets the backoff after a success", async () => {
    const { fake, clock, informer, errors } = setup();
    await informer.start();
    fake.emit("error", new Error("socket hang up"));
    expect(informer.health()).toMatchObject({ synced: true, watching: false, lastError: "socket hang up" });
    await clock.advance(1_000);
    expect(fake.starts).toBe(2);
    expect(informer.health().watching).toBe(true);
    fake.emit("error", new Error("again"));
    expect(errors).toEqual([1_000, 1_000]);
  });

  it("does not restart after stop, and ignores the abort error stop causes", async () => {
    const { fake, clock, informer } = setup();
    await informer.start();
    await informer.stop();
    await clock.advance(60_000);
    expect(fake.starts).toBe(1);
    expect(informer.health().lastError).toBeUndefined();
    expect(clock.pending()).toBe(0);
  });

  it("cancels a pending restart on stop", async () => {
    const { fake, clock, informer } = setup([new Error("down")]);
    await informer.start();
    await informer.stop();
    await clock.advance(10_000);
    expect(fake.starts).toBe(1);
  });

  it("reads the cache by namespace/name key and passes events through", async () => {
    const { fake, informer } = setup();
    const seen: string[] = [];
    informer.onChange((o) => seen.push(o.metadata!.name!));
    fake.objects.set("team-a/platform", { metadata: { name: "platform", namespace: "team-a" } });
    fake.objects.set("/cluster-wide", { metadata: { name: "cluster-wide" } });
    await informer.start();
    fake.emit("add", { metadata: { name: "platform" } });
    fake.emit("delete", { metadata: { name: "gone" } });
    await flushMicrotasks();
    expect(seen).toEqual(["platform", "gone"]);
    expect(informer.getByKey("team-a/platform")?.metadata?.name).toBe("platform");
    expect(informer.getByKey("cluster-wide")?.metadata?.name).toBe("cluster-wide");
    expect(informer.getByKey("team-a/missing")).toBeUndefined();
    expect(informer.list()).toHaveLength(2);
  });
});
