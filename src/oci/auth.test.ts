import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Authenticator, parseWwwAuthenticate } from "./auth.js";

describe("parseWwwAuthenticate", () => {
  it("reads a bearer challenge with quoted parameters", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"',
      ),
    ).toEqual([
      {
        scheme: "bearer",
        params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:o/r:pull" },
      },
    ]);
  });

  it("reads basic and several challenges", () => {
    expect(parseWwwAuthenticate('Basic realm="Registry Realm"')).toEqual([
      { scheme: "basic", params: { realm: "Registry Realm" } },
    ]);
    expect(
      parseWwwAuthenticate('Basic realm="a", Bearer realm="https://x/t",service=x').map((c) => c.scheme),
    ).toEqual(["basic", "bearer"]);
  });
});

describe("Authenticator", () => {
  const base = { now: () => 0, timeoutMs: 1000, allowsPlainHttp: () => false };

  it("answers a basic challenge with stored credentials, once", async () => {
    const auth = new Authenticator({
      ...base,
      fetch,
      credentials: { get: () => Promise.resolve({ username: "u", password: "p" }) },
    });
    const header = `Basic ${Buffer.from("u:p").toString("base64")}`;
    const answer = (sent: string | undefined) =>
      auth.answerChallenge("r.io", undefined, 'Basic realm="x"', sent);
    await expect(answer(undefined)).resolves.toEqual({ retry: true, hadCredentials: true });
    expect(auth.headerFor("r.io", undefined)).toBe(header);
    // A concurrent request sent before the first answer is resent; one that carried these credentials was refused.
    await expect(answer(undefined)).resolves.toEqual({ retry: true, hadCredentials: true });
    await expect(answer(header)).resolves.toEqual({ retry: false, hadCredentials: true });
  });

  it("does not retry a basic challenge without credentials", async () => {
    const auth = new Authenticator({
      ...base,
      fetch,
      credentials: { get: () => Promise.resolve(undefined) },
    });
    await expect(auth.answerChallenge("r.io", undefined, 'Basic realm="x"', undefined)).resolves.toEqual({
      retry: false,
      hadCredentials: false,
    });
  });

  it("refuses to send credentials to a plain-HTTP token realm of a remote registry", async () => {
    const auth = new Authenticator({
      ...base,
      fetch,
      credentials: { get: () => Promise.resolve({ username: "u", password: "p" }) },
    });
    await expect(
      auth.answerChallenge("r.io", "repository:a:pull", 'Bearer realm="http://r.io/token"', undefined),
    ).rejects.toThrow(/plain HTTP/);
  });
});

describe("Authenticator bearer flow", () => {
  const base = { now: () => 0, timeoutMs: 1000, allowsPlainHttp: () => false };
  const challenge = 'Bearer realm="https://auth.r.io/token",service="r.io",scope="repository:o/r:pull"';
  const tokenFetch = (seen: { url: string; authorization?: string }[]) =>
    ((input: string | URL | Request, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get("authorization");
      seen.push({
        url: input instanceof Request ? input.url : input.toString(),
        ...(authorization ? { authorization } : {}),
      });
      return Promise.resolve(new Response(JSON.stringify({ token: "tok", expires_in: 300 })));
    }) as typeof fetch;

  it("gets an anonymous token for public repositories and caches it per scope", async () => {
    const seen: { url: string; authorization?: string }[] = [];
    const auth = new Authenticator({
      now: () => 0,
      timeoutMs: 1000,
      allowsPlainHttp: () => false,
      fetch: tokenFetch(seen),
      credentials: { get: () => Promise.resolve(undefined) },
    });
    const answers = await Promise.all([
      auth.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined),
      auth.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined),
    ]);
    expect(answers.every((a) => a.retry)).toBe(true);
    expect(seen).toEqual([{ url: "https://auth.r.io/token?service=r.io&scope=repository%3Ao%2Fr%3Apull" }]);
    expect(auth.headerFor("r.io", "repository:o/r:pull")).toBe("Bearer tok");
    expect(auth.headerFor("r.io", "repository:o/r:pull,push")).toBeUndefined();
  });

  it("sends basic credentials to the token service when it has them", async () => {
    const seen: { url: string; authorization?: string }[] = [];
    const auth = new Authenticator({
      now: () => 0,
      timeoutMs: 1000,
      allowsPlainHttp: () => false,
      fetch: tokenFetch(seen),
      credentials: { get: () => Promise.resolve({ username: "u", password: "p" }) },
    });
    await auth.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined);
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("fetches a new token when the registry refuses the one it holds (expired or revoked early)", async () => {
    const seen: { url: string; authorization?: string }[] = [];
    const auth = new Authenticator({
      ...base,
      fetch: tokenFetch(seen),
      credentials: { get: () => Promise.resolve(undefined) },
    });
    await auth.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined);
    // Still valid by our clock (expires_in 300, now 0), yet refused: ask the token service again.
    const again = await auth.answerChallenge("r.io", "repository:o/r:pull", challenge, "Bearer tok");
    expect(again.retry).toBe(true);
    expect(seen).toHaveLength(2);
  });

  it("tells a token the service issued from a registry token of the docker config", async () => {
    const issued = new Authenticator({
      ...base,
      fetch: tokenFetch([]),
      credentials: { get: () => Promise.resolve({ username: "u", password: "p" }) },
    });
    await issued.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined);
    expect(issued.isIssuedToken("r.io", "repository:o/r:pull", "Bearer tok")).toBe(true);
    expect(issued.isIssuedToken("r.io", "repository:o/r:pull", "Bearer other")).toBe(false);
    expect(issued.isIssuedToken("r.io", "repository:o/r:push", "Bearer tok")).toBe(false);
    const configured = new Authenticator({
      ...base,
      fetch: tokenFetch([]),
      credentials: { get: () => Promise.resolve({ registryToken: "tok" }) },
    });
    await configured.answerChallenge("r.io", "repository:o/r:pull", challenge, undefined);
    expect(configured.isIssuedToken("r.io", "repository:o/r:pull", "Bearer tok")).toBe(false);
  });
});

describe("token responses are bounded (loopback token service)", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => new Promise((done) => s.close(done).closeAllConnections())),
    );
  });

  async function tokenService(handler: (res: ServerResponse) => void): Promise<string> {
    const server = createServer((_req, res) => handler(res));
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const authFor = () =>
    new Authenticator({
      now: () => 0,
      timeoutMs: 10_000,
      allowsPlainHttp: () => true,
      fetch,
      credentials: { get: () => Promise.resolve(undefined) },
    });

  it("stops reading an endless token stream after 64 KiB and closes it", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const total = 64; // MiB the server would send
    let written = 0;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const host = await tokenService((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"token":"');
      res.on("close", closed);
      const pump = () => {
        while (written < total && !res.destroyed) {
          written++;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end('"}');
      };
      pump();
    });
    const answer = authFor().answerChallenge(
      "r.io",
      "repository:a:pull",
      `Bearer realm="http://${host}/token"`,
      undefined,
    );
    await expect(answer).rejects.toMatchObject({ reason: "TooLarge" });
    await expect(answer).rejects.toThrow(/65536-byte limit/);
    await done;
    expect(written).toBeLessThan(total);
  });

  it("counts the decoded bytes of a gzip bomb", async () => {
    const bomb = gzipSync(`{"token":"${"a".repeat(16 * 1024 * 1024)}"}`);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const host = await tokenService((res) =>
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(bomb),
    );
    await expect(
      authFor().answerChallenge("r.io", "repository:a:pull", `Bearer realm="http://${host}/t"`, undefined),
    ).rejects.toMatchObject({ reason: "TooLarge" });
  });
});
