// Which runtime generation a composition targets (docs/reference/runtime-generations.md#choosing-the-target).
// An explicit runtime version decides. Otherwise each CRD entry is ranked by how many fields each generation
// would refuse: the generations with the fewest are the ones it is written in (an entry with only apiTypes
// fits all three). Entries that share a generation all fit it without conversion, so the newest shared one
// wins; entries that disagree take the newest any of them is written in, and the others are converted; when
// nothing tells, the newest generation.
import {
  ALL_GENERATIONS,
  describeGeneration,
  lookupRuntimeVersion,
  NEWEST_GENERATION,
  newestVersionOf,
  type GenerationNumber,
} from "../../api/runtime-schema/generations.js";
import { countUnknownFields } from "./strict-problems.js";

export type TargetSource = "flag" | "komposer" | "detected";

export interface RuntimeTarget {
  generation: GenerationNumber;
  /** The runtime version asked for, or the newest release of the detected generation. */
  version: string;
  source: TargetSource;
  /** One line for stderr, status and logs. */
  summary: string;
}

/** The generations an entry is written in: those that know the most of its fields. */
export function generationsOf(entry: unknown): GenerationNumber[] {
  const counts = ALL_GENERATIONS.map((g) => ({ g, n: countUnknownFields(entry, g) }));
  const fewest = Math.min(...counts.map((c) => c.n));
  return counts.filter((c) => c.n === fewest).map((c) => c.g);
}

/** The target when no version is given, from the generations each entry is written in. */
export function detectGeneration(written: readonly (readonly GenerationNumber[])[]): GenerationNumber {
  if (written.length === 0) return NEWEST_GENERATION;
  const shared = ALL_GENERATIONS.filter((g) => written.every((gens) => gens.includes(g)));
  if (shared.length > 0) return shared[shared.length - 1]!;
  return Math.max(...written.map((gens) => Math.max(...gens))) as GenerationNumber;
}

export function explicitTarget(
  version: string,
  source: Exclude<TargetSource, "detected">,
): { ok: true; target: RuntimeTarget } | { ok: false; message: string } {
  const found = lookupRuntimeVersion(version);
  if (!found.ok) return found;
  const by = source === "flag" ? "--runtime-version" : "spec.runtime.version";
  return {
    ok: true,
    target: {
      generation: found.generation,
      version: found.version,
      source,
      summary: `runtime ${found.version} (${by}): Katalog schema ${describeGeneration(found.generation)}`,
    },
  };
}

export function detectedTarget(written: readonly (readonly GenerationNumber[])[]): RuntimeTarget {
  const generation = detectGeneration(written);
  const fitsAll = written.every((gens) => gens.length === ALL_GENERATIONS.length);
  const why = fitsAll
    ? "nothing in the entries tells a generation apart; the newest"
    : "the newest generation the entries are written in";
  return {
    generation,
    version: newestVersionOf(generation),
    source: "detected",
    summary:
      `Katalog schema ${describeGeneration(generation)}, detected (${why}); ` +
      `pass --runtime-version or set spec.runtime.version to choose`,
  };
}
