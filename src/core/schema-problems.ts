// Turns zod issues into Problems users can act on: each with file, line, dotted path and a message that says
// what to write instead. Field-specific messages live on the schemas (src/api); this file supplies the
// generic ones and untangles unions (a registry import is a string *or* a map: report the branch meant).
import type { z } from "zod";
import type { Problem } from "./errors.js";
import { describeType, formatPath, valueAt, type FieldPath } from "./field-path.js";
import type { Locator } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: "a map",
  record: "a map",
  array: "a list",
  string: "a string",
  boolean: "true or false",
  number: "a number",
  int: "a whole number",
};

/** Per-parse error map: used wherever a schema has no message of its own. */
export function defaultErrorMessage(issue: RawIssue): string | undefined {
  const path = (issue.path ?? []) as FieldPath;
  const field = path.length > 0 ? String(path[path.length - 1]) : "value";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return missingFieldMessage(field);
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, found ${describeType(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${JSON.stringify(issue.input)}`;
    case "too_small":
      return issue.origin === "string"
        ? `${field} must not be empty`
        : `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}

function missingFieldMessage(field: string): string {
  if (field === "apiTypes") {
    return "missing apiTypes: every CRD needs explicit apiTypes {group, version, kind, plural}";
  }
  return `${field} is required`;
}

export interface ProblemContext {
  file: string;
  locate: Locator;
  /** The validated value, to describe what was found. */
  value: unknown;
  /** Prepended to issue paths (when a sub-value was validated). */
  prefix?: FieldPath;
}

export function problemsFromIssues(issues: readonly Issue[], context: ProblemContext): Problem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, context, []));
}

function problemsFromIssue(issue: Issue, context: ProblemContext, base: FieldPath): Problem[] {
  const path = [...base, ...(issue.path as FieldPath)];
  if (issue.code === "invalid_union") return problemsFromUnion(issue, context, path);
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [problemAt(context, path, message)];
}

/**
 * A union failed on every branch. The branch whose type matched (its errors are about inner fields) is the one
 * the user meant; report its errors. When no branch matched even the type, say which types are accepted.
 */
function problemsFromUnion(
  issue: Extract<Issue, { code: "invalid_union" }>,
  context: ProblemContext,
  path: FieldPath,
): Problem[] {
  const typeMismatch = (errors: readonly Issue[]) =>
    errors.some((e) => e.code === "invalid_type" && e.path.length === 0);
  const meant = issue.errors.filter((errors) => !typeMismatch(errors));
  if (meant.length === 1 && meant[0]) return meant[0].flatMap((e) => problemsFromIssue(e, context, path));
  const expected = issue.errors
    .flatMap((errors) => errors.filter((e) => e.code === "invalid_type" && e.path.length === 0))
    .map((e) => (e.code === "invalid_type" ? (TYPE_NAMES[e.expected] ?? e.expected) : ""));
  const found = describeType(valueAt(context.value, path));
  const wanted = expected.length > 0 ? [...new Set(expected)].join(" or ") : "a different value";
  return [problemAt(context, path, `must be ${wanted}, found ${found}`)];
}

export function problemAt(
  context: Pick<ProblemContext, "file" | "locate" | "prefix">,
  path: FieldPath,
  message: string,
  severity: Problem["severity"] = "error",
): Problem {
  const full = [...(context.prefix ?? []), ...path];
  const line = context.locate(full);
  return {
    file: context.file,
    ...(line === undefined ? {} : { line }),
    path: formatPath(full),
    message,
    severity,
  };
}
