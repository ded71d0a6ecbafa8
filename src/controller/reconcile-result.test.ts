import {
  ConflictError,
  InvalidInputError,
  KomposerError,
  RegistryError,
  type Disposition,
} from "../core/errors.js";
import { FakeClock } from "../../test/support/fake-clock.js";
import { reasonOf, resultFromError, ResultKind, scheduleNext, success, waiting } from "./reconcile-result.js";
import { WorkQueue } from "./work-queue.js";

class RolloutInProgress extends KomposerError {
  readonly reason = "RolloutInProgress";
  readonly disposition: Disposition = "waiting";
}

describe("resultFromError", () => {
  it("maps dispositions of Komposer errors", () => {
    expect(
      resultFromError(new RegistryError("RegistryUnavailable", "503", { transient: true })),
    ).toMatchObject({
      kind: ResultKind.Transient,
      reason: "RegistryUnavailable",
    });
    expect(resultFromError(new ConflictError("DuplicateCRD", "dup"))).toMatchObject({
      kind: ResultKind.Terminal,
      reason: "DuplicateCRD",
    });
    expect(resultFromError(new InvalidInputError("InvalidKomposer", []))).toMatchObject({
      kind: ResultKind.Terminal,
    });
    expect(resultFromError(new RolloutInProgress("rolling"))).toMatchObject({
      kind: ResultKind.Waiting,
      reason: "RolloutInProgress",
    });
  });

  it("treats API and unknown errors as transient with a readable reason", () => {
    expect(resultFromError(Object.assign(new Error("x"), { code: 409 }))).toMatchObject({
      kind: ResultKind.Transient,
      reason: "Conflict",
    });
    expect(reasonOf(Object.assign(new Error("x"), { code: 500 }))).toBe("APIServerError");
    expect(reasonOf(Object.assign(new Error("x"), { statusCode: 418 }))).toBe("APIRequestFailed");
    expect(reasonOf(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe("InternalError");
    expect(reasonOf("string thrown")).toBe("InternalError");
  });
});

describe("scheduleNext", () => {
  const policy = { intervalMs: 600_000, waitingPollMs: 5_000, jitterFactor: 0.1, random: () => 0.5 };

  it("requeues a success after the interval plus jitter and clears backoff", () => {
    const queue = new WorkQueue({ clock: new FakeClock() });
    queue.addRateLimited("ns/a");
    expect(scheduleNext(queue, "ns/a", success(), policy)).toBe(630_000);
    expect(queue.numRequeues("ns/a")).toBe(0);
    expect(scheduleNext(queue, "ns/b", success(60_000), policy)).toBe(63_000);
  });

  it("backs off on transient errors", async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    const transient = resultFromError(new Error("boom"));
    expect(scheduleNext(queue, "ns/a", transient, policy)).toBe("backoff");
    await clock.advance(1_000);
    expect(queue.len()).toBe(1);
    expect(queue.numRequeues("ns/a")).toBe(1);
  });

  it("waits for a spec change on terminal errors: only the periodic interval requeues", () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    queue.addRateLimited("ns/a");
    const delay = scheduleNext(
      queue,
      "ns/a",
      resultFromError(new ConflictError("ImportCycle", "a → b → a")),
      policy,
    );
    expect(delay).toBe(630_000);
    expect(queue.numRequeues("ns/a")).toBe(0);
  });

  it("polls while waiting without growing the backoff", () => {
    const queue = new WorkQueue({ clock: new FakeClock() });
    queue.addRateLimited("ns/a");
    queue.addRateLimited("ns/a");
    expect(queue.numRequeues("ns/a")).toBe(2);
    expect(scheduleNext(queue, "ns/a", waiting("RolloutInProgress"), policy)).toBe(5_250);
    expect(queue.numRequeues("ns/a")).toBe(0);
    expect(scheduleNext(queue, "ns/a", waiting("RolloutInProgress"), policy)).toBe(5_250);
    expect(queue.numRequeues("ns/a")).toBe(0);
    expect(
      scheduleNext(queue, "ns/b", waiting("RolloutInProgress", 1_000), { intervalMs: 1 }),
    ).toBeGreaterThanOrEqual(1_000);
  });
});
