// Where credentials may go. They belong to one origin (scheme, host and port) and are attached only to requests
// for exactly that origin; no request made on a server's word (an upload Location, a redirect, a token realm)
// may go to a lower scheme than the one it came from. Every request that can carry credentials goes through
// `fetchWithCredentials`, which follows redirects itself so the same check applies to every hop.
import { RegistryError } from "../core/errors.js";
import { checkConnection, type ConnectionPolicy } from "./connection-policy.js";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface CredentialRequest {
  fetch: typeof fetch;
  /** The origin the Authorization header belongs to, e.g. `https://ghcr.io`. */
  credentialOrigin: string;
  authorization?: string;
  /** The URL the request was derived from (the registry's base URL): the first hop may not go below its scheme. */
  from: URL;
  /** For messages: `oci://host/repo:tag`. */
  what: string;
  /** The body itself is a credential (a refresh-token grant): never resend it to another origin. */
  bodyIsCredential?: boolean;
  /** Hosts this client may contact (`--allowed-registries`); checked before every hop. */
  connections?: ConnectionPolicy;
  /** Why the first hop goes where it goes, for a refusal: `the token realm of ghcr.io`. Default: the request. */
  firstHop?: string;
}

/** Whether `to` is plain HTTP when `from` was HTTPS. */
export function isDowngrade(from: URL, to: URL): boolean {
  return from.protocol === "https:" && to.protocol !== "https:";
}

/** Refuses a URL a server sent us when it would lower the scheme. */
export function refuseDowngrade(from: URL, to: URL, what: string): void {
  if (isDowngrade(from, to) || (to.protocol !== "https:" && to.protocol !== "http:")) {
    throw new RegistryError(
      "InsecureRedirect",
      `${what}: ${from.host} (HTTPS) pointed to ${to.protocol}//${to.host}, plain HTTP or another scheme; refusing to leave HTTPS, nothing was sent there`,
    );
  }
}

/** The Authorization header for `url`, if and only if it is the credentials' own origin. */
export function authorizationFor(
  url: URL,
  credentialOrigin: string,
  authorization: string | undefined,
): string | undefined {
  return url.origin === credentialOrigin ? authorization : undefined;
}

/**
 * `fetch` with `redirect: "manual"`, following up to five redirects: each hop is checked for a downgrade and
 * gets the Authorization header only when it is the credentials' origin (a blob redirect to a CDN goes without).
 */
export async function fetchWithCredentials(
  url: URL,
  init: RequestInit,
  request: CredentialRequest,
): Promise<Response> {
  let from = request.from;
  let current = url;
  let currentInit = init;
  for (let hop = 0; ; hop++) {
    refuseDowngrade(from, current, request.what);
    checkConnection(
      request.connections,
      current,
      request.what,
      hop === 0 ? (request.firstHop ?? "the request") : `a redirect from ${from.host}`,
    );
    const headers = hopHeaders(current, currentInit, request);
    const response = await request.fetch(current, { ...currentInit, headers, redirect: "manual" });
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) {
      throw new RegistryError(
        "RegistryUnavailable",
        `${request.what}: more than ${MAX_REDIRECTS} redirects from ${url.host}`,
      );
    }
    from = current;
    current = new URL(location, current);
    refuseCredentialBody(from, current, currentInit, request);
    currentInit = redirectedInit(response.status, currentInit);
  }
}

/** The hop's headers: the caller's, with the Authorization header only for the credentials' own origin. */
function hopHeaders(url: URL, init: RequestInit, request: CredentialRequest): Headers {
  const headers = new Headers(init.headers);
  headers.delete("authorization");
  const authorization = authorizationFor(url, request.credentialOrigin, request.authorization);
  if (authorization) headers.set("authorization", authorization);
  return headers;
}

/** A body that is itself a credential (a refresh token) never follows a redirect to another origin. */
function refuseCredentialBody(from: URL, to: URL, init: RequestInit, request: CredentialRequest): void {
  if (request.bodyIsCredential && init.body != null && to.origin !== request.credentialOrigin) {
    throw new RegistryError(
      "InsecureRedirect",
      `${request.what}: ${from.host} redirected a credential request to ${to.host}; refusing to send it there`,
    );
  }
}

/** As browsers do: 303, and 301/302 after a POST, continue as a GET without a body. */
function redirectedInit(status: number, init: RequestInit): RequestInit {
  const method = init.method ?? "GET";
  if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
    const { body: _body, ...rest } = init;
    return { ...rest, method: method === "HEAD" ? "HEAD" : "GET" };
  }
  return init;
}
