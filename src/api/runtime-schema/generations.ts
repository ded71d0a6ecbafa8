// Upstream Orkestra's runtime releases and the Katalog schema generation each one decodes
// (upstream-schema.md §1). A version not listed here is refused with this list: guessing the layout of a
// runtime we have never seen would risk a bundle that crash-loops it.

export type GenerationNumber = 1 | 2 | 3;

export interface GenerationInfo {
  readonly generation: GenerationNumber;
  /** Runtime releases that decode this generation, oldest first. */
  readonly versions: readonly string[];
  /** e.g. "≤ 0.7.8". */
  readonly range: string;
  /** Where a CRD entry keeps its settings, for messages. */
  readonly summary: string;
}

const patchRange = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `0.7.${from + i}`);

export const GENERATIONS: readonly GenerationInfo[] = [
  {
    generation: 1,
    versions: patchRange(0, 8),
    range: "0.7.0–0.7.8",
    summary: "workers, resync and queue at CRD level; hooks under operatorBox.onCreate/onReconcile/onDelete",
  },
  {
    generation: 2,
    versions: patchRange(9, 17),
    range: "0.7.9–0.7.17",
    summary: "workers, resync and queue under operatorBox.reconciler; hooks under operatorBox.onCreate/…",
  },
  {
    generation: 3,
    versions: patchRange(18, 18),
    range: "0.7.18+",
    summary:
      "operatorBox.{observe, preReconcile, runtime, reconcile, emit}; hooks under operatorBox.reconcile.onCreate/…; admission.*",
  },
];

/**
 * Top-level blocks the runtime's serializer writes into katalog.yaml besides apiVersion, kind, metadata and
 * spec (upstream-schema.md §4): `security` always; the newest drops notification and providers; lifecycle,
 * policy, publish and crossAccess are never written. [V inrun serialize.go@2a00eb37; ork@eacb2604]
 */
export const PAYLOAD_BLOCKS: Readonly<Record<GenerationNumber, readonly string[]>> = {
  1: ["security", "gateway", "notification", "providers", "profiles", "notes"],
  2: ["security", "gateway", "notification", "providers", "profiles", "notes"],
  3: ["security", "gateway", "profiles", "notes"],
};

export const NEWEST_GENERATION: GenerationNumber = 3;
export const ALL_GENERATIONS: readonly GenerationNumber[] = [1, 2, 3];

/** The newest release of each generation: what a bundle for "generation N" is checked against. */
export function newestVersionOf(generation: GenerationNumber): string {
  const info = GENERATIONS.find((g) => g.generation === generation)!;
  return info.versions[info.versions.length - 1]!;
}

export function generationInfo(generation: GenerationNumber): GenerationInfo {
  return GENERATIONS.find((g) => g.generation === generation)!;
}

/** "generation 3 (runtime 0.7.18+)". */
export function describeGeneration(generation: GenerationNumber): string {
  return `generation ${generation} (runtime ${generationInfo(generation).range})`;
}

export const KNOWN_RUNTIME_VERSIONS: readonly string[] = GENERATIONS.flatMap((g) => g.versions);

/** Accepts `0.7.18` and `v0.7.18`. */
export const RUNTIME_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

export type RuntimeVersionLookup =
  { ok: true; version: string; generation: GenerationNumber } | { ok: false; message: string };

export function knownVersionsText(): string {
  return GENERATIONS.map((g) => `${g.range} (generation ${g.generation})`).join(", ");
}

/** The generation a runtime version decodes, or a message listing the known versions. */
export function lookupRuntimeVersion(text: string): RuntimeVersionLookup {
  const match = RUNTIME_VERSION_PATTERN.exec(text.trim());
  if (!match) {
    return {
      ok: false,
      message: `"${text}" is not a runtime version; write X.Y.Z, e.g. 0.7.18 (known: ${knownVersionsText()})`,
    };
  }
  const version = `${Number(match[1])}.${Number(match[2])}.${Number(match[3])}`;
  const info = GENERATIONS.find((g) => g.versions.includes(version));
  if (!info) {
    return {
      ok: false,
      message: `runtime version ${version} is not one Komposer knows the Katalog schema of (known: ${knownVersionsText()})`,
    };
  }
  return { ok: true, version, generation: info.generation };
}
