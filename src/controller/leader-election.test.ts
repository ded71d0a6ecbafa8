import type { LeaderRecord, LeaseStore, StoredLease } from "../kube/lease.js";
import { FakeClock, flushMicrotasks } from "../../test/support/fake-clock.js";
import { LeaderElector, leaderIdentity } from "./leader-election.js";

/** A Lease with the API server's optimistic concurrency: every write bumps resourceVersion. */
class MemoryLease {
  lease: StoredLease | undefined;
  writes = 0;
  private rv = 0;

  store(failing: () => boolean = () => false): LeaseStore {
    const guard = (): void => {
      if (failing()) throw new Error("connect ECONNREFUSED");
    };
    return {
      description: "komposer-system/komposer-leader",
      get: () => Promise.resolve().then(() => (guard(), this.lease && structuredClone(this.lease))),
      create: (record) =>
        Promise.resolve().then(() => {
          guard();
          return this.lease ? undefined : this.write(record);
        }),
      update: (record, resourceVersion) =>
        Promise.resolve().then(() => {
          guard();
          return this.lease?.resourceVersion === resourceVersion ? this.write(record) : undefined;
        }),
    };
  }

  private write(record: LeaderRecord): StoredLease {
    this.writes++;
    this.lease = { record: { ...record }, resourceVersion: String(++this.rv) };
    return structuredClone(this.lease);
  }
}

interface Candidate {
  elector: LeaderElector;
  controller: AbortController;
  running: Promise<void>;
  events: string[];
  workSignal?: AbortSignal;
}

function candidate(name: string, lease: MemoryLease, clock: FakeClock, failing?: () => boolean): Candidate {
  const events: string[] = [];
  const c: Partial<Candidate> = { events };
  const elector = new LeaderElector({
    store: lease.store(failing),
    identity: name,
    clock,
    random: () => 0.5,
    onStartedLeading: (signal) =>
      new Promise<void>((resolve) => {
        events.push("started");
        c.workSignal = signal;
        signal.addEventListener("abort", () => resolve());
      }),
    onStoppedLeading: () => events.push("stopped"),
    onNewLeader: (id) => events.push(`leader=${id}`),
  });
  const controller = new AbortController();
  return Object.assign(c, { elector, controller, running: elector.run(controller.signal) }) as Candidate;
}

describe("LeaderElector", () => {
  it("acquires a missing lease, renews it, and releases it on shutdown", async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = candidate("a_1", lease, clock);
    await flushMicrotasks();
    expect(a.elector.isLeader()).toBe(true);
    expect(a.events).toEqual(["leader=a_1", "started"]);
    expect(lease.lease!.record).toMatchObject({
      holderIdentity: "a_1",
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    const acquiredAt = lease.lease!.record.acquireTime;

    await clock.advance(10_000);
    expect(lease.writes).toBe(6); // create + a renew every 2s
    expect(lease.lease!.record.renewTime).toBe(clock.now());
    expect(lease.lease!.record.acquireTime).toBe(acquiredAt);

    a.controller.abort();
    await a.running;
    expect(a.workSignal!.aborted).toBe(true);
    expect(a.events.at(-1)).toBe("stopped");
    expect(lease.lease!.record).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1 });
  });

  it("elects exactly one of two candidates, and hands over as soon as the leader releases", async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = candidate("a_1", lease, clock);
    await flushMicrotasks();
    const b = candidate("b_1", lease, clock);
    for (let t = 0; t < 60; t++) {
      await clock.advance(1_000);
      expect([a.elector.isLeader(), b.elector.isLeader()]).toEqual([true, false]);
    }
    expect(b.elector.currentLeader()).toBe("a_1");
    expect(b.elector.readiness()).toEqual({ ok: true, message: "standing by (leader a_1)" });

    a.controller.abort();
    await a.running;
    await clock.advance(5_000); // at most one jittered retry period (2s × 2.2)
    expect(b.elector.isLeader()).toBe(true);
    expect(lease.lease!.record).toMatchObject({ holderIdentity: "b_1", leaseTransitions: 1 });
    b.controller.abort();
    await b.running;
  });

  it("stops leading after renewDeadline without the API server; a standby waits out the lease", async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    let aCutOff = false;
    const a = candidate("a_1", lease, clock, () => aCutOff);
    await flushMicrotasks();
    const b = candidate("b_1", lease, clock);
    await clock.advance(4_000);
    aCutOff = true;
    const cutAt = clock.now();
    let aStoppedAt: number | undefined;
    let bStartedAt: number | undefined;
    while (bStartedAt === undefined) {
      await clock.advance(500);
      if (!a.elector.isLeader() && aStoppedAt === undefined) aStoppedAt = clock.now();
      if (b.elector.isLeader()) bStartedAt = clock.now();
      expect(a.elector.isLeader() && b.elector.isLeader()).toBe(false);
    }
    await a.running;
    expect(a.events.at(-1)).toBe("stopped");
    expect(a.workSignal!.aborted).toBe(true);
    expect(aStoppedAt! - cutAt).toBeLessThanOrEqual(12_000);
    expect(bStartedAt - cutAt).toBeGreaterThanOrEqual(13_000); // lease 15s from a's last renew (≤2s before the cut)
    expect(a.elector.readiness()).toEqual({ ok: false, message: "not taking part in leader election" });
    b.controller.abort();
    await b.running;
  });

  it("reports readiness: nothing yet, leading, then unreachable", async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    let down = true;
    const a = candidate("a_1", lease, clock, () => down);
    await flushMicrotasks();
    expect(a.elector.readiness()).toEqual({ ok: false, message: "no contact with the lease yet" });
    down = false;
    await clock.advance(5_000);
    expect(a.elector.readiness()).toEqual({ ok: true, message: "leading" });
    down = true;
    await clock.advance(11_000);
    expect(a.elector.readiness()).toMatchObject({ ok: false });
    a.controller.abort();
    await a.running;
  });

  it("returns without leading when cancelled while campaigning", async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = candidate("a_1", lease, clock);
    await flushMicrotasks();
    const b = candidate("b_1", lease, clock);
    await clock.advance(3_000);
    b.controller.abort();
    await b.running;
    expect(b.events).not.toContain("started");
    expect(b.events).not.toContain("stopped");
    a.controller.abort();
    await a.running;
  });

  it("builds identities from pod or host name and pid", () => {
    expect(leaderIdentity("komposer-7d9f-abcde", 1)).toBe("komposer-7d9f-abcde_1");
  });

  it("refuses a renew deadline that is not shorter than the lease", () => {
    const store = new MemoryLease().store();
    expect(
      () =>
        new LeaderElector({
          store,
          identity: "x",
          leaseDurationMs: 10_000,
          renewDeadlineMs: 10_000,
          onStartedLeading: () => {},
        }),
    ).toThrow(/renewDeadline/);
  });
});
