// Canonical YAML: the same data always gives the same bytes, so a bundle's digest is its identity
// (docs/reference/bundle.md#digest-and-determinism). Keys are sorted by UTF-16 code units
// (locale-independent), `undefined` fields are dropped, shared objects are written out in full (never as
// anchors/aliases), and lines are never folded.
import { stringify } from "yaml";
import { isPlainObject } from "./field-path.js";

/** A deep copy with every map's keys in sorted order and `undefined` fields removed. */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalize(item)));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort(compareKeys);
  return Object.fromEntries(
    keys.filter((k) => value[k] !== undefined).map((k) => [k, canonicalize(value[k])]),
  );
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One document, ending in a newline, without a leading `---`. */
export function toCanonicalYaml(value: unknown): string {
  return stringify(canonicalize(value), {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    minContentWidth: 0,
    indent: 2,
    version: "1.2",
  });
}

/** Several documents, `---` before every one (docs/reference/bundle.md#objects). */
export function toCanonicalYamlStream(documents: readonly unknown[]): string {
  return documents.map((doc) => `---\n${toCanonicalYaml(doc)}`).join("");
}
