// Property: for random entries that are valid in generation N (drawn from generation N's own description),
// converting to generation N+1 never throws anything but a user-facing error, and never loses a field
// silently — every leaf written arrives at its moved place with its value, or a problem names where it stood.
import fc from "fast-check";
import { propertyRuns } from "../../../test/support/property-runs.js";
import { structFields, aliasOf, type SchemaDescription } from "../../api/runtime-schema/description.js";
import { descriptionOf } from "../../api/runtime-schema/index.js";
import type { GenerationNumber } from "../../api/runtime-schema/generations.js";
import { movesBetween } from "../../api/runtime-schema/moves.js";
import { KomposerError } from "../errors.js";
import { isPlainObject, valueAt } from "../field-path.js";
import { applyMoves, movedPath } from "./move-fields.js";
import { crdEntryProblems } from "./strict-problems.js";

const MAX_DEPTH = 4;

/** Values the Go type accepts, drawn from the description itself (small, shallow). */
function arbitraryOf(description: SchemaDescription, token: string, depth: number): fc.Arbitrary<unknown> {
  const alias = aliasOf(description, token);
  if (alias !== undefined) return arbitraryOf(description, alias, depth);
  if (token.startsWith("[]"))
    return fc.array(arbitraryOf(description, token.slice(2), depth + 1), { maxLength: 1 });
  if (token.startsWith("{}"))
    return fc.dictionary(fc.constantFrom("a", "b"), arbitraryOf(description, token.slice(2), depth + 1), {
      maxKeys: 1,
    });
  if (token === "~") return fc.constant({});
  const call = /^(\w+)\((.*)\)$/.exec(token);
  if (call) {
    const [, fn, args] = call as unknown as [string, string, string];
    if (fn === "enum") return fc.constantFrom(...args.split("|"));
    if (fn === "either") return fc.oneof(...args.split(",").map((t) => arbitraryOf(description, t, depth)));
    const [min, max] = args.split(",").map(Number) as [number, number];
    return fc.integer({ min, max });
  }
  switch (token) {
    case "str":
      return fc.constantFrom("x", "{{ .metadata.name }}", "8080");
    case "bool":
      return fc.boolean();
    case "int":
    case "num":
      return fc.integer({ min: 0, max: 9 });
    case "dur":
    case "gdur":
      return fc.constantFrom("30s", "1m", "1h30m");
    case "any":
      return fc.constant("opaque");
  }
  const struct = structFields(description, token);
  if (!struct || depth >= MAX_DEPTH) return fc.constant({});
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, fieldToken] of struct.fields) shape[key] = arbitraryOf(description, fieldToken, depth + 1);
  return fc.record(shape, { requiredKeys: [] });
}

function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (isPlainObject(value) && Object.keys(value).length > 0)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return path.length === 0 ? [] : [[path, value]];
}

describe.each([1, 2] as const)("converting a generation-%i entry one generation forward", (from) => {
  const to = (from + 1) as GenerationNumber;
  const description = descriptionOf(from);
  const entries = arbitraryOf(description, description.crdEntry, 0) as fc.Arbitrary<Record<string, unknown>>;

  it("never throws an internal error and never loses a field silently", () => {
    fc.assert(
      fc.property(entries, (entry) => {
        expect(crdEntryProblems(entry, from, { file: "f", locate: () => undefined, prefix: [] })).toEqual([]);
        const moves = movesBetween(from, to);
        let converted: Record<string, unknown>;
        try {
          const result = applyMoves(entry, moves);
          if (result.conflicts.length > 0) return; // reported to users as ConflictingFields
          converted = result.entry;
        } catch (error) {
          if (error instanceof KomposerError) return;
          throw error;
        }
        const problems = crdEntryProblems(converted, to, { file: "f", locate: () => undefined, prefix: [] });
        const reported = problems.map((p) => p.path);
        for (const [path, value] of leaves(entry)) {
          const there = movedPath(path.join("."), moves).split(".");
          const landed = valueAt(converted, there);
          // An empty mapping may have received moved fields (observe: {} gains cross): it still arrived.
          const emptyMap = isPlainObject(value) && Object.keys(value).length === 0;
          const arrived = emptyMap ? isPlainObject(landed) : JSON.stringify(landed) === JSON.stringify(value);
          const named = reported.some((p) => there.join(".") === p || there.join(".").startsWith(`${p}.`));
          expect({ leaf: path.join("."), arrived: arrived || named }).toEqual({
            leaf: path.join("."),
            arrived: true,
          });
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
