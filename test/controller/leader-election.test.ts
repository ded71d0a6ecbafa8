// Two electors on one real coordination.k8s.io/v1 Lease: exactly one leads; when it shuts down and releases
// the lease, the other takes over without waiting for the lease to expire. Short timings keep it quick.
import * as k8s from "@kubernetes/client-node";
import { LeaderElector } from "../../src/controller/leader-election.js";
import { kubeLeaseStore } from "../../src/kube/lease.js";
import { adminKubeConfig, createTestNamespace } from "../support/kube.js";

const timings = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 300 };

function elector(namespace: string, identity: string, log: string[]) {
  const controller = new AbortController();
  const elector = new LeaderElector({
    store: kubeLeaseStore(adminKubeConfig(), namespace, "komposer-leader"),
    identity,
    ...timings,
    onStartedLeading: (signal) =>
      new Promise<void>((resolve) => {
        log.push(`${identity} started`);
        signal.addEventListener("abort", () => resolve());
      }),
    onStoppedLeading: () => log.push(`${identity} stopped`),
  });
  return { elector, controller, running: elector.run(controller.signal) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await sleep(50);
  }
}

describe("leader election on a real Lease", () => {
  it("elects exactly one of two candidates and hands over after the leader releases", async () => {
    const namespace = await createTestNamespace("lease");
    const log: string[] = [];
    const a = elector(namespace, "pod-a_1", log);
    const b = elector(namespace, "pod-b_1", log);
    await waitFor(() => a.elector.isLeader() || b.elector.isLeader(), 10_000);

    // Still exactly one leader, and it keeps renewing: wait until the Lease shows three renewals by the same
    // holder (observed, not a while), checking the invariant at every look.
    const coordination = adminKubeConfig().makeApiClient(k8s.CoordinationV1Api);
    const renewals = new Set<number>();
    const holders = new Set<string>();
    const until = Date.now() + 30_000;
    while (renewals.size < 4) {
      expect(Number(a.elector.isLeader()) + Number(b.elector.isLeader())).toBe(1);
      const lease = await coordination.readNamespacedLease({ name: "komposer-leader", namespace });
      if (lease.spec?.renewTime) renewals.add(new Date(lease.spec.renewTime).getTime());
      holders.add(lease.spec?.holderIdentity ?? "");
      if (Date.now() > until) throw new Error(`saw only ${renewals.size} Lease renewals in 30 s`);
      await sleep(100);
    }
    expect(holders.size).toBe(1);
    const [leader, standby] = a.elector.isLeader() ? [a, b] : [b, a];
    const leaderId = leader === a ? "pod-a_1" : "pod-b_1";
    const standbyId = leader === a ? "pod-b_1" : "pod-a_1";

    const held = await coordination.readNamespacedLease({ name: "komposer-leader", namespace });
    expect(held.spec).toMatchObject({ holderIdentity: leaderId, leaseDurationSeconds: 3 });

    const releasedAt = Date.now();
    leader.controller.abort();
    await leader.running;
    await waitFor(() => standby.elector.isLeader(), 5_000);
    // Released, not expired: the hand-over takes about a retry period, well under the 3s lease.
    expect(Date.now() - releasedAt).toBeLessThan(2_500);
    expect(leader.elector.isLeader()).toBe(false);

    const taken = await coordination.readNamespacedLease({ name: "komposer-leader", namespace });
    expect(taken.spec).toMatchObject({ holderIdentity: standbyId, leaseTransitions: 1 });
    expect(log).toEqual([`${leaderId} started`, `${leaderId} stopped`, `${standbyId} started`]);

    standby.controller.abort();
    await standby.running;
    const released = await coordination.readNamespacedLease({ name: "komposer-leader", namespace });
    expect(released.spec?.holderIdentity ?? "").toBe("");
  });
});
