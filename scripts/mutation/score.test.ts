import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesByChunk, hasRuntimeCode, scoredFiles } from "./chunks.js";
import { scoreArea, scoreFile, type MutantStatus, type MutationReport, type ReportMutant } from "./score.js";

const mutant = (status: MutantStatus, line = 1): ReportMutant => ({
  id: String(line),
  mutatorName: "ConditionalExpression",
  status,
  location: { start: { line, column: 1 } },
});

describe("mutation score", () => {
  it("counts killed and timed-out as detected, survivors and uncovered against, invalid mutants not at all", () => {
    const score = scoreFile("a.ts", [
      mutant("Killed"),
      mutant("Timeout"),
      mutant("Killed"),
      mutant("Survived", 7),
      mutant("NoCoverage", 9),
      mutant("CompileError"),
      mutant("RuntimeError"),
      mutant("Ignored"),
    ]);
    expect(score).toMatchObject({ detected: 3, undetected: 2, invalid: 3, score: 60 });
    expect(score.survivors.map((m) => m.location.start.line)).toEqual([7, 9]);
  });

  it("has no score for a file without valid mutants", () => {
    expect(scoreFile("types.ts", [mutant("CompileError")]).score).toBeUndefined();
  });

  it("adds up files from several chunk reports and names files without a result", () => {
    const reports: MutationReport[] = [
      { files: { "src/core/a.ts": { mutants: [mutant("Killed"), mutant("Survived")] } } },
      { files: { "src/core/b.ts": { mutants: [mutant("Killed"), mutant("Killed")] } } },
    ];
    const { total, missing } = scoreArea(["src/core/a.ts", "src/core/b.ts", "src/core/c.ts"], reports);
    expect(total).toMatchObject({ detected: 3, undetected: 1, score: 75 });
    expect(missing).toEqual(["src/core/c.ts"]);
  });
});

describe("mutation chunks", () => {
  it("puts every source file in exactly one chunk, the rest of an area in its last chunk", () => {
    const files = {
      "src/core": [
        "src/core/plan.ts",
        "src/core/rbac.ts",
        "src/core/brand-new.ts",
        "src/core/runtime-schema/detect.ts",
      ],
      "src/oci": ["src/oci/fetcher.ts"],
    };
    const chunks = filesByChunk(files);
    const all = [...chunks.values()].flat();
    expect(all.sort()).toEqual([...files["src/core"], ...files["src/oci"]].sort());
    expect(chunks.get("core-reference-plan")).toEqual(["src/core/plan.ts"]);
    expect(chunks.get("core-rest")).toEqual(["src/core/brand-new.ts"]);
    expect(chunks.get("oci")).toEqual(["src/oci/fetcher.ts"]);
  });
});

describe("scored files", () => {
  it("scores every file of an area with a catch-all chunk, and only the named ones otherwise", () => {
    expect(scoredFiles("src/oci", ["src/oci/a.ts", "src/oci/b.ts"])).toEqual([
      "src/oci/a.ts",
      "src/oci/b.ts",
    ]);
    expect(
      scoredFiles("src/controller", [
        "src/controller/manager.ts",
        "src/controller/reconcile-result.ts",
        "src/controller/komposer/conditions.ts",
      ]),
    ).toEqual(["src/controller/reconcile-result.ts", "src/controller/komposer/conditions.ts"]);
  });
});

describe("hasRuntimeCode", () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "runtime-code-")), "f.ts");
    writeFileSync(path, text);
    return path;
  };

  it("is false for a file of types and interfaces only, and true as soon as something runs", () => {
    expect(hasRuntimeCode(file("export interface A { a: string }\nexport type B = A | number;\n"))).toBe(
      false,
    );
    expect(hasRuntimeCode(file('import type { A } from "./a.js";\nexport type { A };\n'))).toBe(false);
    expect(hasRuntimeCode(file("export const a = 1;\n"))).toBe(true);
    expect(hasRuntimeCode(file("export function f(): void {}\n"))).toBe(true);
  });
});
