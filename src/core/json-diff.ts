// Structural equality and field-level differences of plain JSON-like data, used to explain diamond conflicts
// (which fields two import paths disagree on) and `ork plan` (which fields a restart would change).
// Lists are compared whole, as merge patches replace them whole.
import { compareKeys } from "./canonical-yaml.js";
import { formatPath, isPlainObject, type FieldPath } from "./field-path.js";

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

export interface FieldChange {
  /** Dotted path relative to the compared values. */
  path: string;
  /** Undefined when the field is absent on that side. */
  before?: unknown;
  after?: unknown;
}

/** Leaf-level differences from `before` to `after`, sorted by path. */
export function diffValues(before: unknown, after: unknown, base: FieldPath = []): FieldChange[] {
  const changes: FieldChange[] = [];
  collect(before, after, base, changes);
  return changes.sort((x, y) => compareKeys(x.path, y.path));
}

function collect(before: unknown, after: unknown, path: FieldPath, out: FieldChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      collect(
        Object.hasOwn(before, key) ? before[key] : undefined,
        Object.hasOwn(after, key) ? after[key] : undefined,
        [...path, key],
        out,
      );
    }
    return;
  }
  if (deepEqual(before, after)) return;
  const change: FieldChange = { path: formatPath(path) };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}
