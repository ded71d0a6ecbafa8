import type { CoreV1Event } from "@kubernetes/client-node";
import { EventRecorder, type EventSink, type InvolvedObject } from "./events.js";
import { FakeClock } from "../../test/support/fake-clock.js";

class MemorySink implements EventSink {
  readonly events = new Map<string, CoreV1Event>();
  failNext = false;
  create(namespace: string, event: CoreV1Event): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error("forbidden"));
    }
    this.events.set(`${namespace}/${event.metadata.name}`, structuredClone(event));
    return Promise.resolve();
  }
  bump(namespace: string, name: string, count: number, lastTimestamp: Date): Promise<boolean> {
    const event = this.events.get(`${namespace}/${name}`);
    if (!event) return Promise.resolve(false);
    Object.assign(event, { count, lastTimestamp });
    return Promise.resolve(true);
  }
}

const komposer: InvolvedObject = {
  apiVersion: "orkestra.orkspace.io/v1",
  kind: "Komposer",
  name: "platform",
  namespace: "team-a",
  uid: "1234",
};

function setup() {
  const sink = new MemorySink();
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const errors: unknown[] = [];
  const recorder = new EventRecorder({
    sink,
    component: "komposer-operator",
    instance: "pod-0",
    clock,
    onError: (e) => errors.push(e),
  });
  return { sink, clock, recorder, errors };
}

describe("EventRecorder", () => {
  it("creates a core/v1 Event about the Komposer", async () => {
    const { sink, recorder } = setup();
    await recorder.normal(komposer, "Staged", "Staged bundle sha256:abc");
    const [event] = [...sink.events.values()];
    expect(event).toMatchObject({
      metadata: { namespace: "team-a" },
      involvedObject: { kind: "Komposer", name: "platform", namespace: "team-a", uid: "1234" },
      type: "Normal",
      reason: "Staged",
      message: "Staged bundle sha256:abc",
      count: 1,
      source: { component: "komposer-operator", host: "pod-0" },
      reportingComponent: "komposer-operator",
      reportingInstance: "pod-0",
    });
    expect(event!.metadata.name).toMatch(/^platform\.[0-9a-f]+$/);
  });

  it("counts repeats of the same event instead of creating new ones", async () => {
    const { sink, clock, recorder } = setup();
    await recorder.warning(komposer, "ResolveFailed", "registry down");
    await clock.advance(5_000);
    await recorder.warning(komposer, "ResolveFailed", "registry down");
    await recorder.warning(komposer, "ResolveFailed", "registry down");
    await recorder.warning(komposer, "ResolveFailed", "another message");
    expect(sink.events.size).toBe(2);
    const counted = [...sink.events.values()].find((e) => e.message === "registry down")!;
    expect(counted.count).toBe(3);
    expect(counted.lastTimestamp).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)));
  });

  it("creates a fresh event when the counted one expired", async () => {
    const { sink, recorder } = setup();
    await recorder.normal(komposer, "Resolved", "ok");
    sink.events.clear();
    await recorder.normal(komposer, "Resolved", "ok");
    expect([...sink.events.values()].map((e) => e.count)).toEqual([1]);
  });

  it("never throws, reports the failure and forgets the entry", async () => {
    const { sink, recorder, errors } = setup();
    sink.failNext = true;
    await expect(recorder.warning(komposer, "Conflict", "duplicate CRD")).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    await recorder.warning(komposer, "Conflict", "duplicate CRD");
    expect([...sink.events.values()][0]!.count).toBe(1);
  });

  it("caps long messages and long names", async () => {
    const { sink, recorder } = setup();
    await recorder.normal({ ...komposer, name: "x".repeat(253) }, "Staged", "m".repeat(5000));
    const [event] = [...sink.events.values()];
    expect(event!.message!.length).toBe(1024);
    expect(event!.metadata.name!.length).toBeLessThanOrEqual(253);
  });

  it("forgets the least recently used events beyond its cache size", async () => {
    const sink = new MemorySink();
    const recorder = new EventRecorder({
      sink,
      component: "c",
      instance: "i",
      clock: new FakeClock(),
      cacheSize: 1,
    });
    await recorder.normal(komposer, "A", "a");
    await recorder.normal(komposer, "B", "b");
    await recorder.normal(komposer, "A", "a");
    expect(sink.events.size).toBe(3);
  });
});
