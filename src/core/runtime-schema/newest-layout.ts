// Every CRD entry is carried in the newest generation's layout between import and rendering (a hub, as
// Kubernetes converts API versions): entries and overrides written for any generation meet in one shape, so
// merge patches, diamonds and RBAC see one layout, and the payload is converted once to the target.
import { NEWEST_GENERATION } from "../../api/runtime-schema/generations.js";
import { movesBetween, type Move } from "../../api/runtime-schema/moves.js";
import { InvalidInputError, type Problem } from "../errors.js";
import { applyMoves } from "./move-fields.js";

const TO_NEWEST: readonly Move[] = movesBetween(1, NEWEST_GENERATION);

export interface LayoutContext {
  file: string;
  /** Where the entry sits, e.g. ["spec", "crds", "webapp"]. */
  prefix: readonly string[];
}

export function toNewestLayout(
  entry: Readonly<Record<string, unknown>>,
  context: LayoutContext,
): { entry: Record<string, unknown>; moves: Move[] } {
  const result = applyMoves(entry, TO_NEWEST);
  if (result.conflicts.length > 0) throw conflictError(result.conflicts, context, "newest");
  return { entry: result.entry, moves: result.applied };
}

export function conflictError(
  conflicts: readonly Move[],
  context: LayoutContext,
  what: string,
): InvalidInputError {
  const problems: Problem[] = conflicts.map(([from, to]) => ({
    file: context.file,
    path: [...context.prefix, from].join("."),
    message:
      `is set here and, with a different value, at ${[...context.prefix, to].join(".")} (its place in the ${what} ` +
      "layout); keep one of the two",
    severity: "error",
  }));
  return new InvalidInputError("ConflictingFields", problems);
}
