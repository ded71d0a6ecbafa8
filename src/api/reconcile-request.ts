// Kept apart from komposer.ts (which builds zod schemas) so that `ork reconcile` loads no schema code.

/**
 * Setting this annotation to a new value (`ork reconcile` writes the current time) makes the operator
 * re-resolve every tag now instead of at the next `spec.interval`; the value handled is echoed in
 * `status.lastHandledReconcileAt` (the Flux `reconcile.fluxcd.io/requestedAt` convention).
 */
export const RECONCILE_REQUEST_ANNOTATION = "komposer.orkestra.orkspace.io/requestedAt";
