// Choosing the runtime a composition is for: the flag, else the root Komposers' spec.runtime.version (all
// alike, and known), else detection from the generations the enabled CRD entries are written in.
import { InvalidInputError, UsageError } from "../errors.js";
import { parseDocument } from "../parse-document.js";
import { detectedTarget, detectGeneration } from "./detect.js";
import { chooseRuntimeTarget } from "./target.js";
import { effectiveCrd, komposerWithRuntime } from "../../../test/support/test-documents.js";

const komposer = (file: string, version?: string) =>
  parseDocument({ file, text: komposerWithRuntime(version) });

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("chooseRuntimeTarget", () => {
  it("takes the flag first, naming it in the summary, and refuses an unknown one as a usage error", () => {
    const target = chooseRuntimeTarget({ flag: "0.7.9", roots: [komposer("a.yaml", "0.7.18")], crds: [] });
    expect(target).toEqual({
      generation: 2,
      version: "0.7.9",
      source: "flag",
      summary: expect.stringMatching(/^runtime 0\.7\.9 \(--runtime-version\): Katalog schema generation 2 /),
    });
    const error = thrown(() => chooseRuntimeTarget({ flag: "9.9.9", roots: [], crds: [] }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^--runtime-version: runtime version 9\.9\.9 is not one Komposer knows/);
  });

  it("takes the Komposers' version when they agree", () => {
    const target = chooseRuntimeTarget({
      roots: [komposer("a.yaml", "0.7.5"), komposer("b.yaml", "0.7.5")],
      crds: [],
    });
    expect(target).toMatchObject({ generation: 1, version: "0.7.5", source: "komposer" });
    expect(target.summary).toMatch(
      /^runtime 0\.7\.5 \(spec\.runtime\.version\): Katalog schema generation 1 /,
    );
  });

  it("names every file, line and the other version when Komposers disagree", () => {
    const error = thrown(() =>
      chooseRuntimeTarget({ roots: [komposer("a.yaml", "0.7.5"), komposer("b.yaml", "0.7.18")], crds: [] }),
    ) as InvalidInputError;
    expect(error.reason).toBe("ConflictingRuntimeVersions");
    expect(error.problems).toEqual([
      {
        file: "a.yaml",
        line: 7,
        path: "spec.runtime.version",
        message: "asks for runtime 0.7.5, another file for 0.7.18; one bundle runs on one runtime",
        severity: "error",
      },
      {
        file: "b.yaml",
        line: 7,
        path: "spec.runtime.version",
        message: "asks for runtime 0.7.18, another file for 0.7.5; one bundle runs on one runtime",
        severity: "error",
      },
    ]);
  });

  it("refuses an unknown version in a Komposer at its line", () => {
    const error = thrown(() =>
      chooseRuntimeTarget({ roots: [komposer("a.yaml", "0.6.0")], crds: [] }),
    ) as InvalidInputError;
    expect(error.reason).toBe("UnknownRuntimeVersion");
    expect(error.problems[0]).toMatchObject({ file: "a.yaml", line: 7, path: "spec.runtime.version" });
  });

  it("detects from enabled entries only when no version is asked for", () => {
    const gen1 = { ...effectiveCrd("old"), written: [1] as (1 | 2 | 3)[] };
    const disabled = { ...effectiveCrd("off", { enabled: false }), written: [1] as (1 | 2 | 3)[] };
    const modern = { ...effectiveCrd("new"), written: [3] as (1 | 2 | 3)[] };
    expect(chooseRuntimeTarget({ roots: [komposer("a.yaml")], crds: [disabled] }).generation).toBe(3);
    expect(chooseRuntimeTarget({ roots: [komposer("a.yaml")], crds: [gen1, disabled] }).generation).toBe(1);
    expect(chooseRuntimeTarget({ roots: [], crds: [gen1, modern] })).toMatchObject({
      generation: 3,
      source: "detected",
    });
  });
});

describe("detection", () => {
  it("takes the newest generation every entry is written in, else the newest any is written in", () => {
    expect(detectGeneration([])).toBe(3);
    expect(
      detectGeneration([
        [1, 2],
        [2, 3],
      ]),
    ).toBe(2);
    expect(detectGeneration([[1], [2]])).toBe(2);
    expect(detectGeneration([[1, 2, 3], [1]])).toBe(1);
  });

  it("says why: nothing told the generations apart, or the entries are written in one", () => {
    expect(detectedTarget([[1, 2, 3]]).summary).toBe(
      "Katalog schema generation 3 (runtime 0.7.18+), detected (nothing in the entries tells a generation apart; the newest); pass --runtime-version or set spec.runtime.version to choose",
    );
    expect(detectedTarget([[1, 2, 3], [2]])).toMatchObject({
      generation: 2,
      version: "0.7.17",
      source: "detected",
      summary:
        "Katalog schema generation 2 (runtime 0.7.9–0.7.17), detected (the newest generation the entries are written in); pass --runtime-version or set spec.runtime.version to choose",
    });
  });
});
