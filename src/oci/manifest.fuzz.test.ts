// Fuzzing the OCI manifest parser (issue 10): a registry's manifest is untrusted JSON. Random bytes, random JSON
// and manifest-shaped documents with random fields (sizes of every type, hostile titles, nested indexes, huge
// arrays) either parse into a manifest whose files can be listed, or fail with a RegistryError (exit 3), never
// with a TypeError or RangeError (exit 70). Replay with FUZZ_SEED; FUZZ_RUNS for a longer run.
import fc from "fast-check";
import { fuzzSettings } from "../../test/support/fuzz-inputs.js";
import { RegistryError } from "../core/errors.js";
import { filesOf, parseManifestDocument, selectArtifactManifest } from "./manifest.js";
import { MediaType } from "./media-types.js";

const MiB = 1024 * 1024;
const settings = fuzzSettings(600);
const what = "oci://fuzz.example/r:v1";

const anything = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
// Each field is usually well-formed, so whole documents often get past the checks and reach the listing of
// files; the rest of the time it is anything at all.
const mostly = <T>(valid: fc.Arbitrary<T>, ...odd: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ weight: 8, arbitrary: valid }, ...odd.map((a) => ({ weight: 1, arbitrary: a })));
const mediaType = mostly(
  fc.constantFrom(...Object.values(MediaType)),
  fc.string({ maxLength: 12 }),
  anything,
);
const digest = mostly(
  fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
  fc.constantFrom("sha256:", "sha256:../../etc", "md5:x", ""),
  fc.string({ maxLength: 20 }),
  anything,
);
const size = mostly(
  fc.nat(),
  fc.constantFrom(-1, 2 ** 53, Number.MAX_VALUE, 0.5, Number.NaN, "12", null),
  anything,
);
const title = mostly(
  fc.string({ minLength: 1, maxLength: 16 }),
  fc.constantFrom(
    "../x",
    "/etc/passwd",
    "a/../../b",
    "a\\b",
    "a\u0000b",
    "\u001b]0;pwned\u0007",
    ".",
    "a//b",
    "",
  ),
  fc.string({ unit: "binary", maxLength: 16 }),
);
const annotations = fc.oneof(
  fc.record({ "org.opencontainers.image.title": title }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), anything)),
  anything,
);
// Absent fields come from `anything` (undefined is dropped by JSON.stringify); annotations are often absent.
const descriptor = mostly(
  fc.record(
    { mediaType, digest, size, annotations: fc.oneof(annotations, fc.constant(undefined)) },
    { requiredKeys: ["mediaType", "digest", "size"] },
  ),
  anything,
);
const manifestShaped = fc.record({
  schemaVersion: mostly(fc.constant(2), anything),
  mediaType: fc.oneof(mediaType, fc.constant(undefined)),
  artifactType: mostly(fc.constant(MediaType.pattern), anything),
  config: descriptor,
  layers: mostly(fc.array(descriptor, { maxLength: 8 }), anything),
  manifests: fc.oneof(fc.constant(undefined), fc.array(descriptor, { maxLength: 4 }), anything),
  annotations: fc.oneof(annotations, fc.constant(undefined)),
});

const enc = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? "");
const inputs = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 1_024 }) },
  { weight: 2, arbitrary: fc.jsonValue().map(enc) },
  { weight: 6, arbitrary: manifestShaped.map(enc) },
  // Many layers, each with the same title or a distinct one: the duplicate check and the listing at scale.
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean()).map(([n, same]) =>
      enc({
        schemaVersion: 2,
        config: { mediaType: MediaType.pattern, digest: `sha256:${"a".repeat(64)}`, size: 2 },
        layers: Array.from({ length: n }, (_, i) => ({
          mediaType: MediaType.octetStream,
          digest: `sha256:${"b".repeat(64)}`,
          size: i,
          annotations: { "org.opencontainers.image.title": same ? "x" : `f${i}` },
        })),
      }),
    ),
  },
);

/** Parses like the fetcher does: the document, then the index's artifact or the manifest's files. */
function parseLikeTheFetcher(bytes: Uint8Array, contentType: string | undefined): void {
  const doc = parseManifestDocument(bytes, contentType, what);
  if (doc.kind === "index") selectArtifactManifest(doc.index, what);
  else filesOf(doc.manifest, what);
}

describe("OCI manifest parser under fuzzing", () => {
  it("a manifest-shaped input parses at all (the generator reaches past the JSON checks)", () => {
    const parsed = fc
      .sample(manifestShaped.map(enc), { seed: settings.seed, numRuns: 2_000 })
      .filter((bytes) => {
        try {
          parseLikeTheFetcher(bytes, MediaType.ociManifest);
          return true;
        } catch {
          return false;
        }
      });
    // About 8% of 2,000 with the default seed: enough documents get through parsing and the listing of files
    // for the property below to exercise them, not only the early refusals.
    expect(parsed.length).toBeGreaterThan(100);
  });

  it("fails only with RegistryErrors, with bounded heap growth", () => {
    const start = process.memoryUsage().heapUsed;
    let peak = start;
    fc.assert(
      fc.property(
        inputs,
        fc.oneof(
          mediaType.filter((m): m is string => typeof m === "string"),
          fc.constant(undefined),
        ),
        (bytes, type) => {
          try {
            parseLikeTheFetcher(bytes, type);
          } catch (error) {
            if (!(error instanceof RegistryError)) {
              const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
              throw new Error(`untyped failure (would be exit 70): ${detail}`);
            }
          }
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      ),
      { ...settings, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
    expect(peak - start).toBeLessThan(256 * MiB);
  });
});
