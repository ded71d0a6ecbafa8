// A Jest test sequencer for mutation runs only (jest.unit.config.js, which only StrykerJS reads). Stryker runs
// each mutant with a test-name pattern naming the tests that cover it, but Jest still loads every test file it
// was given, and loading a test file is most of a mutant's cost (reference.ts is imported by almost every
// test file). A test file none of whose tests match the pattern would only report skipped tests, so leaving
// it out changes no result. The full-name → file index comes from the first run without a pattern (Stryker's
// dry run); without an index, or for a pattern that matches no indexed name, every file runs as before.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import DefaultSequencer from "@jest/test-sequencer";

const Base = DefaultSequencer.default ?? DefaultSequencer;
const INDEX_FILE = ".mutation-test-index.json";

export default class CoveringFilesSequencer extends Base {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
    this.rootDir = options.contexts[0]?.config.rootDir ?? process.cwd();
  }

  sort(tests) {
    const sorted = super.sort(tests);
    if (!this.pattern) return sorted;
    const index = readIndex(join(this.rootDir, INDEX_FILE));
    if (index === undefined) return sorted;
    // Jest matches test names case-insensitively.
    const pattern = new RegExp(this.pattern, "i");
    const wanted = new Set();
    for (const [fullName, files] of Object.entries(index)) {
      if (pattern.test(fullName)) for (const file of files) wanted.add(file);
    }
    if (wanted.size === 0) return sorted;
    return sorted.filter((test) => wanted.has(test.path));
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    if (this.pattern) return;
    writeIndexOnce(join(this.rootDir, INDEX_FILE), indexOf(results));
  }
}

/** Full test name → the files holding a test of that name. */
export function indexOf(results) {
  const index = {};
  for (const file of results.testResults) {
    for (const test of file.testResults) (index[test.fullName] ??= []).push(file.testFilePath);
  }
  return index;
}

/**
 * Only the first run without a pattern writes the index: that is the dry run, which runs every test related
 * to the chunk. A static mutant is also run without a pattern, but only over the tests related to its own
 * file; letting that run replace the index left out other files' tests, so later mutants ran without them
 * and survived (yaml-structure.ts lost 47 mutants that its own tests kill).
 */
export function writeIndexOnce(path, index) {
  try {
    writeFileSync(path, JSON.stringify(index), { flag: "wx" });
  } catch (error) {
    if (error?.code !== "EEXIST") throw error;
  }
}

function readIndex(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}
