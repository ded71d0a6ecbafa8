// komposer.lock (docs/reference/resolution.md#lock-file): every resolved registry reference with its digest,
// sorted, committed next to the Komposer. With a lock, tags resolve to the locked digests, so a build is
// reproducible until `--update-lock`. Pure: the CLI reads and writes the file.
import { API_VERSION, SHA256_DIGEST } from "../api/common.js";
import { toCanonicalYaml } from "./canonical-yaml.js";
import { InvalidInputError, type Problem } from "./errors.js";
import { isPlainObject } from "./field-path.js";
import { formatReference, parseReference } from "./reference.js";
import type { ResolvedImport } from "./resolved-imports.js";
import { parseYamlSource, type YamlSource } from "./yaml-source.js";

export const LOCK_FILE_NAME = "komposer.lock";
export const LOCK_KIND = "KomposerLock";

const HEADER =
  "# komposer.lock: the digest each import resolved to. Written by `ork generate bundle`; commit it.\n" +
  "# Tags resolve to these digests until `ork generate bundle --update-lock` re-resolves them.\n";

/** Lock entries (reference → digest) from a resolution. */
export function lockEntriesOf(resolved: readonly ResolvedImport[]): Map<string, string> {
  const entries = new Map<string, string>();
  for (const r of resolved) if (!entries.has(r.ref)) entries.set(r.ref, r.digest);
  return entries;
}

export function renderLockFile(entries: ReadonlyMap<string, string>): string {
  const resolved = Object.fromEntries(entries);
  return HEADER + toCanonicalYaml({ apiVersion: API_VERSION, kind: LOCK_KIND, resolved });
}

/** Parses komposer.lock; references are normalised to the canonical `oci://host/repo:tag` form. */
export function parseLockFile(file: string, text: string | Uint8Array): Map<string, string> {
  const read = parseYamlSource(file, text);
  if (!read.ok) throw new InvalidInputError("InvalidLockFile", read.problems);
  const problems: Problem[] = [];
  const entries = readEntries(read.source, problems);
  if (problems.length > 0) throw new InvalidInputError("InvalidLockFile", problems);
  return entries;
}

function readEntries(source: YamlSource, problems: Problem[]): Map<string, string> {
  const entries = new Map<string, string>();
  const problem = (path: (string | number)[], message: string) => {
    const line = source.locate(path);
    problems.push({
      file: source.file,
      ...(line === undefined ? {} : { line }),
      path: path.join("."),
      message,
      severity: "error",
    });
  };
  const doc = source.value;
  if (!isPlainObject(doc) || doc.kind !== LOCK_KIND || doc.apiVersion !== API_VERSION) {
    problem(
      ["kind"],
      `not a lock file: expected apiVersion ${API_VERSION} and kind ${LOCK_KIND}; delete it and run with --update-lock`,
    );
    return entries;
  }
  const resolved = doc.resolved ?? {};
  if (!isPlainObject(resolved)) {
    problem(["resolved"], "resolved must be a map of reference to digest");
    return entries;
  }
  for (const [ref, digest] of Object.entries(resolved)) {
    if (typeof digest !== "string" || !SHA256_DIGEST.test(digest)) {
      problem(["resolved", ref], `${JSON.stringify(digest)} is not a digest (sha256: and 64 hex digits)`);
      continue;
    }
    try {
      entries.set(formatReference(parseReference(ref)), digest);
    } catch (error: unknown) {
      problem(["resolved", ref], error instanceof Error ? error.message : String(error));
    }
  }
  return entries;
}
