// Recognising API server answers (the HTTP status itself is read by core/http-status.ts, which knows both
// client-node shapes: ApiException `code` and watch errors `statusCode`), so callers test meaning, not shapes.
import { ApiException } from "@kubernetes/client-node";
import { httpStatusOf } from "../core/http-status.js";

/** The HTTP status of a failed API call, if `error` carries one (the adapter's name for core's httpStatusOf). */
export const statusCodeOf = httpStatusOf;

export const isNotFound = (error: unknown): boolean => statusCodeOf(error) === 404;
export const isConflict = (error: unknown): boolean => statusCodeOf(error) === 409;

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
