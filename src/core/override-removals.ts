// `spec.crds.<key>.remove: [webhooks, deletionProtection.strictMode]`: removal spelled as data, because a
// `null` in a Komposer file does not survive every apply path. kubectl's client-side apply (also Argo CD's
// default sync and helm upgrade) turns the file into a JSON merge patch, where `null` means "no such field",
// so the API server never stores it and the operator keeps what the CLI removes. A list of strings reaches
// the operator unchanged on every path (docs/decisions/0009-removal-and-reconcile-requests.md).
// Each path is turned into the `null` it stands for before the merge patch, so both spellings go through
// exactly the same code afterwards and cannot drift apart.
import { InvalidInputError, type Problem } from "./errors.js";
import { isPlainObject } from "./field-path.js";

export const REMOVE_FIELD = "remove";

export interface RemovalContext {
  file: string;
  key: string;
  locate?: (path: readonly (string | number)[]) => number | undefined;
}

/**
 * The override with `remove` taken out and each listed path set to `null` (the merge-patch deletion).
 * A path that the same override also sets to a value is a contradiction and is reported, all at once.
 */
export function removalsAsNulls(
  override: Record<string, unknown>,
  context: RemovalContext,
): Record<string, unknown> {
  if (!Object.hasOwn(override, REMOVE_FIELD)) return override;
  const { [REMOVE_FIELD]: listed, ...rest } = override;
  const problems: Problem[] = [];
  const at = (index: number | undefined, message: string): Problem => {
    const path = ["spec", "crds", context.key, REMOVE_FIELD, ...(index === undefined ? [] : [index])];
    const line = context.locate?.(path);
    return {
      file: context.file,
      ...(line === undefined ? {} : { line }),
      path: `spec.crds.${context.key}.${REMOVE_FIELD}${index === undefined ? "" : `[${index}]`}`,
      message,
      severity: "error",
    };
  };
  if (!Array.isArray(listed)) {
    throw new InvalidInputError("InvalidOverride", [
      at(
        undefined,
        "remove must be a list of field paths, e.g. remove: [webhooks, deletionProtection.strictMode]",
      ),
    ]);
  }
  let patch: Record<string, unknown> = rest;
  listed.forEach((item, index) => {
    const segments = typeof item === "string" ? item.split(".") : [];
    if (segments.length === 0 || segments.some((s) => s === "")) {
      problems.push(
        at(
          index,
          `${JSON.stringify(item)} is not a field path; write dotted field names such as webhooks or deletionProtection.strictMode`,
        ),
      );
      return;
    }
    const next = withNullAt(patch, segments);
    if (next === undefined) {
      problems.push(
        at(index, `${String(item)} is both set and removed in spec.crds.${context.key}; keep one of the two`),
      );
      return;
    }
    patch = next;
  });
  if (problems.length > 0) throw new InvalidInputError("InvalidOverride", problems);
  return patch;
}

/** `patch` with `null` at `segments`; undefined when the override already gives that field a value. */
function withNullAt(
  patch: Record<string, unknown>,
  segments: readonly string[],
): Record<string, unknown> | undefined {
  const [head, ...tail] = segments as [string, ...string[]];
  const current = Object.hasOwn(patch, head) ? patch[head] : undefined;
  if (tail.length === 0) {
    if (current !== undefined && current !== null) return undefined;
    return { ...patch, [head]: null };
  }
  // Removing under a field the override removes whole is already done; under a scalar it is a contradiction.
  if (current === null) return patch;
  if (current !== undefined && !isPlainObject(current)) return undefined;
  const inner = withNullAt(current ?? {}, tail);
  return inner === undefined ? undefined : { ...patch, [head]: inner };
}
