// The registry auth challenge flow (distribution token spec): a 401 carries `WWW-Authenticate`; Basic means
// "send credentials with every request", Bearer means "get a token for this scope from the realm" (with
// credentials when we have them, anonymously otherwise — public repositories on ghcr.io need a token too).
// Tokens are cached per host and scope until they expire. Credentials never appear in errors.
import { RegistryError } from "../core/errors.js";
import { BodyLimits, readJsonBody } from "./bounded-read.js";
import type { ConnectionPolicy } from "./connection-policy.js";
import { fetchWithCredentials, refuseDowngrade } from "./credential-origin.js";
import { attemptSignal, checkDeadline, deadlineError, hasExpired, type Deadline } from "./deadline.js";
import type { CredentialStore, Credentials } from "./docker-config.js";
import { describeNetworkError } from "./retry.js";
import type { RequestHook } from "./metrics.js";

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export interface AuthenticatorOptions {
  credentials: CredentialStore;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
  /** Whether talking plain HTTP to this host is acceptable (loopback or --plain-http). */
  allowsPlainHttp: (host: string) => boolean;
  onRequest?: RequestHook;
  /** Hosts that may be contacted (`--allowed-registries`): a realm elsewhere is refused before any request. */
  connections?: ConnectionPolicy;
  deadline?: Deadline;
}

export interface ChallengeAnswer {
  /** A new Authorization header is available: resend the request. */
  retry: boolean;
  /** Whether credentials for the host were found (shapes the error message). */
  hadCredentials: boolean;
}

const DEFAULT_TOKEN_SECONDS = 60;

export class Authenticator {
  private readonly basic = new Map<string, string>();
  /** `issued`: the token service made this token for us (not a registry token taken from the docker config). */
  private readonly tokens = new Map<string, { header: string; expiresAt: number; issued: boolean }>();
  /** Concurrent requests that hit the same challenge share one token request. */
  private readonly pendingTokens = new Map<string, Promise<TokenGrant | undefined>>();

  constructor(private readonly options: AuthenticatorOptions) {}

  /** The Authorization header to send proactively, if a previous challenge taught us one. */
  headerFor(host: string, scope: string | undefined): string | undefined {
    const token = this.tokens.get(tokenKey(host, scope));
    if (token && token.expiresAt > this.options.now()) return token.header;
    return this.basic.get(host);
  }

  /**
   * Whether `header` is a token the token service just issued: a 401 for it means the service accepted who we
   * are but did not grant the scope (it leaves refused actions out of the token), not that credentials are wrong.
   */
  isIssuedToken(host: string, scope: string | undefined, header: string | undefined): boolean {
    const token = this.tokens.get(tokenKey(host, scope));
    return header !== undefined && token?.header === header && token.issued;
  }

  /**
   * Learns from a 401. `sent` is the Authorization header the refused request carried: when it is the one we
   * would send again, the credentials were rejected; when it is older (a concurrent request already answered
   * the same challenge), we simply resend with the current one.
   */
  async answerChallenge(
    host: string,
    scope: string | undefined,
    header: string | null,
    sent: string | undefined,
  ): Promise<ChallengeAnswer> {
    const challenges = parseWwwAuthenticate(header ?? "");
    const bearer = challenges.find((c) => c.scheme === "bearer");
    const basic = challenges.find((c) => c.scheme === "basic");
    const credentials = await this.options.credentials.get(host);
    const hadCredentials = credentials !== undefined;
    if (bearer) {
      const retry = await this.answerBearer({ host, scope, challenge: bearer, credentials, sent });
      return { retry, hadCredentials };
    }
    const value = basic ? basicAuthorization(credentials) : undefined;
    if (value !== undefined) {
      if (sent === value) return { retry: false, hadCredentials }; // these very credentials were refused
      this.basic.set(host, value);
      return { retry: true, hadCredentials };
    }
    return { retry: false, hadCredentials };
  }

  /** Gets (or shares) a token for the challenge; whether a new Authorization header is there to resend with. */
  private async answerBearer(asked: {
    host: string;
    scope: string | undefined;
    challenge: Challenge;
    credentials: Credentials | undefined;
    sent: string | undefined;
  }): Promise<boolean> {
    const { host, scope, challenge, credentials, sent } = asked;
    const key = tokenKey(host, scope);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.options.now() && cached.header !== sent) return true;
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = (
        credentials?.registryToken
          ? Promise.resolve({ value: credentials.registryToken })
          : this.fetchToken(host, scope, challenge, credentials)
      ).finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    const token = await pending;
    if (token === undefined) return false;
    const expiresAt = this.options.now() + (token.expiresIn ?? DEFAULT_TOKEN_SECONDS) * 1000 - 5_000;
    const issued = !credentials?.registryToken;
    this.tokens.set(key, { header: `Bearer ${token.value}`, expiresAt, issued });
    return true;
  }

  /** One token request to the realm the challenge names; undefined when the token service refuses us. */
  private async fetchToken(
    host: string,
    scope: string | undefined,
    challenge: Challenge,
    credentials: Credentials | undefined,
  ): Promise<TokenGrant | undefined> {
    const url = tokenRealm(host, challenge, this.options.allowsPlainHttp);
    const scopes = new Set((challenge.params.scope ?? "").split(" ").filter((s) => s !== ""));
    if (scope) scopes.add(scope);
    const started = this.options.now();
    const what = `token service of ${host}`;
    checkDeadline(this.options.deadline, url.host, what);
    const init: RequestInit = { signal: attemptSignal(this.options.timeoutMs, this.options.deadline) };
    const authorization = shapeTokenRequest(url, init, {
      service: challenge.params.service,
      scopes,
      credentials,
    });
    const metric = { registry: host, method: init.method ?? "GET", kind: "token" as const };
    let response: Response;
    try {
      // The credentials go to the realm the registry named, and on redirects only back to that same origin.
      response = await fetchWithCredentials(url, init, {
        fetch: this.options.fetch,
        credentialOrigin: url.origin,
        ...(authorization ? { authorization } : {}),
        from: url,
        what,
        bodyIsCredential: true,
        firstHop: `the token realm of ${host}`,
        ...(this.options.connections ? { connections: this.options.connections } : {}),
      });
    } catch (error: unknown) {
      if (error instanceof RegistryError) throw error;
      if (hasExpired(this.options.deadline))
        throw deadlineError(this.options.deadline, url.host, what, error);
      this.options.onRequest?.({
        ...metric,
        result: "network_error",
        durationMs: this.options.now() - started,
      });
      throw new RegistryError(
        "RegistryUnavailable",
        `token service of ${host} (${url.host}) failed: ${describeNetworkError(error)}`,
        { transient: true, cause: error },
      );
    }
    this.options.onRequest?.({
      ...metric,
      status: response.status,
      result: tokenResult(response),
      durationMs: this.options.now() - started,
    });
    return this.tokenOfResponse(response, host, url);
  }

  /** The grant in a token service's answer: none on 401/403, an error on any other failure. */
  private async tokenOfResponse(response: Response, host: string, url: URL): Promise<TokenGrant | undefined> {
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError("RegistryUnavailable", `token service of ${host} answered ${response.status}`, {
        transient: response.status >= 500,
      });
    }
    const what = `token service of ${host}`;
    const body = ((await readJsonBody(response, {
      what: `token response of ${host}`,
      maxBytes: BodyLimits.tokenBytes,
    }).catch((error: unknown) => {
      if (error instanceof RegistryError) throw error;
      if (hasExpired(this.options.deadline))
        throw deadlineError(this.options.deadline, url.host, what, error);
      throw new RegistryError(
        "RegistryUnavailable",
        `token service of ${host} (${url.host}) failed while answering: ${describeNetworkError(error)}`,
        { transient: true, cause: error },
      );
    })) ?? {}) as TokenBody;
    return grantOf(body, host);
  }
}

type TokenGrant = { value: string; expiresIn?: number };
type TokenBody = { token?: unknown; access_token?: unknown; expires_in?: unknown };

/** `Basic` for a username and password; undefined for other kinds of credentials (or none). */
function basicAuthorization(credentials: Credentials | undefined): string | undefined {
  if (credentials?.username === undefined || credentials.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** The realm URL, refused before any request when it is malformed or would leave HTTPS. */
function tokenRealm(host: string, challenge: Challenge, allowsPlainHttp: (host: string) => boolean): URL {
  let url: URL;
  try {
    url = new URL(challenge.params.realm ?? "");
  } catch {
    throw new RegistryError("Unauthorized", `${host} asked for a bearer token without a valid realm URL`);
  }
  const registry = new URL(`${allowsPlainHttp(host) ? "http" : "https"}://${host}/`);
  refuseDowngrade(registry, url, `token realm of ${host}`);
  if (url.protocol !== "https:" && !allowsPlainHttp(url.host)) {
    throw new RegistryError(
      "InsecureRedirect",
      `${host} sent a token realm over plain HTTP (${url.host}); refusing to send credentials there`,
    );
  }
  return url;
}

/**
 * Puts service, scopes and credentials into the token request (`url` and `init` are changed in place); returns
 * the Authorization header, if any. An identity token is an OAuth2 refresh-token grant (POST), as Docker sends.
 */
function shapeTokenRequest(
  url: URL,
  init: RequestInit,
  grant: { service: string | undefined; scopes: ReadonlySet<string>; credentials: Credentials | undefined },
): string | undefined {
  const { service, scopes, credentials } = grant;
  if (credentials?.identityToken) {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: credentials.identityToken,
      client_id: "komposer",
    });
    if (service) form.set("service", service);
    if (scopes.size > 0) form.set("scope", [...scopes].join(" "));
    init.method = "POST";
    init.body = form;
    return undefined;
  }
  if (service) url.searchParams.set("service", service);
  for (const s of scopes) url.searchParams.append("scope", s);
  return basicAuthorization(credentials);
}

/** The metrics result of a token service's answer. */
function tokenResult(response: Response): "ok" | "unauthorized" | "server_error" {
  if (response.ok) return "ok";
  return response.status === 401 || response.status === 403 ? "unauthorized" : "server_error";
}

/** Distribution's `token`, else OAuth2's `access_token`; a lifetime only when it is a positive number. */
function grantOf(body: TokenBody, host: string): TokenGrant {
  const value =
    typeof body.token === "string"
      ? body.token
      : typeof body.access_token === "string"
        ? body.access_token
        : undefined;
  if (!value) throw new RegistryError("Unauthorized", `token service of ${host} returned no token`);
  return typeof body.expires_in === "number" && body.expires_in > 0
    ? { value, expiresIn: body.expires_in }
    : { value };
}

/** Parses `Bearer realm="…",service="…",scope="…"` (one or more challenges). Scheme names are lower-cased. */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const re = /\s*([A-Za-z][\w-]*)(?:\s+|$)|\s*([A-Za-z][\w-]*)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]*)\s*,?/y;
  let current: Challenge | undefined;
  while (re.lastIndex < header.length) {
    const start = re.lastIndex;
    const match = re.exec(header);
    if (!match || re.lastIndex === start) break;
    if (match[2] !== undefined && current) {
      const raw = match[4] !== undefined ? match[4].replace(/\\(.)/g, "$1") : (match[3] ?? "");
      current.params[match[2].toLowerCase()] = raw;
    } else if (match[1] !== undefined) {
      current = { scheme: match[1].toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

function tokenKey(host: string, scope: string | undefined): string {
  return `${host} ${scope ?? ""}`;
}
