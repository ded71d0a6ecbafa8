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
    await expect(auth.answerChallenge("r.io", undefined, 'Basic realm="x"')).resolves.toEqual({
      retry: true,
      hadCredentials: true,
    });
    expect(auth.headerFor("r.io", undefined)).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    await expect(auth.answerChallenge("r.io", undefined, 'Basic realm="x"')).resolves.toEqual({
      retry: false,
      hadCredentials: true,
    });
  });

  it("does not retry a basic challenge without credentials", async () => {
    const auth = new Authenticator({
      ...base,
      fetch,
      credentials: { get: () => Promise.resolve(undefined) },
    });
    await expect(auth.answerChallenge("r.io", undefined, 'Basic realm="x"')).resolves.toEqual({
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
      auth.answerChallenge("r.io", "repository:a:pull", 'Bearer realm="http://r.io/token"'),
    ).rejects.toThrow(/plain HTTP/);
  });
});
