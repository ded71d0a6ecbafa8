import { ApiException } from "@kubernetes/client-node";
import { FakeClock } from "../../test/support/fake-clock.js";
import { createLogger, isSecretField, redact, REDACTED, scrubSecrets } from "./logger.js";
import { RegistryError } from "../core/errors.js";

function capture(level: "debug" | "info" | "warn" | "error" = "info") {
  const lines: string[] = [];
  const log = createLogger({
    level,
    write: (l) => lines.push(l),
    clock: new FakeClock(Date.UTC(2026, 0, 2, 3, 4, 5)),
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, parsed };
}

describe("logger", () => {
  it("writes one JSON line per entry with timestamp, level, message and fields", () => {
    const { log, lines, parsed } = capture();
    log.info({ komposer: "team-a/platform", digest: "sha256:abc" }, "Activated bundle");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(lines[0]!.trimEnd()).not.toContain("\n");
    expect(parsed()[0]).toEqual({
      ts: "2026-01-02T03:04:05.000Z",
      level: "info",
      msg: "Activated bundle",
      komposer: "team-a/platform",
      digest: "sha256:abc",
    });
  });

  it("filters by level", () => {
    const { log, parsed } = capture("warn");
    log.debug({}, "Listed objects");
    log.info({}, "Resolved imports");
    log.warn({}, "Skipped unknown field");
    log.error({}, "Failed to patch status");
    expect(parsed().map((e) => e.level)).toEqual(["warn", "error"]);
    expect(log.enabled("info")).toBe(false);
  });

  it("adds child fields and lets call fields override them, but never the envelope", () => {
    const { log, parsed } = capture();
    log
      .child({ controller: "komposer", komposer: "a/b" })
      .info({ komposer: "a/c", level: "fake", msg: "x" }, "Staged bundle");
    expect(parsed()[0]).toMatchObject({
      controller: "komposer",
      komposer: "a/c",
      level: "info",
      msg: "Staged bundle",
    });
  });

  it("serialises errors with reason, disposition and cause", () => {
    const { log, parsed } = capture();
    const err = new RegistryError("RegistryUnavailable", "GET https://u:hunter2@reg.example/v2/ failed", {
      transient: true,
      cause: new Error("ECONNRESET"),
    });
    log.error({ err }, "Failed to resolve imports");
    expect(parsed()[0]!.err).toEqual({
      name: "RegistryError",
      message: `GET https://u:${REDACTED}@reg.example/v2/ failed`,
      reason: "RegistryUnavailable",
      disposition: "transient",
      cause: { name: "Error", message: "ECONNRESET" },
    });
  });

  it("logs an API server error as its status and Status message, not the whole escaped body", () => {
    const { log, parsed } = capture();
    const body = JSON.stringify({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: "storage is (re)initializing",
      reason: "TooManyRequests",
      details: {
        retryAfterSeconds: 1,
        causes: Array.from({ length: 20 }, (_, i) => ({ message: `cause ${i}` })),
      },
      code: 429,
    });
    const err = new ApiException(
      429,
      `HTTP-Code: 429\nMessage: Unknown API Status Code!\nBody: ${JSON.stringify(body)}`,
      body,
      {},
    );
    log.warn({ err, retryInMs: 1000 }, "Komposer informer failed; restarting");
    const logged = parsed()[0]!.err as { message: string; code: number };
    expect(logged.message).toBe("storage is (re)initializing (HTTP 429)");
    expect(logged.code).toBe(429);
  });

  it("never logs secrets", () => {
    const { log, lines } = capture();
    log.info(
      {
        password: "hunter2",
        registry: {
          username: "bob",
          Password: "hunter2",
          auths: { "ghcr.io": { auth: "Ym9iOmh1bnRlcjI=" } },
        },
        headers: { Authorization: "Bearer eyJhbGciOi" },
        note: "sent Bearer eyJhbGciOi to the server",
        ".dockerconfigjson": "{}",
        client_secret: "s3cr3t",
        token: "abc",
        restartToken: "2026-11-24-1",
      },
      "Loaded credentials",
    );
    const line = lines[0]!;
    for (const secret of ["hunter2", "Ym9iOmh1bnRlcjI=", "eyJhbGciOi", "s3cr3t", '"abc"'])
      expect(line).not.toContain(secret);
    expect(line).toContain("2026-11-24-1");
    expect(line).toContain('"username":"bob"');
  });

  it("never throws on odd input", () => {
    const { log, parsed } = capture();
    const cyclic: Record<string, unknown> = { name: "x" };
    cyclic.self = cyclic;
    log.info({ cyclic, big: 10n, when: new Date(0), nothing: undefined }, "Handled odd fields");
    expect(parsed()[0]).toMatchObject({ big: "10", when: "1970-01-01T00:00:00.000Z" });
  });
});

describe("redaction helpers", () => {
  it("recognises secret field names", () => {
    for (const n of [
      "password",
      "dockerPassword",
      "client_secret",
      "Authorization",
      "token",
      "apiKey",
      "private-key",
      "auth",
    ]) {
      expect(isSecretField(n)).toBe(true);
    }
    for (const n of ["restartToken", "observedRestartToken", "author", "username", "digest", "authority"]) {
      expect(isSecretField(n)).toBe(false);
    }
  });

  it("scrubs credentials from text", () => {
    expect(scrubSecrets("Authorization: Basic dXNlcjpwYXNz")).toBe(`Authorization: Basic ${REDACTED}`);
    expect(scrubSecrets("oci://user:pa55@ghcr.io/x")).toBe(`oci://user:${REDACTED}@ghcr.io/x`);
    expect(scrubSecrets("oci://ghcr.io/x:v1@sha256:abc")).toBe("oci://ghcr.io/x:v1@sha256:abc");
    expect(redact(["Bearer t0k"])).toEqual([`Bearer ${REDACTED}`]);
  });
});
