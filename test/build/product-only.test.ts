// dist/ (and so the image) holds product code only: every file the build compiles is reachable from one of the
// two composition roots, and the built tree has no test file or test helper. Test helpers live in test/support/,
// generators in scripts/; a helper put back under src/ is unreachable from the roots and fails here.
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY_POINTS = ["src/cli/main.ts", "src/operator.ts"];
/** Names of the helpers that used to ship in dist; kept as a guard against one coming back under a new path. */
const TEST_HELPER_NAMES = /(^|\/)(fake-[^/]*|memory-fetcher|test-documents|help-doc|komposer-crd-yaml)\.js$/;

function buildConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(REPO, "tsconfig.build.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("tsconfig.build.json could not be read");
  return parsed;
}

/** Source files the two roots import, directly or not (static, type-only and dynamic imports alike). */
function reachableFromEntryPoints(options: ts.CompilerOptions): Set<string> {
  const program = ts.createProgram(
    ENTRY_POINTS.map((file) => join(REPO, file)),
    { ...options, noEmit: true },
  );
  return new Set(
    program
      .getSourceFiles()
      .map((file) => relative(REPO, file.fileName))
      .filter((file) => file.startsWith("src/")),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [relative(REPO, path)];
  });
}

describe("the build holds product code only", () => {
  const config = buildConfig();
  const compiled = config.fileNames.map((file) => relative(REPO, file));

  it("compiles no test file", () => {
    expect(compiled.filter((file) => file.endsWith(".test.ts"))).toEqual([]);
    expect(compiled).toEqual(expect.arrayContaining(ENTRY_POINTS));
  });

  it("compiles only files reachable from the CLI and the operator", () => {
    const reachable = reachableFromEntryPoints(config.options);
    // Move a file that only tests, benchmarks or scripts use to test/support/ or scripts/.
    expect(compiled.filter((file) => !reachable.has(file))).toEqual([]);
  });

  it("leaves no test file or test helper in dist after npm run build", () => {
    const dist = join(REPO, "dist");
    // `npm test` builds before running the suites; a missing dist is a broken set-up, never a pass.
    expect(existsSync(dist)).toBe(true);
    const built = filesUnder(dist).filter((file) => file.endsWith(".js"));
    expect(built).toEqual(expect.arrayContaining(["dist/cli/main.js", "dist/operator.js"]));
    expect(built.filter((file) => file.endsWith(".test.js") || TEST_HELPER_NAMES.test(file))).toEqual([]);
    // Every built file comes from a compiled source; `npm run build` starts from an empty dist.
    const expected = new Set(compiled.map((file) => file.replace(/^src\//, "dist/").replace(/\.ts$/, ".js")));
    expect(built.filter((file) => !expected.has(file))).toEqual([]);
  });
});
