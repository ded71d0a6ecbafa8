// `ork upgrade katalog` (docs/reference/runtime-generations.md#upgrading-a-katalog-file): rewrites a katalog
// file into another runtime generation's layout, moving the YAML nodes themselves so comments and formatting
// travel with the fields they belong to. The same moves as composition (api/runtime-schema/moves.ts), through
// the newest layout; the result is checked strictly against the target, and nothing is returned as text when
// the target would refuse it. Upstream has no such tool.
import { isMap, parseDocument, type Document } from "yaml";
import {
  describeGeneration,
  NEWEST_GENERATION,
  type GenerationNumber,
} from "../../api/runtime-schema/generations.js";
import { movesBetween, type Move } from "../../api/runtime-schema/moves.js";
import { InvalidInputError, type Problem } from "../errors.js";
import { parseKatalog } from "../parse-document.js";
import { crdEntryProblems } from "./strict-problems.js";
import { deepEqual } from "../json-diff.js";

export interface UpgradedKatalog {
  text: string;
  /** Per CRD, what moved where. */
  moves: { crd: string; from: string; to: string }[];
}

export function upgradeKatalog(file: string, text: string, generation: GenerationNumber): UpgradedKatalog {
  const katalog = parseKatalog({ file, text });
  // parseKatalog has checked duplicate keys and sizes (linearly); the parser's own check is quadratic.
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const keys = Object.keys(katalog.document.spec?.crds ?? {});
  const moves: UpgradedKatalog["moves"] = [];
  const problems: Problem[] = [];
  const route = [...movesBetween(1, NEWEST_GENERATION), ...movesBetween(NEWEST_GENERATION, generation)];
  for (const key of keys) {
    for (const [from, to] of moveEntryFields(doc, file, key, route, problems))
      moves.push({ crd: key, from, to });
  }
  if (problems.length > 0) throw new InvalidInputError("ConflictingFields", problems);
  const upgraded = doc.toString({ flowCollectionPadding: false });
  checkUpgraded(file, upgraded, keys, generation);
  return { text: upgraded, moves };
}

/**
 * Moves one CRD entry's fields along the route (through the newest layout), in place; returns the net moves
 * (a field moved twice is reported once, from where it was to where it ends; one moved back is not reported).
 */
function moveEntryFields(
  doc: Document,
  file: string,
  key: string,
  route: readonly Move[],
  problems: Problem[],
): Move[] {
  const prefix = ["spec", "crds", key];
  const applied: Move[] = [];
  for (const [from, to] of route) {
    const fromPath = [...prefix, ...from.split(".")];
    const toPath = [...prefix, ...to.split(".")];
    if (!doc.hasIn(fromPath)) continue;
    if (doc.hasIn(toPath) && !deepEqual(plain(doc, toPath), plain(doc, fromPath))) {
      problems.push({
        file,
        path: fromPath.join("."),
        message: `is set here and, with a different value, at ${toPath.join(".")}; keep one of the two`,
        severity: "error",
      });
      continue;
    }
    doc.setIn(toPath, doc.getIn(fromPath, true));
    removeWithEmptyParents(doc, fromPath, prefix.length);
    const earlier = applied.findIndex(([, was]) => was === from);
    if (earlier < 0) applied.push([from, to]);
    else if (applied[earlier]![0] === to) applied.splice(earlier, 1);
    else applied[earlier] = [applied[earlier]![0], to];
  }
  return applied;
}

/** The written katalog must decode in the target runtime: otherwise nothing is written. */
function checkUpgraded(
  file: string,
  upgraded: string,
  keys: readonly string[],
  generation: GenerationNumber,
): void {
  const result = parseKatalog({ file, text: upgraded });
  const problems = keys.flatMap((key) =>
    crdEntryProblems(result.document.spec?.crds?.[key], generation, {
      file,
      locate: result.locate,
      prefix: ["spec", "crds", key],
    }),
  );
  if (problems.length > 0) {
    throw new InvalidInputError("IncompatibleWithRuntime", problems, {
      summary: `${file} cannot be written for ${describeGeneration(generation)}; nothing was written:`,
    });
  }
}

function plain(doc: Document, path: readonly string[]): unknown {
  const node = doc.getIn(path, true) as { toJSON?: () => unknown } | undefined;
  return node && typeof node.toJSON === "function" ? node.toJSON() : node;
}

/** Deletes the node, then every mapping above it (down to the CRD entry) that the deletion left empty. */
function removeWithEmptyParents(doc: Document, path: readonly string[], keep: number): void {
  doc.deleteIn(path);
  for (let end = path.length - 1; end > keep; end--) {
    const parent = doc.getIn(path.slice(0, end), true);
    if (!isMap(parent) || parent.items.length > 0) return;
    doc.deleteIn(path.slice(0, end));
  }
}
