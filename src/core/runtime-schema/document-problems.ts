// `ork validate` of one input file against the runtime schema
// (docs/reference/runtime-generations.md#validation-of-the-payload). With a target (--runtime-version or
// spec.runtime.version), every CRD entry — and every inline override, which is a partial entry — is converted
// to the target and checked strictly: what the target would refuse is an error. Without one, a Katalog's
// entries are checked against the generation they are written in, and what that generation would refuse is a
// warning (the file may still be meant for another runtime).
import {
  describeGeneration,
  NEWEST_GENERATION,
  newestVersionOf,
  type GenerationNumber,
} from "../../api/runtime-schema/generations.js";
import { movesBetween, type Move } from "../../api/runtime-schema/moves.js";
import { netMoves } from "./move-fields.js";
import { KomposerError, type Problem } from "../errors.js";
import { isPlainObject } from "../field-path.js";
import type { ParsedDocument } from "../parse-document.js";
import { explicitTarget } from "./detect.js";
import { generationsOf } from "./detect.js";
import { applyMoves } from "./move-fields.js";
import { conflictError, toNewestLayout } from "./newest-layout.js";
import { crdEntryProblems } from "./strict-problems.js";
import { removalsAsNulls } from "../override-removals.js";

export function runtimeSchemaProblems(parsed: ParsedDocument, flagVersion?: string): Problem[] {
  const target = targetOf(parsed, flagVersion);
  if (typeof target === "object") return [target];
  const entries = Object.entries(
    (parsed.document.spec?.crds ?? {}) as Record<string, Record<string, unknown>>,
  );
  const problems: Problem[] = [];
  for (const [key, entry] of entries) {
    if (!isPlainObject(entry)) continue; // the document's own schema reports it
    const prefix = ["spec", "crds", key];
    const context = { file: parsed.file, locate: parsed.locate, prefix };
    if (target === undefined) {
      if (parsed.kind !== "Katalog") continue;
      const written = generationsOf(entry);
      const generation = written[written.length - 1]!;
      problems.push(...crdEntryProblems(entry, generation, { ...context, unknownSeverity: "warning" }));
      continue;
    }
    try {
      const patch =
        parsed.kind === "Komposer"
          ? removalsAsNulls(entry, { file: parsed.file, key, locate: parsed.locate })
          : entry;
      const newest = toNewestLayout(patch, { file: parsed.file, prefix });
      const converted = applyMoves(newest.entry, movesBetween(NEWEST_GENERATION, target));
      if (converted.conflicts.length > 0)
        throw conflictError(converted.conflicts, { file: parsed.file, prefix }, "target");
      problems.push(...crdEntryProblems(converted.entry, target, context));
      const moved = netMoves(newest.moves, converted.applied);
      if (parsed.kind === "Katalog" && moved.length > 0)
        problems.push(convertedWarning(parsed, prefix, moved, target));
    } catch (error) {
      if (!(error instanceof KomposerError) || !("problems" in error)) throw error;
      problems.push(...(error.problems as Problem[]));
    }
  }
  return problems;
}

/** Valid only once converted: say so, since the file as written is not what that runtime accepts. */
function convertedWarning(
  parsed: ParsedDocument,
  prefix: readonly string[],
  moved: readonly Move[],
  target: GenerationNumber,
): Problem {
  const list = moved
    .slice(0, 3)
    .map(([from, to]) => `${from} → ${to}`)
    .join(", ");
  return {
    file: parsed.file,
    ...lineAt(parsed, prefix),
    path: prefix.join("."),
    message:
      `is written for another generation: Komposer converts it for ${describeGeneration(target)} ` +
      `(${list}${moved.length > 3 ? `, … ${moved.length} moves` : ""}), but that runtime would refuse the file as ` +
      `written; \`ork upgrade katalog ${parsed.file} --to ${newestVersionOf(target)}\` rewrites it`,
    severity: "warning",
  };
}

function lineAt(parsed: ParsedDocument, path: readonly string[]): { line?: number } {
  const line = parsed.locate(path);
  return line === undefined ? {} : { line };
}

/** The target generation, undefined when none is asked for, or the problem with the version asked for. */
function targetOf(
  parsed: ParsedDocument,
  flagVersion: string | undefined,
): GenerationNumber | undefined | Problem {
  const fromFile = parsed.kind === "Komposer" ? parsed.document.spec?.runtime?.version : undefined;
  const version = flagVersion ?? fromFile;
  if (version === undefined) return undefined;
  const found = explicitTarget(version, flagVersion !== undefined ? "flag" : "komposer");
  if (found.ok) return found.target.generation;
  const line = parsed.locate(["spec", "runtime", "version"]);
  return {
    file: flagVersion !== undefined ? "--runtime-version" : parsed.file,
    ...(flagVersion === undefined && line !== undefined ? { line } : {}),
    path: flagVersion !== undefined ? "" : "spec.runtime.version",
    message: found.message,
    severity: "error",
  };
}
