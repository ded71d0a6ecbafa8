import { ConflictError } from "../core/errors.js";
import { FakeClock } from "../../test/support/fake-clock.js";
import { ResultKind, success, waiting, type ReconcileResult } from "./reconcile-result.js";
import {
  abandon,
  Pipeline,
  proceed,
  stop,
  type FinalStep,
  type NoFacts,
  type Step,
  type StepOutcome,
} from "./steps.js";

interface Start {
  log: string[];
  clock: FakeClock;
}
interface Loaded {
  loaded: string;
}
interface Resolved {
  resolved: number;
}
type Reached = Start | (Start & Loaded) | (Start & Loaded & Resolved);

function step<In extends Start, Add>(
  name: string,
  behave: (input: In) => StepOutcome<Add> | Promise<StepOutcome<Add>>,
): Step<In, Add> {
  return {
    name,
    run: (input) => {
      input.log.push(name);
      return behave(input);
    },
  };
}

const load = (behave?: () => StepOutcome<Loaded>) =>
  step<Start, Loaded>("load", () => behave?.() ?? proceed({ loaded: "k" }));
const resolve = (behave?: (input: Start & Loaded) => StepOutcome<Resolved>) =>
  step<Start & Loaded, Resolved>("resolve", (input) => behave?.(input) ?? proceed({ resolved: 2 }));

/** A final step that records what it was given: the facts it can see and the result so far. */
function final(name: string, fail?: () => never): FinalStep<Reached> {
  return {
    name,
    run: (reached, soFar) => {
      const facts = ["loaded" in reached ? "loaded" : "", "resolved" in reached ? "resolved" : ""];
      reached.log.push(`${name}(${soFar.result?.kind ?? "-"};${facts.filter(Boolean).join(",")})`);
      fail?.();
    },
  };
}

const start = (): Start => ({ log: [], clock: new FakeClock() });

describe("Pipeline", () => {
  it("runs every step in order, passing each the facts the earlier ones added", async () => {
    const s = start();
    let seen: (Start & Loaded) | undefined;
    const run = await Pipeline.startingWith<Start>()
      .then(load())
      .then(resolve((input) => ((seen = input), proceed({ resolved: 2 }))))
      .finally(final("status"))
      .run(s);
    expect(seen?.loaded).toBe("k");
    expect(s.log).toEqual(["load", "resolve", "status(-;loaded,resolved)"]);
    expect(run.result).toEqual(success());
    expect(run.stoppedAt).toBeUndefined();
    expect(run.reached).toMatchObject({ loaded: "k", resolved: 2 });
    expect(run.trace.map((t) => t.outcome)).toEqual(["continued", "continued", "continued"]);
  });

  it("rejects at compile time a step placed before the one establishing its input", () => {
    const pipeline = Pipeline.startingWith<Start>();
    // @ts-expect-error resolve needs Loaded, which no earlier step added.
    pipeline.then(resolve());
    expect(pipeline.then(load()).then(resolve()).stepNames).toEqual(["load", "resolve"]);
  });

  it("stops early but still runs final steps with the result and the facts so far", async () => {
    const s = start();
    const run = await Pipeline.startingWith<Start>()
      .then(load())
      .then(resolve(() => stop(waiting("NothingToDo"))))
      .then(step<Start & Resolved, NoFacts>("after", () => proceed({})))
      .finally(final("status"))
      .run(s);
    expect(s.log).toEqual(["load", "resolve", "status(waiting;loaded)"]);
    expect(run.stoppedAt).toBe("resolve");
    expect(run.result.kind).toBe(ResultKind.Waiting);
    expect(run.trace.map((t) => t.outcome)).toEqual(["continued", "stopped", "skipped", "continued"]);
  });

  it("keeps the facts a stopping step observed", async () => {
    const s = start();
    const run = await Pipeline.startingWith<Start>()
      .then(load())
      .then(resolve(() => stop(waiting("RollingOut"), { resolved: 7 })))
      .finally(final("status"))
      .run(s);
    expect(s.log).toEqual(["load", "resolve", "status(waiting;loaded,resolved)"]);
    expect(run.reached).toMatchObject({ resolved: 7 });
  });

  it("abandons without running final steps", async () => {
    const s = start();
    const run = await Pipeline.startingWith<Start>()
      .then(load(() => abandon("gone")))
      .then(resolve())
      .finally(final("status"))
      .run(s);
    expect(s.log).toEqual(["load"]);
    expect(run.abandoned).toBe("gone");
    expect(run.trace.map((t) => t.outcome)).toEqual(["abandoned", "skipped", "skipped"]);
  });

  it("maps a thrown error through its disposition and marks the step failed", async () => {
    const s = start();
    let failed: boolean | undefined;
    const run = await Pipeline.startingWith<Start>()
      .then(
        load(() => {
          throw new ConflictError("ImportCycle", "a:v1 → b:v2 → a:v1");
        }),
      )
      .then(resolve())
      .finally({ name: "status", run: (_, soFar) => void (failed = soFar.failed) })
      .run(s);
    expect(run.result).toMatchObject({ kind: ResultKind.Terminal, reason: "ImportCycle" });
    expect(run.stoppedAt).toBe("load");
    expect(failed).toBe(true);
    expect(s.log).toEqual(["load"]);
  });

  it("lets a failing final step override a success, but not an earlier error", async () => {
    const failingStatus = final("status", () => {
      throw Object.assign(new Error("conflict"), { code: 409 });
    });
    const ok = await Pipeline.startingWith<Start>().then(load()).finally(failingStatus).run(start());
    expect(ok.result).toMatchObject({ kind: ResultKind.Transient, reason: "Conflict" });
    expect(ok.stoppedAt).toBe("status");

    const earlier: ReconcileResult = {
      kind: ResultKind.Terminal,
      reason: "DuplicateCRD",
      error: new Error("dup"),
    };
    const failed = await Pipeline.startingWith<Start>()
      .then(load(() => stop(earlier)))
      .finally(failingStatus)
      .run(start());
    expect(failed.result).toBe(earlier);
    expect(failed.stoppedAt).toBe("load");
  });

  it("times each step on the injected clock", async () => {
    const s = start();
    const slow = step<Start, NoFacts>("resolve", async (input) => {
      await input.clock.advance(250);
      return proceed({});
    });
    const run = await Pipeline.startingWith<Start>().then(slow).run(s, { clock: s.clock });
    expect(run.trace[0]).toEqual({ step: "resolve", durationMs: 250, outcome: "continued" });
  });

  it("skips ordinary steps after shutdown but runs final steps", async () => {
    const controller = new AbortController();
    const s = start();
    await Pipeline.startingWith<Start>()
      .then(load(() => (controller.abort(), proceed({ loaded: "k" }))))
      .then(resolve())
      .finally(final("status"))
      .run(s, { signal: controller.signal });
    expect(s.log).toEqual(["load", "status(-;loaded)"]);
  });
});
