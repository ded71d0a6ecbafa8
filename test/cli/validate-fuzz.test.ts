// The CLI end of the parser fuzzing (issue 10): a few dozen hostile files (random bytes, random YAML, alias
// bombs, deep nesting, damaged and mutated example documents) through the built `ork validate`, as a user or a
// CI job would run it. Each run must end with exit 0 or 1 (valid / invalid input) — never 70, the internal-error
// code — and print no stack trace. FUZZ_SEED picks other files; FUZZ_RUNS sets how many.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { loadTestEnv } from "../env/state.js";
import { exampleDocuments, fuzzSettings, hostileInputs } from "../support/fuzz-inputs.js";
import { runOrk, type OrkResult } from "../support/ork-cli.js";

const settings = fuzzSettings(36);
const examples = exampleDocuments();

describe("ork validate on hostile files", () => {
  it(`ends every run with exit 0 or 1 and no stack trace (seed ${settings.seed})`, async () => {
    const work = mkdtempSync(join(loadTestEnv().workDir, "validate-fuzz-"));
    const inputs = fc.sample(hostileInputs(examples.objects, examples.texts), settings);
    const files = inputs.map((bytes, i) => {
      const file = `fuzz-${i}.yaml`;
      writeFileSync(join(work, file), bytes);
      return file;
    });
    const results: { file: string; args: string[]; result: OrkResult }[] = [];
    // Four at a time: the machine is shared, and each run is a fresh node process.
    for (let i = 0; i < files.length; i += 4) {
      await Promise.all(
        files.slice(i, i + 4).map(async (file, j) => {
          const args = [
            "validate",
            "-f",
            file,
            ...((i + j) % 2 === 0 ? ["--for-kubectl"] : ["--output", "json"]),
          ];
          results.push({ file, args, result: await runOrk(args, { cwd: work, timeoutMs: 60_000 }) });
        }),
      );
    }
    const bad = results.filter(
      ({ result }) =>
        ![0, 1].includes(result.code) || /internal error|\n\s+at .+:\d+:\d+/.test(result.stderr),
    );
    // On failure: the files stay in the work folder; the message says which and how they ended.
    expect(
      bad.map(
        ({ file, args, result }) =>
          `${join(work, file)} (${args.join(" ")}): exit ${result.code}\n${result.stderr}`,
      ),
    ).toEqual([]);
    expect(results).toHaveLength(settings.numRuns);
    // The inputs are not all refused at the door: some parse far enough to be valid or to have field problems.
    expect(
      results.some(({ result }) => /spec\.|metadata\.|apiVersion/.test(result.stderr + result.stdout)),
    ).toBe(true);
  });
});
