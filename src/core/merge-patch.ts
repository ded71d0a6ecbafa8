// RFC 7396 JSON Merge Patch: how a Komposer's inline `spec.crds.<key>` overrides an imported entry
// (docs/reference/resolution.md#overrides). Chosen over JSON Patch (RFC 6902) and strategic merge because
// users write it as plain YAML: maps merge recursively, the patch wins at every leaf, lists are replaced
// whole, and `null` deletes a field. Pure and non-mutating: inputs are never changed; untouched sub-values
// are shared with the target.
import { isPlainObject } from "./field-path.js";

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const base = isPlainObject(target) ? target : {};
  const entries = new Map<string, unknown>(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) entries.delete(key);
    else entries.set(key, applyMergePatch(entries.get(key), value));
  }
  // Object.fromEntries defines own properties, so a key such as "__proto__" stays data, never a prototype.
  return Object.fromEntries(entries);
}

/** The patch with every `null` removed: what a patch yields when it matches nothing (a new CRD). */
export function withoutNulls(value: unknown): unknown {
  return applyMergePatch({}, value);
}
