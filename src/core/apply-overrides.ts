// A Komposer's inline `spec.crds` (docs/reference/resolution.md#overrides): each entry is a JSON Merge Patch
// over the imported CRD of the same key, or a new CRD when no import has that key. Every merged entry is
// validated again, and problems name the Komposer file and the override's path, e.g.
// `spec.crds.webapp.workers`.
import type { CrdSource, EffectiveCrd } from "../api/effective.js";
import { CrdEntrySchema, type CrdEntry } from "../api/crd-entry.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { applyMergePatch, withoutNulls } from "./merge-patch.js";
import { removalsAsNulls } from "./override-removals.js";
import type { ParsedKomposer } from "./parse-document.js";
import { PORTABLE_OVERRIDE_FIELDS } from "../api/runtime-schema/moves.js";
import { isPlainObject } from "./field-path.js";
import { generationsOf } from "./runtime-schema/detect.js";
import { toNewestLayout } from "./runtime-schema/newest-layout.js";
import { defaultErrorMessage, problemsFromIssues } from "./schema-problems.js";

export interface OverrideInput {
  komposer: ParsedKomposer;
  /** The source stamped on CRDs the Komposer adds itself. */
  ownSource: CrdSource;
  /** The import chain of the Komposer, for CRDs it adds. */
  via: readonly string[];
}

export function applyCrdOverrides(
  imported: ReadonlyMap<string, EffectiveCrd>,
  { komposer, ownSource, via }: OverrideInput,
): Map<string, EffectiveCrd> {
  const result = new Map(imported);
  const problems: Problem[] = [];
  for (const [key, written] of Object.entries(komposer.document.spec?.crds ?? {})) {
    const base = imported.get(key);
    // The override is a patch in any generation's layout (or the portable CRD-level vocabulary): brought to
    // the newest layout like imported entries, it merges at the right place whatever the target. With `from`,
    // `enabled: false` dropped that import's entry (drop-sources.ts): neither applies to the entry kept.
    const patch = removalsAsNulls(withoutSourceChoice(written), {
      file: komposer.file,
      key,
      locate: komposer.locate,
    });
    const { entry: override, moves } = toNewestLayout(patch, {
      file: komposer.file,
      prefix: ["spec", "crds", key],
    });
    const merged = base === undefined ? withoutNulls(override) : applyMergePatch(base.entry, override);
    const parsed = CrdEntrySchema.safeParse(merged, { error: defaultErrorMessage });
    if (!parsed.success) {
      const context = {
        file: komposer.file,
        locate: komposer.locate,
        value: merged,
        prefix: ["spec", "crds", key],
      };
      const found = problemsFromIssues(parsed.error.issues, context);
      problems.push(...(base === undefined ? found.map((p) => withNewCrdHint(p, key, imported)) : found));
      continue;
    }
    const entry = merged as CrdEntry;
    result.set(
      key,
      base === undefined
        ? {
            key,
            entry,
            // The portable vocabulary says nothing about the generation a new CRD is written in.
            written: generationsOf(withoutPortableFields(withoutNulls(patch))),
            moves,
            source: { ...ownSource, identity: `${ownSource.identity}#${key}` },
            via,
          }
        : { ...base, entry, moves: [...base.moves, ...moves] },
    );
  }
  if (problems.length > 0) throw new InvalidInputError("InvalidOverride", problems);
  return result;
}

function withNewCrdHint(problem: Problem, key: string, imported: ReadonlyMap<string, EffectiveCrd>): Problem {
  const known = [...imported.keys()];
  const list = known.length > 0 ? `imported CRDs: ${known.join(", ")}` : "nothing is imported";
  return {
    ...problem,
    message: `${problem.message} ('${key}' matches no imported CRD, so it adds a new one and must be complete; ${list})`,
  };
}

function withoutPortableFields(entry: unknown): Record<string, unknown> {
  const copy = isPlainObject(entry) ? { ...entry } : {};
  for (const field of PORTABLE_OVERRIDE_FIELDS) delete copy[field];
  return copy;
}

function withoutSourceChoice(override: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(override, "from")) return override;
  const { from: _from, enabled: _enabled, ...rest } = override;
  return rest;
}
