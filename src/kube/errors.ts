// Recognising API server answers. client-node 2.x throws ApiException (with `code`) from request methods and
// plain Errors with `statusCode` from watches; both are read here so callers test meaning, not shapes.
import { ApiException } from "@kubernetes/client-node";

/** The HTTP status of a failed API call, if `error` carries one. */
export function statusCodeOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e.statusCode === "number") return e.statusCode;
  return typeof e.code === "number" ? e.code : undefined;
}

export const isNotFound = (error: unknown): boolean => statusCodeOf(error) === 404;
export const isConflict = (error: unknown): boolean => statusCodeOf(error) === 409;
export const isAlreadyExists = isConflict;
export const isGone = (error: unknown): boolean => statusCodeOf(error) === 410;

/** The API server's own message (`configmaps "x" is forbidden: ...`), else the error's message. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    const parsed = typeof body === "string" ? tryParse(body) : body;
    if (
      parsed &&
      typeof parsed === "object" &&
      typeof (parsed as { message?: unknown }).message === "string"
    ) {
      return `${(parsed as { message: string }).message} (HTTP ${error.code})`;
    }
    return `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs `call`; a 404 becomes `undefined`, anything else is rethrown. */
export async function orUndefinedOnNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
