// Fuzzing the Komposer and Katalog parsers (issue 10): whatever bytes arrive — random, random YAML with anchors,
// aliases, deep nesting, huge keys and control characters, or a real document with a random subtree — parsing
// either succeeds or fails with the product's own typed error (an InvalidInputError, exit 1), never a TypeError
// or RangeError (exit 70 with a stack trace), and the heap stays bounded. Replay a failure with the FUZZ_SEED
// fast-check prints; FUZZ_RUNS=5000 for a longer run.
import { inspect } from "node:util";
import fc from "fast-check";
import {
  aliasBomb,
  deepYaml,
  exampleDocuments,
  fuzzSettings,
  hostileInputs,
} from "../../test/support/fuzz-inputs.js";
import { isKomposerError } from "./errors.js";
import { parseKatalog, parseKomposer, validateDocument } from "./parse-document.js";

const MiB = 1024 * 1024;
/** Headroom for the heap over the whole run; one 8 MiB document parsed costs well under this. */
const HEAP_GROWTH_CAP = 256 * MiB;

const examples = exampleDocuments();
const settings = fuzzSettings(400);

/** Runs `parse`; any throw that is not one of the product's errors is returned as the failure. */
function unexpectedThrow(parse: () => unknown): unknown {
  try {
    parse();
    return undefined;
  } catch (error) {
    return isKomposerError(error) ? undefined : error;
  }
}

function checkAllParsers(bytes: Uint8Array): void {
  const file = "fuzz.yaml";
  // validateDocument reports, it never throws; the parse* functions throw InvalidInputError only.
  for (const parse of [
    () => validateDocument({ file, text: bytes }),
    () => parseKatalog({ file, text: bytes }),
    () => parseKomposer({ file, text: bytes }),
  ]) {
    const error = unexpectedThrow(parse);
    if (error !== undefined) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
      throw new Error(`untyped failure (would be exit 70): ${detail}`);
    }
  }
}

describe("Komposer and Katalog parsers under fuzzing", () => {
  it("the seeds parse (the mutations start from valid documents)", () => {
    for (const text of examples.texts) expect(validateDocument({ file: "seed.yaml", text }).ok).toBe(true);
  });

  it("fail only with typed errors, with bounded heap growth", () => {
    let peak = process.memoryUsage().heapUsed;
    const start = peak;
    fc.assert(
      fc.property(hostileInputs(examples.objects, examples.texts), (bytes) => {
        checkAllParsers(bytes);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }),
      { ...settings, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
    expect(peak - start).toBeLessThan(HEAP_GROWTH_CAP);
  });

  it("refuse deep nesting and alias bombs as input problems, not crashes", () => {
    fc.assert(
      fc.property(fc.oneof(deepYaml, aliasBomb), (text) => {
        const result = validateDocument({ file: "bomb.yaml", text });
        expect(result.ok).toBe(false);
        checkAllParsers(new TextEncoder().encode(text));
      }),
      { ...settings, numRuns: Math.min(settings.numRuns, 40) },
    );
  });
});
