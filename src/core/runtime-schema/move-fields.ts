// Applies generation moves (src/api/runtime-schema/moves.ts) to one CRD entry: the value at each `from` path
// goes to its `to` path. Pure: the entry is copied along the paths it changes, never mutated. A value present
// at both ends that differs is a conflict (the same setting written twice), never a silent pick.
import type { Move } from "../../api/runtime-schema/moves.js";
import { deepEqual } from "../json-diff.js";
import { isPlainObject } from "../field-path.js";

export interface MoveResult {
  entry: Record<string, unknown>;
  /** Where each moved value was and where it is now (a value moved twice is one move), in order. */
  applied: Move[];
  /** Moves whose two ends both held different values. */
  conflicts: Move[];
}

export function applyMoves(entry: Readonly<Record<string, unknown>>, moves: readonly Move[]): MoveResult {
  let current: Record<string, unknown> = entry;
  const applied: Move[] = [];
  const conflicts: Move[] = [];
  for (const move of moves) {
    const [from, to] = move;
    const fromPath = from.split(".");
    const value = getAt(current, fromPath);
    if (value === undefined) continue;
    const toPath = to.split(".");
    const existing = getAt(current, toPath);
    if (existing !== undefined && existing !== null && !deepEqual(existing, value)) {
      conflicts.push(move);
      continue;
    }
    const placed = setAt(removeAt(current, fromPath), toPath, value);
    if (placed === undefined) {
      conflicts.push(move);
      continue;
    }
    current = placed;
    const earlier = applied.findIndex(([, was]) => was === from);
    if (earlier < 0) applied.push(move);
    else if (applied[earlier]![0] === to) applied.splice(earlier, 1);
    else applied[earlier] = [applied[earlier]![0], to];
  }
  return { entry: current, applied, conflicts };
}

/** What was written at `from` ends at `to`: moves to the newest layout followed by moves to a target. */
export function netMoves(toNewest: readonly Move[], toTarget: readonly Move[]): Move[] {
  const out: Move[] = [];
  const later = [...toTarget];
  for (const [from, middle] of toNewest) {
    const next = later.findIndex(([a]) => a === middle);
    const to = next >= 0 ? later.splice(next, 1)[0]![1] : middle;
    if (from !== to) out.push([from, to]);
  }
  return [...out, ...later];
}

/** Renames a path through moves (for messages): where a field written at `path` lives after them. */
export function movedPath(path: string, moves: readonly Move[]): string {
  let current = path;
  for (const [from, to] of moves) {
    if (current === from) current = to;
    else if (current.startsWith(`${from}.`)) current = to + current.slice(from.length);
  }
  return current;
}

function getAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy without the value at path; parents left empty by the removal are removed too. */
function removeAt(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return root;
  const copy = { ...root };
  if (rest.length === 0) {
    delete copy[key];
    return copy;
  }
  const child = root[key];
  if (!isPlainObject(child)) return root;
  const updated = removeAt(child, rest);
  if (Object.keys(updated).length === 0) delete copy[key];
  else copy[key] = updated;
  return copy;
}

/** A copy with value at path, creating parents; undefined when a parent on the way is not a mapping. */
function setAt(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> | undefined {
  const [key, ...rest] = path;
  if (key === undefined) return root;
  if (rest.length === 0) return defineKey({ ...root }, key, value);
  const child = root[key];
  if (child !== undefined && child !== null && !isPlainObject(child)) return undefined;
  const updated = setAt(isPlainObject(child) ? child : {}, rest, value);
  return updated === undefined ? undefined : defineKey({ ...root }, key, updated);
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}
