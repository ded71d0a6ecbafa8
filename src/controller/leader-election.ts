// Leader election on a coordination.k8s.io/v1 Lease, with client-go's algorithm and timings, so only one
// operator replica reconciles at a time.
// - Expiry is judged by *our* clock from the moment we last saw the lease record change, never by comparing
//   renewTime with our clock: replicas' clocks may disagree, durations measured locally do not.
// - Every write is a compare-and-swap on resourceVersion; losing the race is a normal "not leader".
// - The leader gives up (onStoppedLeading) when it could not renew for renewDeadline, which is shorter than
//   the lease duration, so it stops working before anyone else may take over.
// - On shutdown the leader stops its work first, then releases the lease (holder "", duration 1s) so a
//   standby takes over at once instead of waiting out the lease.
import { apiErrorMessage, isConflict } from "../kube/errors.js";
import type { LeaderRecord, LeaseStore, StoredLease } from "../kube/lease.js";
import { jitter, sleep, systemClock, type Clock } from "./clock.js";
import type { CheckResult } from "./health-server.js";
import { silentLogger, type Logger } from "./logger.js";

export interface LeaderElectionOptions {
  store: LeaseStore;
  /** Unique per replica: see `leaderIdentity`. */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Runs the controllers; must settle soon after `signal` aborts (leadership lost or shutdown). */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called once leading has ended and the work above has settled. */
  onStoppedLeading?: () => void;
  onNewLeader?: (identity: string) => void;
  clock?: Clock;
  random?: () => number;
  log?: Logger;
}

/** `<pod or host name>_<pid>`: the pod name is unique in a namespace; the pid separates local processes. */
export function leaderIdentity(hostOrPodName: string, pid: number): string {
  return `${hostOrPodName}_${pid}`;
}

type RenewOutcome = "lost" | "cancelled";

export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private readonly log: Logger;
  private observed: StoredLease | undefined;
  private observedAt = 0;
  private leading = false;
  private campaigning = false;
  private lastContactAt: number | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryMs = options.retryPeriodMs ?? 2_000;
    this.log = (options.log ?? silentLogger).child({
      lease: options.store.description,
      identity: options.identity,
    });
    if (this.renewDeadlineMs >= this.leaseMs)
      throw new Error("renewDeadline must be shorter than the lease duration");
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder we last saw, if any. */
  currentLeader(): string | undefined {
    return this.observed?.record.holderIdentity || undefined;
  }

  /**
   * Campaigns until leader, leads until the lease is lost or `signal` aborts, then returns. A process whose
   * leadership was lost should exit (controller-runtime does too): its caches may be stale.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.campaigning = true;
    try {
      await this.campaignAndLead(signal);
    } finally {
      this.campaigning = false;
    }
  }

  private async campaignAndLead(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    const leadership = new AbortController();
    this.leading = true;
    this.log.info({}, "Acquired leadership");
    const work = Promise.resolve()
      .then(() => this.options.onStartedLeading(leadership.signal))
      .catch((error: unknown) => this.log.error({ err: error }, "Failed while leading"));
    const outcome = await this.renew(signal);
    this.leading = false;
    leadership.abort(new Error(outcome === "lost" ? "Leadership lost" : "Shutting down"));
    await work;
    if (outcome === "cancelled") await this.release();
    else this.log.warn({}, "Lost leadership");
    this.options.onStoppedLeading?.();
  }

  /** For /readyz: a leader that renews, or a standby that can reach the API server. */
  readiness(): CheckResult {
    const now = this.clock.now();
    if (!this.campaigning) return { ok: false, message: "not taking part in leader election" };
    if (this.lastContactAt === undefined) return { ok: false, message: "no contact with the lease yet" };
    const silentFor = now - this.lastContactAt;
    const limit = this.leading ? this.renewDeadlineMs : this.leaseMs * 2;
    if (silentFor > limit) {
      return {
        ok: false,
        message: `no successful lease call for ${Math.round(silentFor / 1000)}s: ${this.lastError ?? "unknown"}`,
      };
    }
    return {
      ok: true,
      message: this.leading ? "leading" : `standing by (leader ${this.currentLeader() ?? "none"})`,
    };
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) return true;
      // Jitter (client-go's factor 1.2) spreads standbys so they do not all hit the API server together.
      if (!(await this.pause(jitter(this.retryMs, 1.2, this.options.random), signal))) return false;
    }
    return false;
  }

  private async renew(signal: AbortSignal): Promise<RenewOutcome> {
    for (;;) {
      if (!(await this.pause(this.retryMs, signal))) return "cancelled";
      const deadline = this.clock.now() + this.renewDeadlineMs;
      while (!(await this.withDeadline(this.tryAcquireOrRenew(), deadline))) {
        if (this.clock.now() >= deadline) return "lost";
        if (!(await this.pause(this.retryMs, signal))) return "cancelled";
      }
    }
  }

  /** One round of client-go's tryAcquireOrRenew. True when we hold the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const desired: LeaderRecord = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    try {
      const current = await this.options.store.get();
      this.contacted();
      if (!current) return this.observe(await this.options.store.create(desired), now);
      this.noteObserved(current, now);
      const holder = current.record.holderIdentity;
      if (holder && holder !== this.options.identity && !this.expired(current, now)) return false;
      if (holder === this.options.identity) {
        desired.acquireTime = current.record.acquireTime ?? now;
        desired.leaseTransitions = current.record.leaseTransitions;
      } else {
        desired.leaseTransitions = current.record.leaseTransitions + 1;
      }
      return this.observe(await this.options.store.update(desired, current.resourceVersion), now);
    } catch (error) {
      const message = apiErrorMessage(error);
      // Losing a race is routine (debug); anything else — RBAC above all — is said once, plainly, at warn.
      if (isConflict(error)) this.log.debug({ error: message }, "Lost a lease update race");
      else if (message !== this.lastError)
        this.log.warn({ error: message }, "Failed to acquire or renew lease");
      this.lastError = message;
      return false;
    }
  }

  private expired(current: StoredLease, now: number): boolean {
    return this.observedAt + current.record.leaseDurationSeconds * 1000 <= now;
  }

  private observe(written: StoredLease | undefined, now: number): boolean {
    if (!written) return false;
    this.contacted();
    this.noteObserved(written, now);
    return true;
  }

  private noteObserved(lease: StoredLease, now: number): void {
    if (this.observed?.resourceVersion === lease.resourceVersion) return;
    const previousHolder = this.observed?.record.holderIdentity;
    this.observed = lease;
    this.observedAt = now;
    const holder = lease.record.holderIdentity;
    if (holder && holder !== previousHolder) this.options.onNewLeader?.(holder);
  }

  private contacted(): void {
    this.lastContactAt = this.clock.now();
    this.lastError = undefined;
  }

  private async release(): Promise<void> {
    const held = this.observed;
    if (!held || held.record.holderIdentity !== this.options.identity) return;
    const now = this.clock.now();
    const released: LeaderRecord = {
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: held.record.leaseTransitions,
    };
    try {
      const written = await this.options.store.update(released, held.resourceVersion);
      if (written) this.noteObserved(written, now);
      this.log.info({ released: written !== undefined }, "Released leadership");
    } catch (error) {
      this.log.warn({ err: error }, "Failed to release lease; standbys take over when it expires");
    }
  }

  /** Sleeps on the clock; false when `signal` aborted first. */
  private async pause(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(this.clock, ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  // A renew that hangs past the deadline counts as failed (client-go bounds it with a context timeout).
  private withDeadline(attempt: Promise<boolean>, deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(() => resolve(false), Math.max(0, deadline - this.clock.now()));
      void attempt.then((ok) => {
        timer.cancel();
        resolve(ok);
      });
    });
  }
}
