// Strict validation of CRD entries and payloads against one runtime generation, with messages that say what
// to do: an unknown field names its path and, when the field only lives elsewhere in this generation (it
// moved) or only in another generation, says where; a near-miss key (`configmaps`) names the real one.
import type { z } from "zod";
import type { SchemaDescription } from "../../api/runtime-schema/description.js";
import {
  ALL_GENERATIONS,
  describeGeneration,
  type GenerationNumber,
} from "../../api/runtime-schema/generations.js";
import { movesBetween } from "../../api/runtime-schema/moves.js";
import { keysAt, tokenAt } from "../../api/runtime-schema/paths.js";
import { descriptionOf } from "../../api/runtime-schema/index.js";
import { strictSchemasOf } from "../../api/runtime-schema/to-zod.js";
import type { Problem } from "../errors.js";
import { formatPath, isPlainObject, valueAt, type FieldPath } from "../field-path.js";
import { defaultErrorMessage, problemAt, problemsFromIssues } from "../schema-problems.js";
import type { Locator } from "../yaml-source.js";
import { movedPath } from "./move-fields.js";

export interface StrictCheckContext {
  file: string;
  locate: Locator;
  /** Where the checked value sits in its document, e.g. ["spec", "crds", "webapp"]. */
  prefix: FieldPath;
  severity?: Problem["severity"];
  /** Severity of unknown fields only (default: `severity`); values the generation refuses keep `severity`. */
  unknownSeverity?: Problem["severity"];
}

const noLines: Locator = () => undefined;

/** Problems of one CRD entry against a generation (empty: the runtime decodes it). */
export function crdEntryProblems(
  entry: unknown,
  generation: GenerationNumber,
  context: StrictCheckContext,
): Problem[] {
  const description = descriptionOf(generation);
  const schema = strictSchemasOf(description).crdEntry;
  return problemsAgainst(schema, entry, generation, description, description.crdEntry, context);
}

/** Problems of a whole katalog.yaml payload against a generation. */
export function payloadProblems(payload: unknown, generation: GenerationNumber, file: string): Problem[] {
  const description = descriptionOf(generation);
  const schema = strictSchemasOf(description).document;
  return problemsAgainst(schema, payload, generation, description, description.document, {
    file,
    locate: noLines,
    prefix: [],
  });
}

/**
 * How many fields of an entry a generation does not know: what detection ranks generations by. Only the layout
 * counts (a wrong value, e.g. `workers: 0`, says nothing about the generation it is written for).
 */
export function countUnknownFields(entry: unknown, generation: GenerationNumber): number {
  const result = strictSchemasOf(descriptionOf(generation)).crdEntry.safeParse(withoutPrototypes(entry));
  if (result.success) return 0;
  return result.error.issues.reduce(
    (n, issue) => n + (issue.code === "unrecognized_keys" ? issue.keys.length : 0),
    0,
  );
}

function problemsAgainst(
  schema: z.ZodType,
  value: unknown,
  generation: GenerationNumber,
  description: SchemaDescription,
  root: string,
  context: StrictCheckContext,
): Problem[] {
  const result = schema.safeParse(withoutPrototypes(value), { error: defaultErrorMessage });
  if (result.success) return [];
  const severity = context.severity ?? "error";
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code !== "unrecognized_keys") {
      problems.push(
        ...problemsFromIssues([issue], {
          file: context.file,
          locate: context.locate,
          value,
          prefix: context.prefix,
        }).map((p) => ({ ...p, severity })),
      );
      continue;
    }
    for (const key of issue.keys) {
      const path = [...(issue.path as FieldPath), key];
      const message = unknownFieldMessage(path, valueAt(value, path), generation, description, root);
      problems.push(problemAt(context, path, message, context.unknownSeverity ?? severity));
    }
  }
  return problems;
}

function unknownFieldMessage(
  path: FieldPath,
  value: unknown,
  generation: GenerationNumber,
  description: SchemaDescription,
  root: string,
): string {
  const target = describeGeneration(generation);
  const head = `field "${String(path[path.length - 1])}" is not known to ${target}`;
  const keyPath = path.filter((s): s is string => typeof s === "string");
  const moved = moveHints(keyPath, generation, description, root);
  if (moved.direct !== undefined) return `${head}; ${moved.direct}`;
  const elsewhere = knownInOtherGenerations(path, generation, root);
  // An empty section has nothing left to explain: the plain "exists only in" hint below says it better.
  if (isPlainObject(value) && Object.keys(value).length > 0 && elsewhere.length > 0) {
    // A section of another generation that is still here after conversion: what is left had no mapping.
    return (
      `${head}: it is a section of ${elsewhere.map(describeGeneration).join(" and ")}, and what is left in it ` +
      `(${Object.keys(value).join(", ")}) has no place in ${target}; remove it, or target a runtime of that generation`
    );
  }
  const hint =
    moved.section ??
    otherGenerationHint(path, generation, root) ??
    nearMissHint(path, description, root) ??
    knownFieldsHint(path, description, root);
  return `${head}; ${hint}`;
}

/**
 * Where a field (or the fields of a section) written at `keyPath` live in the target generation, through the
 * moves from any generation: `direct` when the field itself moved, `section` when a split or renamed section's
 * fields went elsewhere (operatorBox.reconciler in generation 3). Only meaningful inside a CRD entry.
 */
function moveHints(
  keyPath: readonly string[],
  generation: GenerationNumber,
  description: SchemaDescription,
  root: string,
): { direct?: string; section?: string } {
  if (root !== description.crdEntry) return {};
  const dotted = keyPath.join(".");
  const known = (path: string) => tokenAt(description, root, path.split(".")) !== undefined;
  const examples = new Set<string>();
  for (const from of ALL_GENERATIONS) {
    const moves = movesBetween(from, generation);
    const there = movedPath(dotted, moves);
    if (there !== dotted && known(there))
      return { direct: `in ${describeGeneration(generation)} it lives at ${there}` };
    for (const [source] of moves) {
      const target = movedPath(source, moves);
      if (source.startsWith(`${dotted}.`) && known(target)) examples.add(`${source} → ${target}`);
    }
  }
  if (examples.size === 0) return {};
  const list = [...examples].slice(0, 4).join(", ");
  return { section: `its fields moved (${list}${examples.size > 4 ? ", …" : ""})` };
}

function knownInOtherGenerations(
  path: FieldPath,
  generation: GenerationNumber,
  root: string,
): GenerationNumber[] {
  return ALL_GENERATIONS.filter((g) => {
    if (g === generation) return false;
    const other = descriptionOf(g);
    const otherRoot = root === descriptionOf(generation).crdEntry ? other.crdEntry : other.document;
    return tokenAt(other, otherRoot, path) !== undefined;
  });
}

function otherGenerationHint(
  path: FieldPath,
  generation: GenerationNumber,
  root: string,
): string | undefined {
  const knownIn = knownInOtherGenerations(path, generation, root);
  if (knownIn.length === 0) return undefined;
  return (
    `it exists only in ${knownIn.map(describeGeneration).join(" and ")}, and nothing maps it to ` +
    `${describeGeneration(generation)}: remove it, or target a runtime of that generation`
  );
}

function nearMissHint(path: FieldPath, description: SchemaDescription, root: string): string | undefined {
  const key = String(path[path.length - 1]).toLowerCase();
  const match = keysAt(description, root, path.slice(0, -1)).find((k) => k.toLowerCase() === key);
  return match === undefined ? undefined : `did you mean "${match}"? (keys are case-sensitive)`;
}

function knownFieldsHint(path: FieldPath, description: SchemaDescription, root: string): string {
  const known = keysAt(description, root, path.slice(0, -1));
  const where = path.length > 1 ? ` at ${formatPath(path.slice(0, -1))}` : "";
  return known.length > 0 ? `known fields${where}: ${known.join(", ")}` : "remove it";
}

/**
 * A copy whose mappings have no prototype. zod reads each declared key as `input[key]`, so on a plain object an
 * absent key named like an Object.prototype member (a hook key `constructor`, a field `toString`) would read the
 * inherited function instead of "absent".
 */
function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (value === null || typeof value !== "object") return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, child] of Object.entries(value)) copy[key] = withoutPrototypes(child);
  return copy;
}
