// The HTTP status a failed call carries, whichever client threw it: client-node's ApiException has `code`, its
// watch errors have `statusCode`. Read in one place; the kube adapter (statusCodeOf, and through it the API
// error classification the controller's results come from) uses it.

/** The HTTP status (100–599) of a failed call, if `error` carries one; a string `code` such as ECONNREFUSED is not. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  const status = typeof e.statusCode === "number" ? e.statusCode : e.code;
  return typeof status === "number" && status >= 100 && status < 600 ? status : undefined;
}
