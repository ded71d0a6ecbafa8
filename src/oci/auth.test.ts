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
});
