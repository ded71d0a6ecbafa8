import { credentialsFor, inlineCredentials, loadDockerConfig, normalizeHost } from "./docker-config.js";

describe("docker config credentials", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");

  it("reads auth, username/password and tokens, matching keys written with a scheme", () => {
    const config = {
      auths: {
        "https://ghcr.io/v1/": { auth: b64("me:se:cret") },
        "127.0.0.1:5001": { username: "u", password: "p" },
        "quay.io": { identitytoken: "refresh" },
      },
    };
    expect(inlineCredentials(config, "ghcr.io")).toEqual({ username: "me", password: "se:cret" });
    expect(inlineCredentials(config, "127.0.0.1:5001")).toEqual({ username: "u", password: "p" });
    expect(inlineCredentials(config, "quay.io")).toEqual({ identityToken: "refresh" });
    expect(inlineCredentials(config, "docker.io")).toBeUndefined();
    expect(normalizeHost("https://index.docker.io/v1/")).toBe("docker.io");
  });

  it("asks credHelpers first, then credsStore, then inline auths", async () => {
    const asked: string[] = [];
    const helper = (name: string, host: string) => {
      asked.push(`${name}:${host}`);
      return Promise.resolve(name === "pass" ? { username: "h", password: "x" } : undefined);
    };
    const config = {
      credHelpers: { "ghcr.io": "pass" },
      credsStore: "desktop",
      auths: { "quay.io": { auth: b64("a:b") } },
    };
    expect(await credentialsFor(config, "ghcr.io", helper)).toEqual({ username: "h", password: "x" });
    expect(await credentialsFor(config, "quay.io", helper)).toEqual({ username: "a", password: "b" });
    expect(asked).toEqual(["pass:ghcr.io", "desktop:quay.io"]);
  });
});

describe("reading the docker config file", () => {
  it("refuses a config that is not a regular file (/dev/zero), naming it, instead of reading forever", async () => {
    const read = loadDockerConfig("/dev/zero", true);
    await expect(read).rejects.toMatchObject({ reason: "FileTooLarge" });
    await expect(read).rejects.toThrow(/\/dev\/zero.*is not a regular file/);
  });

  it("treats a missing default config as empty", async () => {
    expect(await loadDockerConfig("/nonexistent/komposer-test/config.json", false)).toEqual({});
  });
});
