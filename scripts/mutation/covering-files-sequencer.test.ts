// The covering-files index: written once, by the dry run, and never replaced by a later run over fewer files.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: a plain ES module without types; Jest loads it, only StrykerJS uses it.
import { indexOf, writeIndexOnce } from "./covering-files-sequencer.mjs";

const results = (files: Record<string, string[]>) => ({
  testResults: Object.entries(files).map(([testFilePath, names]) => ({
    testFilePath,
    testResults: names.map((fullName) => ({ fullName })),
  })),
});

describe("the covering-files index", () => {
  it("maps each full test name to every file that has a test of that name", () => {
    expect(indexOf(results({ "/a.test.ts": ["x", "y"], "/b.test.ts": ["y"] }))).toEqual({
      x: ["/a.test.ts"],
      y: ["/a.test.ts", "/b.test.ts"],
    });
  });

  it("keeps the first index written: a static mutant's narrower run must not replace the dry run's", () => {
    const path = join(mkdtempSync(join(tmpdir(), "index-")), "index.json");
    (writeIndexOnce as (p: string, i: object) => void)(path, { a: ["/a.test.ts"], b: ["/b.test.ts"] });
    (writeIndexOnce as (p: string, i: object) => void)(path, { a: ["/a.test.ts"] });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ a: ["/a.test.ts"], b: ["/b.test.ts"] });
  });
});
