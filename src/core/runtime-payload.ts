// The katalog.yaml the runtime reads (docs/reference/bundle.md#the-katalog-configmap,
// docs/reference/runtime-generations.md): every enabled CRD converted from the newest layout to the target
// generation, stamped with its source, with the top-level blocks that generation's serializer writes — and
// checked against the target's complete field list before anything is written. A payload the target would
// refuse is an error naming the CRD, the path and where the field lives, never a bundle.
import { API_VERSION, Kind } from "../api/common.js";
import type { EffectiveCrd, EffectiveKatalog } from "../api/effective.js";
import {
  describeGeneration,
  NEWEST_GENERATION,
  PAYLOAD_BLOCKS,
  type GenerationNumber,
} from "../api/runtime-schema/generations.js";
import { movesBetween } from "../api/runtime-schema/moves.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { descriptionOf } from "../api/runtime-schema/index.js";
import { tokenAt } from "../api/runtime-schema/paths.js";
import { isEnabled, SOURCE_STAMPS, stampedEntry } from "./katalog-document.js";
import { applyMoves, netMoves } from "./runtime-schema/move-fields.js";
import { conflictError } from "./runtime-schema/newest-layout.js";
import { crdEntryProblems, payloadProblems } from "./runtime-schema/strict-problems.js";
import type { RuntimeTarget } from "./runtime-schema/detect.js";

/** A field of one CRD that is written somewhere else than the target keeps it. */
export interface FieldMove {
  crd: string;
  from: string;
  to: string;
}

export interface RuntimePayload {
  target: RuntimeTarget;
  /** The katalog.yaml document. */
  document: Record<string, unknown>;
  /** Per CRD entry, as the target receives it (stamped). */
  entries: ReadonlyMap<string, Record<string, unknown>>;
  /** Where fields were moved from what was written to where the target keeps them, sorted. */
  moves: FieldMove[];
}

export function buildRuntimePayload(effective: EffectiveKatalog, target: RuntimeTarget): RuntimePayload {
  const generation = target.generation;
  const toTarget = movesBetween(NEWEST_GENERATION, generation);
  const entries = new Map<string, Record<string, unknown>>();
  const moves: FieldMove[] = [];
  const problems: Problem[] = [];
  for (const crd of effective.crds.filter(isEnabled)) {
    const context = { file: crd.source.origin, prefix: ["spec", "crds", crd.key] };
    const converted = applyMoves(crd.entry, toTarget);
    if (converted.conflicts.length > 0)
      throw conflictError(converted.conflicts, context, describeGeneration(generation));
    const entry = withoutUnknownStamps(
      stampedEntry({ ...crd, entry: converted.entry as EffectiveCrd["entry"] }),
      generation,
    );
    problems.push(...crdEntryProblems(entry, generation, { ...context, locate: () => undefined }));
    entries.set(crd.key, entry);
    for (const [from, to] of netMoves(crd.moves, converted.applied)) moves.push({ crd: crd.key, from, to });
  }
  const document = katalogDocument(effective, entries, generation);
  const outside = { ...document, spec: { ...(document.spec as object), crds: {} } };
  problems.push(...payloadProblems(outside, generation, "the merged katalog.yaml"));
  if (problems.length > 0) {
    throw new InvalidInputError("IncompatibleWithRuntime", problems, {
      summary: `the merged katalog.yaml would be refused by the target runtime — ${target.summary}:`,
    });
  }
  return { target, document, entries, moves };
}

/** Generation 1 has no katalogName/… keys (its CRDEntry tags them `yaml:"-"`): stamp only what the target reads. */
function withoutUnknownStamps(
  entry: Record<string, unknown>,
  generation: GenerationNumber,
): Record<string, unknown> {
  const description = descriptionOf(generation);
  for (const stamp of SOURCE_STAMPS)
    if (tokenAt(description, description.crdEntry, [stamp]) === undefined) delete entry[stamp];
  return entry;
}

function katalogDocument(
  effective: EffectiveKatalog,
  entries: ReadonlyMap<string, Record<string, unknown>>,
  generation: GenerationNumber,
): Record<string, unknown> {
  const { name, version, description, author, license, tags } = effective.metadata;
  const metadata: Record<string, unknown> = { name, version, description, author, license, tags };
  const document: Record<string, unknown> = {
    apiVersion: API_VERSION,
    kind: Kind.Katalog,
    metadata,
    spec: { crds: Object.fromEntries(entries) },
    // upstream writes security always (no omitempty).
    security: {},
  };
  for (const block of PAYLOAD_BLOCKS[generation]) {
    const value = effective.blocks[block];
    if (value !== undefined && value !== null) document[block] = value;
  }
  return document;
}
