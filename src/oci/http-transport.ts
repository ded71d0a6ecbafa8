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
    let challenged = false;
    const deadline = this.options.deadline;
    const pause = (ms: number) => sleepUntilDeadline(this.policy.sleep, ms, deadline);
    for (let attempt = 0; ; attempt++) {
      checkDeadline(deadline, req.host, req.what);
      const last = attempt + 1 >= this.policy.attempts;
      const headers: Record<string, string> = {
        "user-agent": this.options.userAgent ?? "komposer",
        ...req.headers,
      };
      const authorization = this.auth.headerFor(req.host, req.scope);
      const started = this.now();
      const emit = (status: number | undefined, retrying: boolean, networkError = false) =>
        this.options.onRequest?.({
          registry: req.host,
          method: req.method,
          kind: req.kind,
          ...(status !== undefined ? { status } : {}),
          result: networkError || status === undefined ? "network_error" : resultForStatus(status),
          durationMs: this.now() - started,
          ...(retrying ? { retrying } : {}),
        });
      let response: Response;
      try {
        const init: RequestInit = {
          method: req.method,
          headers,
          signal: attemptSignal(this.timeoutMs, deadline),
        };
        if (req.body) init.body = req.body;
        response = await fetchWithCredentials(url, init, {
          fetch: this.fetchFn,
          credentialOrigin: base.origin,
          ...(authorization ? { authorization } : {}),
          from: base,
          what: req.what,
          ...(this.options.connections ? { connections: this.options.connections } : {}),
          ...(url.host !== base.host ? { firstHop: `the upload location from ${req.host}` } : {}),
        });
      } catch (error: unknown) {
        if (error instanceof RegistryError) throw error;
        if (hasExpired(deadline)) throw deadlineError(deadline, req.host, req.what, error);
        const retry = !last && isTransientNetworkError(error);
        emit(undefined, retry, true);
        if (retry) {
          await pause(backoffDelay(attempt, this.policy));
          continue;
        }
        throw this.networkError(req, error, attempt + 1);
      }
      const status = response.status;
      if (status === 401 && !challenged) {
        emit(status, true);
        challenged = true;
        await response.body?.cancel();
        const answer = await this.auth.answerChallenge(
          req.host,
          req.scope,
          response.headers.get("www-authenticate"),
          authorization,
        );
        if (answer.retry) {
          attempt--; // answering a challenge is not a failed attempt
          continue;
        }
        throw unauthorized(req, answer.hadCredentials);
      }
      if (status === 401 || status === 403) {
        emit(status, false);
        await response.body?.cancel();
        throw status === 401 ? unauthorized(req, true) : denied(req);
      }
      if (isRetryableStatus(status)) {
        emit(status, !last);
        await response.body?.cancel();
        if (last) {
          throw new RegistryError(
            "RegistryUnavailable",
            `${status} from ${req.host} for ${req.what} after ${attempt + 1} attempts; the registry is unavailable, try again later`,
            { transient: true },
          );
        }
        await pause(
          backoffDelay(
            attempt,
            this.policy,
            parseRetryAfter(response.headers.get("retry-after"), this.now()),
          ),
        );
        continue;
      }
      emit(status, false);
      try {
        return await consume(response);
      } catch (error: unknown) {
        if (!response.bodyUsed) await response.body?.cancel().catch(() => undefined);
        if (hasExpired(deadline) && !(error instanceof RegistryError))
          throw deadlineError(deadline, req.host, req.what, error);
        if (!isTransientNetworkError(error)) throw error;
        if (last) throw this.networkError(req, error, attempt + 1);
        await pause(backoffDelay(attempt, this.policy));
      }
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
