// A set of effective CRDs plus the merged top-level blocks: what one import (a Katalog, or a fully resolved
// Komposer) contributes. Combining sets is where duplicates and diamonds are decided
// (docs/reference/resolution.md#diamonds-duplicates-and-cycles).
import { CARRIED_BLOCKS } from "../api/common.js";
import type { EffectiveCrd } from "../api/effective.js";
import { ConflictError } from "./errors.js";
import { diffValues, deepEqual } from "./json-diff.js";
import { isEnabled } from "./katalog-document.js";
import { applyMergePatch } from "./merge-patch.js";

export interface CrdSet {
  /** In import order. */
  crds: ReadonlyMap<string, EffectiveCrd>;
  /** security, gateway, …: merged in import order. */
  blocks: Readonly<Record<string, unknown>>;
}

/** The carried top-level blocks a document has. */
export function blocksOf(document: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const blocks: Record<string, unknown> = {};
  for (const name of CARRIED_BLOCKS) if (document[name] !== undefined) blocks[name] = document[name];
  return blocks;
}

/** Blocks merge like overrides (RFC 7396), later wins: imports in order, the importing document last. */
export function mergeBlocks(
  base: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(next)) out[name] = applyMergePatch(out[name], value);
  return out;
}

/**
 * Combines sets in order. The same key from the same source (equal identity: a diamond) is loaded once when
 * every path yields the same entry; anything else with the same key is a conflict, never a silent pick.
 */
export function combineCrdSets(sets: readonly CrdSet[]): CrdSet {
  const crds = new Map<string, EffectiveCrd>();
  let blocks: Record<string, unknown> = {};
  for (const set of sets) {
    for (const [key, crd] of set.crds) {
      const seen = crds.get(key);
      if (seen === undefined) crds.set(key, crd);
      else crds.set(key, pickOne(seen, crd));
    }
    blocks = mergeBlocks(blocks, set.blocks);
  }
  return { crds, blocks };
}

/**
 * Two CRDs with one key. A disabled entry never reaches the bundle, so it yields to an enabled one from another
 * source: that is how "disable one with `enabled: false`" (in the pack or katalog that brings it) resolves a
 * duplicate.
 */
function pickOne(first: EffectiveCrd, second: EffectiveCrd): EffectiveCrd {
  if (first.source.identity === second.source.identity) {
    assertSameEntry(first, second);
    return first;
  }
  if (!isEnabled(second)) return first;
  if (!isEnabled(first)) return second;
  throw new ConflictError(
    "DuplicateCRD",
    `duplicate CRD '${first.key}' from ${describeVia(first)} and ${describeVia(second)}; keep one by dropping ` +
      `the other in spec.crds: \`${first.key}: {enabled: false, from: ${importOf(second)}}\` (or \`from: ` +
      `${importOf(first)}\`), or drop the CRD with \`${first.key}: {enabled: false}\``,
  );
}

function assertSameEntry(first: EffectiveCrd, second: EffectiveCrd): void {
  if (deepEqual(first.entry, second.entry)) return;
  const fields = diffValues(first.entry, second.entry).map((c) => c.path || "(whole entry)");
  throw new ConflictError(
    "DiamondConflict",
    `CRD '${first.key}' from ${first.source.origin} is reached by two import paths that override it differently ` +
      `(fields: ${fields.join(", ")}):\n  ${first.via.join(" → ")}\n  ${second.via.join(" → ")}\n` +
      "override it once, in the Komposer that imports both paths",
  );
}

/** The import as written in the root Komposer (the `from` that drops it). */
function importOf(crd: EffectiveCrd): string {
  return crd.via[1] ?? crd.source.origin;
}

/** The import path below the common root: the source itself, or the packs it came through. */
function describeVia(crd: EffectiveCrd): string {
  const below = crd.via.slice(1);
  return below.length > 0 ? below.join(" → ") : crd.source.origin;
}
