// Warnings for fields we do not know outside CRD entries (docs/reference/documents.md#katalog): unknown
// top-level fields are kept and passed through, but a typo deserves a warning in `ork validate`. CRD entries
// are checked against the runtime schema generations instead (core/runtime-schema). The known fields are read
// from the zod schemas themselves, so the two can never drift apart.
import { z } from "zod";
import type { Problem } from "./errors.js";
import { isPlainObject, type FieldPath } from "./field-path.js";
import { problemAt } from "./schema-problems.js";
import { OBJECT_META_FIELDS } from "./object-meta.js";
import type { Locator } from "./yaml-source.js";

export function unknownFieldWarnings(
  schema: z.ZodType,
  value: unknown,
  file: string,
  locate: Locator,
): Problem[] {
  const warnings: Problem[] = [];
  walk(schema, value, [], (path, key, known) => {
    if (path.length === 1 && path[0] === "metadata" && OBJECT_META_FIELDS.has(key)) return;
    const hint = known.length > 0 ? `; known fields here: ${known.join(", ")}` : "";
    warnings.push(
      problemAt(
        { file, locate },
        [...path, key],
        `unknown field "${key}" is passed through unchanged${hint}`,
        "warning",
      ),
    );
  });
  return warnings;
}

type Report = (path: FieldPath, key: string, known: readonly string[]) => void;

/** CRD entries: which fields exist depends on the runtime generation, checked by runtime-schema instead. */
function isCrdEntry(path: FieldPath): boolean {
  return path.length === 3 && path[0] === "spec" && path[1] === "crds";
}

function walk(schema: z.ZodType, value: unknown, path: FieldPath, report: Report): void {
  if (isCrdEntry(path)) return;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    for (const [key, child] of Object.entries(value)) {
      // Own keys only: `shape.constructor` is Object, which would hide an unknown field named "constructor".
      const childSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (childSchema === undefined) report(path, key, known);
      else walk(childSchema, child, [...path, key], report);
    }
  } else if (inner instanceof z.ZodRecord && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value))
      walk(inner.valueType as z.ZodType, child, [...path, key], report);
  } else if (inner instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((item, i) => walk(inner.element as z.ZodType, item, [...path, i], report));
  } else if (inner instanceof z.ZodUnion && isPlainObject(value)) {
    const objectOption = (inner.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject);
    if (objectOption) walk(objectOption, value, path, report);
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else return current;
  }
}
