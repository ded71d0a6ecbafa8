// Where fields moved between consecutive generations (upstream-schema.md §1.5), as data: each move takes the
// value at `from` (a dotted path inside one CRD entry, in the older generation) to `to` (the newer one).
// Conversion in either direction is these lists applied forwards or backwards; a field no move covers and
// the target does not know is an error that names it. Sources: [C] = upstream CHANGELOG, [I] = inferred.
import type { GenerationNumber } from "./generations.js";

export type Move = readonly [from: string, to: string];

const under = (fromPrefix: string, toPrefix: string, fields: readonly string[]): Move[] =>
  fields.map((field) => [`${fromPrefix}${field}`, `${toPrefix}${field}`] as const);

/** Moves from generation N-1 into generation N, keyed by N. */
export const MOVES_INTO: Readonly<Record<2 | 3, readonly Move[]>> = {
  // v0.7.9 "reconciler config moves inside operatorBox" [C]; default/hooks/constructor joined it [I: the
  // gen-1 box has them at its root, the gen-2 reconciler has them and the gen-2 box does not].
  2: [
    ...under("", "operatorBox.reconciler.", ["workers", "resync", "queue"]),
    ...under("operatorBox.", "operatorBox.reconciler.", ["default", "hooks", "constructor"]),
    // v0.7.16 renames [C], which the generation-2 model (0.7.17) spells the new way.
    ["operatorBox.reconciler.hooks.resources", "operatorBox.reconciler.hooks.managedResources"],
    ["operatorBox.reconciler.constructor.resources", "operatorBox.reconciler.constructor.managedResources"],
    ["operatorBox.anyOf", "operatorBox.or"],
  ],
  // v0.7.18 "OPPRE": operatorBox split into observe/preReconcile/runtime/reconcile/emit; CRD-level admission
  // fields under admission.* [C CHANGELOG table; V the gen-3 accessors read only these paths].
  3: [
    ...under("operatorBox.reconciler.", "operatorBox.reconcile.", [
      "default",
      "hooks",
      "constructor",
      "profile",
      "workers",
      "resync",
      "queue",
      "requeue",
      "include",
    ]),
    // providers has no place in generation 3 (the newest ReconcileConfig dropped it): no move.
    ...under("operatorBox.", "operatorBox.reconcile.", ["onCreate", "onReconcile", "onDelete"]),
    ["operatorBox.status", "operatorBox.emit.status"],
    ["operatorBox.cross", "operatorBox.observe.cross"], // [I] tag name of observe.cross
    ...under("operatorBox.", "operatorBox.runtime.", ["finalizers", "autoscale"]),
    ...under("", "operatorBox.runtime.", [
      "deletionProtection",
      "removeFinalizers",
      "restrictedNamespaces",
      "allowedNamespaces",
      "ignoreStatusPatch",
      "ignoreObservedGeneration",
    ]),
    ...under("", "admission.", ["webhooks", "validation", "mutation", "conversion"]),
    ...under("", "operatorBox.reconcile.", ["normalize", "imports"]),
  ],
};

/** Moves from generation `from` to generation `to`, in application order (either direction). */
export function movesBetween(from: GenerationNumber, to: GenerationNumber): Move[] {
  const moves: Move[] = [];
  if (from < to) {
    for (let g = from + 1; g <= to; g++) moves.push(...MOVES_INTO[g as 2 | 3]);
  } else {
    for (let g = from; g > to; g--) {
      const back = MOVES_INTO[g as 2 | 3].map(([a, b]): Move => [b, a]);
      moves.push(...back.reverse());
    }
  }
  return moves;
}

/**
 * The settings a Komposer may write at CRD level whatever the target (the seed's vocabulary): each is placed
 * where the target generation keeps it.
 */
export const PORTABLE_OVERRIDE_FIELDS = [
  "workers",
  "resync",
  "queue",
  "webhooks",
  "deletionProtection",
] as const;
