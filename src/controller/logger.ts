// JSON logs, one line per entry, in the Kubernetes style: a capitalised past-tense message and structured
// fields (`log.info({komposer, digest}, "Activated bundle")`). Credentials never reach a log line: fields
// with secret-looking names are redacted, and values are scrubbed of bearer/basic tokens and URL passwords.
import { ApiException } from "@kubernetes/client-node";
import { apiErrorMessage } from "../kube/errors.js";
import { systemClock, type Clock } from "./clock.js";

export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LogLevel;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(fields: LogFields, msg: string): void;
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
  /** A logger that adds `fields` to every line (e.g. `{controller: "komposer", komposer: "ns/name"}`). */
  child(fields: LogFields): Logger;
  enabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives one complete line, newline included. Defaults to stderr. */
  write?: (line: string) => void;
  clock?: Clock;
}

export const REDACTED = "[REDACTED]";

// Names are compared after lower-casing and dropping `-`/`_`. `restartToken` is a user-visible GitOps knob,
// not a credential, so token-named fields are matched exactly rather than by substring.
const secretNames =
  /(password|passwd|secret|credential|privatekey|apikey|accesskey|authorization|dockerconfigjson|cookie)/;
const secretExact = new Set([
  "token",
  "accesstoken",
  "refreshtoken",
  "bearertoken",
  "idtoken",
  "auth",
  "identitytoken",
  "registrytoken",
]);

/** True for field names whose values must never be logged. */
export function isSecretField(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, "");
  return secretExact.has(n) || secretNames.test(n);
}

/** Removes credentials embedded in free text: `Bearer x`, `Basic x`, `https://user:pass@host`. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, `$1$2:${REDACTED}@`);
}

/** A JSON-safe copy of `value` with secrets redacted; Errors become `{name, message, reason, cause}`. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[Truncated]";
  if (typeof value === "string") return scrubSecrets(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return redactError(value, depth);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretField(k) ? REDACTED : redact(v, depth + 1);
  return out;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const e = error as Error & { reason?: unknown; disposition?: unknown; code?: unknown };
  // An API server answer: the status and the Status message, not client-node's whole escaped response body.
  const message = error instanceof ApiException ? apiErrorMessage(error) : e.message;
  const out: Record<string, unknown> = { name: e.name, message: scrubSecrets(message) };
  if (typeof e.reason === "string") out.reason = e.reason;
  if (typeof e.disposition === "string") out.disposition = e.disposition;
  if (typeof e.code === "number" || typeof e.code === "string") out.code = e.code;
  if (e.cause !== undefined) out.cause = redact(e.cause, depth + 1);
  return out;
}

class JsonLogger implements Logger {
  constructor(
    private readonly base: LogFields,
    private readonly threshold: number,
    private readonly write: (line: string) => void,
    private readonly clock: Clock,
  ) {}

  debug(fields: LogFields, msg: string): void {
    this.log("debug", fields, msg);
  }
  info(fields: LogFields, msg: string): void {
    this.log("info", fields, msg);
  }
  warn(fields: LogFields, msg: string): void {
    this.log("warn", fields, msg);
  }
  error(fields: LogFields, msg: string): void {
    this.log("error", fields, msg);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger({ ...this.base, ...fields }, this.threshold, this.write, this.clock);
  }

  enabled(level: LogLevel): boolean {
    return LogLevel[level] >= this.threshold;
  }

  private log(level: LogLevel, fields: LogFields, msg: string): void {
    if (!this.enabled(level)) return;
    const extra = redact({ ...this.base, ...fields }) as LogFields;
    // The envelope keys belong to the logger; a field of the same name must not overwrite them.
    delete extra.ts;
    delete extra.level;
    delete extra.msg;
    const entry = { ts: new Date(this.clock.now()).toISOString(), level, msg: scrubSecrets(msg), ...extra };
    this.write(`${safeStringify(entry)}\n`);
  }
}

// A log call must never throw, whatever a caller passes in (cycles are cut by redact's depth limit).
function safeStringify(entry: LogFields): string {
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({
      ts: entry.ts,
      level: entry.level,
      msg: entry.msg,
      logError: "Fields were not serialisable",
    });
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  return new JsonLogger({}, LogLevel[options.level ?? "info"], write, options.clock ?? systemClock);
}

/** Discards everything: the default for library code whose caller passes no logger. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
