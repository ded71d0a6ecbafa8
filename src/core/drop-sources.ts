// How a Komposer settles a duplicate CRD key between its imports
// (docs/reference/resolution.md#diamonds-duplicates-and-cycles): `spec.crds.<key>: {enabled: false, from:
// REF}` drops that key from the import REF (so the other import's entry is used), and `enabled: false`
// without `from` drops the CRD whichever import brings it. Applied to the imported sets before they are
// combined, so the duplicate never arises; `from` is Komposer vocabulary and never reaches the payload.
import type { EffectiveCrd } from "../api/effective.js";
import type { CrdSet } from "./crd-set.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { isPlainObject } from "./field-path.js";
import type { ParsedKomposer } from "./parse-document.js";

/** Each `from` names the import whose entry to drop; undefined drops every import's but the first. */
export function dropDisabledSources(parts: readonly CrdSet[], komposer: ParsedKomposer): CrdSet[] {
  const drops = new Map<string, string | undefined>();
  for (const [key, override] of Object.entries(komposer.document.spec?.crds ?? {})) {
    if (!isPlainObject(override) || override.enabled !== false) continue;
    drops.set(key, typeof override.from === "string" ? override.from : undefined);
  }
  if (drops.size === 0) return [...parts];
  const problems: Problem[] = [];
  const matched = new Set<string>();
  const seen = new Set<string>();
  const result = parts.map((part) => {
    const crds = new Map<string, EffectiveCrd>();
    for (const [key, crd] of part.crds) {
      const rule = drops.get(key);
      const dropAll = drops.has(key) && rule === undefined;
      if (rule !== undefined && cameFrom(crd, rule)) {
        matched.add(key);
        continue;
      }
      if (dropAll && seen.has(key)) continue;
      seen.add(key);
      crds.set(key, crd);
    }
    return { ...part, crds };
  });
  for (const [key, from] of drops) {
    if (from === undefined || matched.has(key)) continue;
    const sources = parts.flatMap((p) => (p.crds.has(key) ? [describe(p.crds.get(key)!)] : []));
    problems.push({
      file: komposer.file,
      ...lineOf(komposer, key),
      path: `spec.crds.${key}.from`,
      message:
        `no import brings CRD '${key}' from ${from}` +
        (sources.length > 0 ? `; it comes from ${sources.join(" and ")}` : "; no import brings it at all"),
      severity: "error",
    });
  }
  if (problems.length > 0) throw new InvalidInputError("InvalidOverride", problems);
  return result;
}

/** The import the entry came through, as written in this Komposer (the source itself, or a pack it is in). */
function cameFrom(crd: EffectiveCrd, reference: string): boolean {
  const wanted = withoutScheme(reference);
  return [crd.source.origin, ...crd.via].some((place) => withoutScheme(place) === wanted);
}

function describe(crd: EffectiveCrd): string {
  return crd.via.length > 1 ? crd.via[1]! : crd.source.origin;
}

function withoutScheme(reference: string): string {
  return reference.replace(/^oci:\/\//, "");
}

function lineOf(komposer: ParsedKomposer, key: string): { line?: number } {
  const line = komposer.locate(["spec", "crds", key, "from"]);
  return line === undefined ? {} : { line };
}
