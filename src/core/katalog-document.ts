// The merged Katalog the runtime reads from ConfigMap orkestra-katalog (spec §3): `kind: Katalog` (never
// Komposer), no imports, only enabled CRDs, each stamped with the Katalog it came from, plus the merged
// top-level blocks.
import { API_VERSION, Kind } from "../api/common.js";
import type { EffectiveCrd, EffectiveKatalog } from "../api/effective.js";

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

export function renderKatalogDocument(effective: EffectiveKatalog): Record<string, unknown> {
  const { name, version, description, author, license, tags } = effective.metadata;
  const metadata: Record<string, unknown> = { name, version, description, author, license, tags };
  const crds = Object.fromEntries(
    effective.crds.filter(isEnabled).map((crd) => [crd.key, stampedEntry(crd)]),
  );
  return {
    ...effective.blocks,
    apiVersion: API_VERSION,
    kind: Kind.Katalog,
    metadata,
    spec: { crds },
  };
}
