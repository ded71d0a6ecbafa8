// CRD entries as the bundle carries them (docs/reference/bundle.md#the-katalog-configmap): only enabled ones,
// each stamped with the Katalog it came from. The document around them is built per target generation in
// runtime-payload.ts.
import type { EffectiveCrd } from "../api/effective.js";

/**
 * The fields that say which Katalog an entry came from (docs/reference/bundle.md#the-katalog-configmap),
 * where the target generation has them.
 */
export const SOURCE_STAMPS = [
  "katalogName",
  "katalogNamespace",
  "katalogVersion",
  "katalogDescription",
] as const;

export function isEnabled(crd: EffectiveCrd): boolean {
  return crd.entry.enabled !== false;
}

/** The CRD entry as it appears in the bundle: what the user wrote, merged, plus the source stamps. */
export function stampedEntry(crd: EffectiveCrd): Record<string, unknown> {
  const { source } = crd;
  const stamped: Record<string, unknown> = {
    ...crd.entry,
    katalogName: source.katalogName,
    katalogNamespace: source.katalogNamespace,
  };
  // Absent rather than empty: the entry never claims a version or description its source did not have.
  delete stamped.katalogVersion;
  delete stamped.katalogDescription;
  if (source.katalogVersion !== undefined) stamped.katalogVersion = source.katalogVersion;
  if (source.katalogDescription !== undefined) stamped.katalogDescription = source.katalogDescription;
  return stamped;
}
