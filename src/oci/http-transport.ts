// One HTTP exchange with a registry, done right once: scheme choice (HTTPS unless loopback or --plain-http),
// a timeout per attempt that also covers reading the body, the auth challenge, bounded retries with backoff
// for transient failures, and a metrics event per exchange. Callers get a Response only for statuses they
// must interpret (2xx, 404, other 4xx); 401/403/429/5xx and network failures become RegistryErrors here.
import { RegistryError } from "../core/errors.js";
import { Authenticator } from "./auth.js";
import type { ConnectionPolicy } from "./connection-policy.js";
import { fetchWithCredentials } from "./credential-origin.js";
import {
  attemptSignal,
  checkDeadline,
  deadlineError,
  hasExpired,
  sleepUntilDeadline,
  type Deadline,
} from "./deadline.js";
import type { CredentialStore } from "./docker-config.js";
import { resultForStatus, type RequestHook, type RequestKind } from "./metrics.js";
import {
  backoffDelay,
  describeNetworkError,
  isRetryableStatus,
  isTransientNetworkError,
  parseRetryAfter,
  retryPolicy,
  type RetryPolicy,
} from "./retry.js";

export interface TransportOptions {
  credentials: CredentialStore;
  /** Use plain HTTP for every registry (as `oras --plain-http`). Loopback hosts always use it. */
  plainHttp?: boolean;
  /** Further hosts to reach over plain HTTP (mirror targets written as `http://…`). */
  plainHttpHosts?: ReadonlySet<string>;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  now?: () => number;
  onRequest?: RequestHook;
  userAgent?: string;
  /** Hosts that may be contacted at all (`--allowed-registries`), checked on every hop and token realm. */
  connections?: ConnectionPolicy;
  /** The whole command's deadline (`ork --timeout`): aborts the request in flight and stops retries. */
  deadline?: Deadline;
}

export interface RegistryRequest {
  host: string;
  method: string;
  /** `/v2/…` relative to the registry, or an absolute URL (upload locations). */
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  kind: RequestKind;
  /** Token scope, e.g. `repository:org/app:pull`. */
  scope?: string;
  /** What is being fetched, for messages: `oci://host/repo:tag`. */
  what: string;
}

/** One request across its attempts: where it goes, and whether its single auth challenge was answered. */
interface Exchange<T> {
  req: RegistryRequest;
  consume: (response: Response) => Promise<T>;
  /** The registry's base URL: credentials belong to its origin. */
  base: URL;
  url: URL;
  challenged: boolean;
}

type Emit = (status: number | undefined, retrying: boolean, networkError?: boolean) => void;

/** Where an attempt stands in the retry budget, and how it reports its metrics event. */
interface Round {
  attempt: number;
  last: boolean;
  emit: Emit;
}

/** What the retry loop does after one attempt. */
type AttemptOutcome<T> =
  | { kind: "done"; value: T }
  | { kind: "retry"; delayMs: number }
  /** A challenge was answered: send again without counting a failed attempt. */
  | { kind: "resend" };

export class HttpTransport {
  private readonly policy: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  readonly auth: Authenticator;

  constructor(private readonly options: TransportOptions) {
    this.policy = retryPolicy(options.retry);
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.auth = new Authenticator({
      credentials: options.credentials,
      fetch: this.fetchFn,
      now: this.now,
      timeoutMs: this.timeoutMs,
      allowsPlainHttp: (host) => this.usesPlainHttp(host),
      ...(options.connections ? { connections: options.connections } : {}),
      ...(options.deadline ? { deadline: options.deadline } : {}),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
  }

  usesPlainHttp(host: string): boolean {
    return (
      this.options.plainHttp === true ||
      isLoopbackHost(host) ||
      (this.options.plainHttpHosts?.has(host) ?? false)
    );
  }

  baseUrl(host: string): string {
    return `${this.usesPlainHttp(host) ? "http" : "https"}://${host}`;
  }

  /** Sends the request and hands the response to `consume`, which runs inside the timeout and retry loop. */
  async request<T>(req: RegistryRequest, consume: (response: Response) => Promise<T>): Promise<T> {
    const base = new URL(`${this.baseUrl(req.host)}/`);
    const url = new URL(/^https?:\/\//.test(req.path) ? req.path : this.baseUrl(req.host) + req.path);
    const exchange: Exchange<T> = { req, consume, base, url, challenged: false };
    for (let attempt = 0; ; attempt++) {
      checkDeadline(this.options.deadline, req.host, req.what);
      const outcome = await this.attempt(exchange, attempt);
      if (outcome.kind === "done") return outcome.value;
      if (outcome.kind === "resend") {
        attempt--; // answering a challenge is not a failed attempt
        continue;
      }
      await sleepUntilDeadline(this.policy.sleep, outcome.delayMs, this.options.deadline);
    }
  }

  /** One attempt: send, then decide from the status whether the caller gets the response, or we go again. */
  private async attempt<T>(exchange: Exchange<T>, attempt: number): Promise<AttemptOutcome<T>> {
    const { req } = exchange;
    const last = attempt + 1 >= this.policy.attempts;
    const authorization = this.auth.headerFor(req.host, req.scope);
    const emit = this.emitterFor(req, this.now());
    let response: Response;
    try {
      response = await this.send(exchange, authorization);
    } catch (error: unknown) {
      return this.afterNetworkError(req, error, { attempt, last, emit });
    }
    const status = response.status;
    if (status === 401 && !exchange.challenged) {
      exchange.challenged = true;
      return this.afterChallenge(req, response, authorization, emit);
    }
    if (status === 401 || status === 403) return this.refused(req, response, authorization, emit);
    if (isRetryableStatus(status)) return this.afterRetryableStatus(req, response, { attempt, last, emit });
    emit(status, false);
    return this.consumed(exchange, response, { attempt, last, emit });
  }

  /** The metrics event of one attempt, timed from `started`. */
  private emitterFor(req: RegistryRequest, started: number): Emit {
    return (status, retrying, networkError = false) =>
      this.options.onRequest?.({
        registry: req.host,
        method: req.method,
        kind: req.kind,
        ...(status !== undefined ? { status } : {}),
        result: networkError || status === undefined ? "network_error" : resultForStatus(status),
        durationMs: this.now() - started,
        ...(retrying ? { retrying } : {}),
      });
  }

  private send(exchange: Exchange<unknown>, authorization: string | undefined): Promise<Response> {
    const { req, base, url } = exchange;
    const headers: Record<string, string> = {
      "user-agent": this.options.userAgent ?? "komposer",
      ...req.headers,
    };
    const init: RequestInit = {
      method: req.method,
      headers,
      signal: attemptSignal(this.timeoutMs, this.options.deadline),
    };
    if (req.body) init.body = req.body;
    return fetchWithCredentials(url, init, {
      fetch: this.fetchFn,
      credentialOrigin: base.origin,
      ...(authorization ? { authorization } : {}),
      from: base,
      what: req.what,
      ...(this.options.connections ? { connections: this.options.connections } : {}),
      ...(url.host !== base.host ? { firstHop: `the upload location from ${req.host}` } : {}),
    });
  }

  /** A request that got no response: retried while transient and attempts remain, otherwise an error. */
  private afterNetworkError(req: RegistryRequest, error: unknown, round: Round): AttemptOutcome<never> {
    const deadline = this.options.deadline;
    if (error instanceof RegistryError) throw error;
    if (hasExpired(deadline)) throw deadlineError(deadline, req.host, req.what, error);
    const retry = !round.last && isTransientNetworkError(error);
    round.emit(undefined, retry, true);
    if (retry) return { kind: "retry", delayMs: backoffDelay(round.attempt, this.policy) };
    throw this.networkError(req, error, round.attempt + 1);
  }

  /** The first 401: learn the challenge and resend when it gave us something new to send. */
  private async afterChallenge(
    req: RegistryRequest,
    response: Response,
    authorization: string | undefined,
    emit: Emit,
  ): Promise<AttemptOutcome<never>> {
    emit(response.status, true);
    await response.body?.cancel();
    const answer = await this.auth.answerChallenge(
      req.host,
      req.scope,
      response.headers.get("www-authenticate"),
      authorization,
    );
    if (answer.retry) return { kind: "resend" };
    throw unauthorized(req, answer.hadCredentials);
  }

  /** A 401 after the challenge was answered, or a 403: the registry refuses us, and the error says why. */
  private async refused(
    req: RegistryRequest,
    response: Response,
    authorization: string | undefined,
    emit: Emit,
  ): Promise<never> {
    const status = response.status;
    emit(status, false);
    await response.body?.cancel();
    if (status === 401 && this.auth.isIssuedToken(req.host, req.scope, authorization))
      throw scopeNotGranted(req);
    throw status === 401 ? unauthorized(req, true) : denied(req);
  }

  /** 429 and 5xx: back off (honouring Retry-After) while attempts remain. */
  private async afterRetryableStatus(
    req: RegistryRequest,
    response: Response,
    round: Round,
  ): Promise<AttemptOutcome<never>> {
    const status = response.status;
    round.emit(status, !round.last);
    await response.body?.cancel();
    if (round.last) {
      throw new RegistryError(
        "RegistryUnavailable",
        `${status} from ${req.host} for ${req.what} after ${round.attempt + 1} attempts; the registry is unavailable, try again later`,
        { transient: true },
      );
    }
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.now());
    return { kind: "retry", delayMs: backoffDelay(round.attempt, this.policy, retryAfter) };
  }

  /** Runs `consume`; a transient failure while reading the body is retried like a failed request. */
  private async consumed<T>(
    exchange: Exchange<T>,
    response: Response,
    round: Round,
  ): Promise<AttemptOutcome<T>> {
    const { req } = exchange;
    const deadline = this.options.deadline;
    try {
      return { kind: "done", value: await exchange.consume(response) };
    } catch (error: unknown) {
      if (!response.bodyUsed) await response.body?.cancel().catch(() => undefined);
      if (hasExpired(deadline) && !(error instanceof RegistryError))
        throw deadlineError(deadline, req.host, req.what, error);
      if (!isTransientNetworkError(error)) throw error;
      if (round.last) throw this.networkError(req, error, round.attempt + 1);
      return { kind: "retry", delayMs: backoffDelay(round.attempt, this.policy) };
    }
  }

  private networkError(req: RegistryRequest, error: unknown, attempts: number): RegistryError {
    const scheme = this.usesPlainHttp(req.host) ? "http" : "https";
    const hint = scheme === "https" ? "; for a plain-HTTP registry pass --plain-http" : "";
    return new RegistryError(
      "RegistryUnavailable",
      `cannot reach ${req.host} over ${scheme} for ${req.what} (${describeNetworkError(error)}, ${attempts} attempt${attempts === 1 ? "" : "s"})${hint}`,
      { transient: true, cause: error },
    );
  }
}

/** An error for a status the caller did not expect. */
export function unexpectedStatus(req: RegistryRequest, response: Response): RegistryError {
  return new RegistryError(
    response.status === 404 ? "ArtifactNotFound" : "RegistryUnavailable",
    `${response.status} from ${req.host} for ${req.method} ${req.what}`,
  );
}

function unauthorized(req: RegistryRequest, hadCredentials: boolean): RegistryError {
  const why = hadCredentials ? `the credentials for ${req.host} were rejected` : "authentication required";
  const again = hadCredentials ? " again" : "";
  return new RegistryError(
    "Unauthorized",
    `401 from ${req.host} for ${req.what}: ${why}; run \`docker login ${req.host}\`${again} or pass --registry-config`,
  );
}

/** The token service accepted the caller but left the requested access out of the token. */
function scopeNotGranted(req: RegistryRequest): RegistryError {
  const [, repository = "this repository", actions = "pull"] =
    /^repository:(.+):([a-z,*]+)$/.exec(req.scope ?? "") ?? [];
  const action = actions.includes("push") ? "push to" : "pull from";
  return new RegistryError(
    "Unauthorized",
    `401 from ${req.host} for ${req.what}: its token service did not grant ${actions} access to ${repository} ` +
      `for these credentials; check that the account may ${action} ${repository}`,
  );
}

function denied(req: RegistryRequest): RegistryError {
  const action = req.scope?.endsWith("push") ? "push to" : "pull from";
  return new RegistryError(
    "Unauthorized",
    `403 from ${req.host} for ${req.what}: access denied; check that your account may ${action} this repository`,
  );
}

/** 127.0.0.0/8, localhost and [::1], with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  return name === "localhost" || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
