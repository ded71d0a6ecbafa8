// docs/troubleshooting.md explains every condition reason users can meet. The reasons come from the code: the
// closed unions in src/core/errors.ts, every literal reason given to InvalidInputError in src/, and the
// operator's own condition reasons listed here. A new reason without a line in the guide fails this test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const guide = readFileSync(join(REPO, "docs", "troubleshooting.md"), "utf8");

/** Reasons the operator sets on conditions beyond the error classes (spec §5.3). */
const operatorReasons = [
  "ResolveFailed",
  "RestartPending",
  "TokenWaiting",
  "RuntimeFound=False",
  "Suspended",
];
/** Reasons that never reach a user as a condition or a troubleshooting question. */
const notUserFacing = new Set(["Usage"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function errorClassReasons(): string[] {
  const errors = readFileSync(join(REPO, "src", "core", "errors.ts"), "utf8");
  const reasons = new Set<string>();
  // `readonly reason: | "A" | "B"` unions, and `readonly reason = "X"` constants.
  for (const union of errors.matchAll(/readonly reason:\s*((?:\|?\s*"[A-Za-z]+"\s*)+)/g)) {
    for (const literal of union[1]!.matchAll(/"([A-Za-z]+)"/g)) reasons.add(literal[1]!);
  }
  // Constant reasons anywhere in src (an adapter's own error, e.g. src/kube's ApiResponseTooLarge).
  for (const file of sourceFiles(join(REPO, "src"))) {
    for (const constant of readFileSync(file, "utf8").matchAll(/readonly reason = "([A-Za-z]+)"/g))
      reasons.add(constant[1]!);
  }
  return [...reasons];
}

function invalidInputReasons(): string[] {
  const reasons = new Set<string>();
  for (const file of sourceFiles(join(REPO, "src"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/new InvalidInputError\(\s*"([A-Za-z]+)"/g))
      reasons.add(m[1]!);
  }
  return [...reasons];
}

describe("docs/troubleshooting.md", () => {
  it("finds the reasons it checks (the parsers still match the code)", () => {
    expect(errorClassReasons()).toEqual(
      expect.arrayContaining([
        "DuplicateCRD",
        "RegistryUnavailable",
        "RBACCeilingExceeded",
        "NamespaceTaken",
        "ApiResponseTooLarge",
      ]),
    );
    expect(invalidInputReasons()).toEqual(expect.arrayContaining(["InvalidReference", "InvalidOverride"]));
  });

  it.each(
    [...new Set([...errorClassReasons(), ...operatorReasons])].filter((r) => !notUserFacing.has(r)).sort(),
  )("has a section for %s", (reason) => {
    expect(guide).toContain(`\n### ${reason}\n`);
  });

  it.each([...new Set(invalidInputReasons())].sort())("explains the input reason %s", (reason) => {
    expect(guide).toMatch(new RegExp(`(### ${reason}\\n|\`${reason}\`)`));
  });
});
