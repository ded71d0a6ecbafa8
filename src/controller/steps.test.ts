import { ConflictError } from "../core/errors.js";
import { FakeClock } from "../../test/support/fake-clock.js";
import { ResultKind, success, waiting, type ReconcileResult } from "./reconcile-result.js";
import { proceed, runSteps, stop, type Step } from "./steps.js";

interface Ctx {
  log: string[];
  clock: FakeClock;
}

function step(
  name: string,
  behave: (ctx: Ctx) => ReturnType<Step<Ctx>["run"]> = () => proceed,
  always = false,
): Step<Ctx> {
  return {
    name,
    always,
    run: (ctx, soFar) => {
      ctx.log.push(soFar ? `${name}(${soFar.kind})` : name);
      return behave(ctx);
    },
  };
}

function newCtx(): Ctx {
  return { log: [], clock: new FakeClock() };
}

describe("runSteps", () => {
  it("runs every step in order and succeeds", async () => {
    const ctx = newCtx();
    const run = await runSteps([step("load"), step("resolve"), step("status", undefined, true)], ctx);
    expect(ctx.log).toEqual(["load", "resolve", "status"]);
    expect(run.result).toEqual(success());
    expect(run.stoppedAt).toBeUndefined();
    expect(run.trace.map((t) => t.outcome)).toEqual(["continued", "continued", "continued"]);
  });

  it("stops early but still runs always-steps with the result so far", async () => {
    const ctx = newCtx();
    const run = await runSteps(
      [step("load", () => stop(waiting("NothingToDo"))), step("resolve"), step("status", undefined, true)],
      ctx,
    );
    expect(ctx.log).toEqual(["load", "status(waiting)"]);
    expect(run.stoppedAt).toBe("load");
    expect(run.result.kind).toBe(ResultKind.Waiting);
    expect(run.trace.map((t) => t.outcome)).toEqual(["stopped", "skipped", "continued"]);
  });

  it("maps a thrown error through its disposition", async () => {
    const ctx = newCtx();
    const run = await runSteps(
      [
        step("resolve", () => {
          throw new ConflictError("ImportCycle", "a:v1 → b:v2 → a:v1");
        }),
        step("compose"),
        step("status", undefined, true),
      ],
      ctx,
    );
    expect(run.result).toMatchObject({ kind: ResultKind.Terminal, reason: "ImportCycle" });
    expect(run.stoppedAt).toBe("resolve");
    expect(ctx.log).toEqual(["resolve", "status(terminal)"]);
  });

  it("lets a failing always-step override a success, but not an earlier error", async () => {
    const failingStatus = step(
      "status",
      () => {
        throw Object.assign(new Error("conflict"), { code: 409 });
      },
      true,
    );
    const ok = await runSteps([step("load"), failingStatus], newCtx());
    expect(ok.result).toMatchObject({ kind: ResultKind.Transient, reason: "Conflict" });
    expect(ok.stoppedAt).toBe("status");

    const earlier: ReconcileResult = {
      kind: ResultKind.Terminal,
      reason: "DuplicateCRD",
      error: new Error("dup"),
    };
    const failed = await runSteps([step("resolve", () => stop(earlier)), failingStatus], newCtx());
    expect(failed.result).toBe(earlier);
    expect(failed.stoppedAt).toBe("resolve");
  });

  it("times each step on the injected clock", async () => {
    const ctx = newCtx();
    const slow = step("resolve", async (c) => {
      const done = c.clock.advance(250);
      await done;
      return proceed;
    });
    const run = await runSteps([slow], ctx, { clock: ctx.clock });
    expect(run.trace[0]).toEqual({ step: "resolve", durationMs: 250, outcome: "continued" });
  });

  it("skips ordinary steps after shutdown but runs always-steps", async () => {
    const controller = new AbortController();
    const ctx = newCtx();
    await runSteps(
      [step("load", () => (controller.abort(), proceed)), step("resolve"), step("status", undefined, true)],
      ctx,
      { signal: controller.signal },
    );
    expect(ctx.log).toEqual(["load", "status"]);
  });
});
