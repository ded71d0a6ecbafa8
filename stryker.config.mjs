// Mutation testing (`npm run test:mutation`, scripts/mutation-test.ts): StrykerJS makes small deliberate bugs
// in src/core and src/oci and runs the unit tests that cover each; a mutant no test notices "survives". The
// script runs Stryker one chunk of files at a time (scripts/mutation/chunks.ts) with an incremental result per
// chunk under test/mutation/, and adds the chunks up to one score per area; the threshold lives there too.
// Not part of .ci/run: on two cores a mutant costs 2-5 s (Jest loads every test file related to the mutated
// file), and src/core alone is about 4,000 mutants.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  testRunnerNodeArgs: ["--experimental-vm-modules"],
  jest: { projectType: "custom", configFile: "jest.unit.config.js", enableFindRelatedTests: true },
  checkers: ["typescript"],
  // The checker type-checks src without tests: a mutant that does not compile never reaches a test, and the
  // smaller program keeps each check short.
  tsconfigFile: "tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // What a bare `npx stryker run` mutates; scripts/mutation-test.ts passes each chunk's files instead.
  mutate: ["src/core/**/*.ts", "!src/core/**/*.test.ts"],
  coverageAnalysis: "perTest",
  // A mutant in module-level code (a regex constant, a table) is "static": it takes effect when the module
  // loads, so no single test can be said to cover it, and Stryker runs every related test for it. Ignoring
  // them would leave the grammar regexes of reference.ts untested; worse, a module loaded lazily inside a test
  // attributes its load-time code to that one test, and those mutants would survive against it alone.
  ignoreStatic: false,
  // Two checkers and two test runners on two cores: each alone leaves a core partly idle while it waits.
  concurrency: 4,
  // Jest's ESM loader keeps every module graph it linked; a runner grows to 2 GB in a few minutes and slows down.
  maxTestRunnerReuse: 40,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: "test/mutation/manual.json",
  // The covering-files index belongs to one sandbox: a copy left in the project would stand for the dry run.
  ignorePatterns: ["dist", "reports", "bench", "test/mutation", ".mutation-test-index.json"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The per-area threshold is enforced by scripts/mutation-test.ts over all chunks; one chunk alone says little.
  thresholds: { high: 90, low: 85, break: null },
};
