// Kubernetes API failures, classified once (issue 10b). A 403 or a 422 will not change by retrying: the
// operator lacks a permission or wrote something the API server refuses, so the Komposer is Stalled with the
// permission or the field named. Conflicts, throttling, 5xx, timeouts and lost connections are transient.
import { KomposerError } from "../core/errors.js";
import { Disposition, REASONS, type KubeApiReason } from "../core/reasons.js";
import { apiErrorMessage, statusCodeOf } from "./errors.js";

export class KubeApiError extends KomposerError {
  readonly disposition: Disposition;
  constructor(
    readonly reason: KubeApiReason,
    message: string,
    /** The HTTP status, when the API server answered (kept so `statusCodeOf` still reads it). */
    readonly code: number | undefined,
    cause: unknown,
  ) {
    super(message, { cause });
    this.disposition = REASONS[reason].disposition;
  }
}

/** Error codes of a request that never got an answer (Node's net/undici and client-node's fetch). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
]);

/** The API failure `error` is, or undefined when it is not one (a bug, a registry error…). */
export function classifyApiError(error: unknown): KubeApiError | undefined {
  if (error instanceof KubeApiError) return error;
  const code = statusCodeOf(error);
  if (code !== undefined) return fromStatus(code, error);
  if (isConnectionError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new KubeApiError(
      "APIUnreachable",
      `the Kubernetes API server was unreachable: ${detail}`,
      undefined,
      error,
    );
  }
  return undefined;
}

function fromStatus(code: number, error: unknown): KubeApiError {
  const status = statusBody(error);
  const message = apiErrorMessage(error);
  if (code === 403) return new KubeApiError("Forbidden", forbiddenMessage(status, message), code, error);
  if (code === 422) return new KubeApiError("Invalid", invalidMessage(status, message), code, error);
  if (code === 409) return new KubeApiError("Conflict", `conflict, will retry: ${message}`, code, error);
  if (code === 429)
    return new KubeApiError("TooManyRequests", `throttled, will retry: ${message}`, code, error);
  if (code >= 500)
    return new KubeApiError("APIServerError", `API server error, will retry: ${message}`, code, error);
  return new KubeApiError("APIRequestFailed", `API request failed, will retry: ${message}`, code, error);
}

interface StatusBody {
  message?: string;
  details?: { name?: string; kind?: string; group?: string; causes?: { field?: string; message?: string }[] };
}

/** The metav1.Status the API server answered with, whether client-node parsed it or not. */
function statusBody(error: unknown): StatusBody {
  const body = (error as { body?: StatusBody | string } | null)?.body;
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return {};
    }
  }
  return typeof body === "object" && body !== null ? body : {};
}

const FORBIDDEN =
  /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/;

/**
 * `configmaps "x" is forbidden: User "system:serviceaccount:ops:komposer" cannot patch resource "configmaps"
 * in API group "" in the namespace "team-a"` → the verb, resource, group and namespace, and what to grant.
 */
export function forbiddenMessage(status: StatusBody, fallback: string): string {
  const text = status.message ?? fallback;
  const m = FORBIDDEN.exec(text);
  if (!m) return `the operator is not allowed to do this: ${text}; grant the permission in its RBAC`;
  const [, user, verb, resource, group = "", namespace] = m;
  const where = namespace ? `in namespace ${namespace}` : "cluster-wide";
  const apiGroup = group === "" ? "core" : group;
  return (
    `the operator (${user}) lacks permission to ${verb} ${resource} (API group ${apiGroup}) ${where}; ` +
    `grant verb "${verb}" on "${resource}" to its ServiceAccount (helm chart RBAC); the Komposer is ` +
    `retried at the next interval or edit`
  );
}

/** The fields a 422 names (`spec.x: Invalid value…`), else the API server's message. */
export function invalidMessage(status: StatusBody, fallback: string): string {
  const what = [status.details?.kind, status.details?.name].filter(Boolean).join(" ");
  const causes = (status.details?.causes ?? []).map((c) =>
    c.field ? `${c.field}: ${c.message ?? ""}` : (c.message ?? ""),
  );
  const detail = causes.length > 0 ? causes.join("; ") : (status.message ?? fallback);
  return `the API server refused ${what || "an object"} the operator wrote as invalid: ${detail}`;
}

function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError")) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
