// The Bearer-token flow end to end (what ghcr.io, Docker Hub, Harbor and ECR use): `ork push`, `ork pull` and
// `ork generate bundle` against a registry that only accepts tokens, with distribution's own token server issuing
// them (test/env/token-registry.ts). Nothing here is simulated: the registry judges every token.
//
// The token server's policy is fixed in its code: users get `<username>/...` and nothing else, there are no
// anonymous tokens, tokens last 15 minutes. So "anonymous" here is the refusal a private repository gives, and the
// expiry of a held token is tested in test/operator/token-auth.test.ts by the registry ceasing to accept it.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { fetchToken, startTokenRegistry, TOKEN_SERVICE, type TokenRegistry } from "../env/token-registry.js";
import { katalogFolder, uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import { fixture, komposerYaml } from "../operator/support/cluster.js";

const env = loadTestEnv();
// uniqueRepo() names repositories komposer-test/…, which is what this user may push and pull.
const user = { username: "komposer-test", password: "t0ken-test-pass" };
let registry: TokenRegistry;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(env.workDir, "token-auth-"));
  registry = await startTokenRegistry({
    name: `token-registry-${process.pid}`,
    workDir: env.workDir,
    users: { [user.username]: user.password, reader: "reader-pass" },
  });
});

afterAll(async () => {
  await registry?.stop();
});

function dockerConfig(entry: Record<string, string>): string {
  const dir = mkdtempSync(join(work, "docker-config-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [registry.host]: entry } }));
  return dir;
}

const basic = (username: string, password: string) => ({
  auth: Buffer.from(`${username}:${password}`).toString("base64"),
});

describe("registry with Bearer tokens from distribution's token server", () => {
  it("really is in token mode: no token, no access; a token for the scope, access", async () => {
    const repo = uniqueRepo("probe");
    const bare = await fetch(`http://${registry.host}/v2/${repo}/tags/list`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toBe(
      `Bearer realm="${registry.realm}",service="${TOKEN_SERVICE}",scope="repository:${repo}:pull"`,
    );
    expect((await fetchToken(registry, `repository:${repo}:pull`)).status).toBe(401);
    const { token, expiresIn } = await fetchToken(registry, `repository:${repo}:pull`, user);
    expect(expiresIn).toBe(900);
    const withToken = await fetch(`http://${registry.host}/v2/${repo}/tags/list`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(404); // authorised; the repository does not exist yet
  });

  it("pushes with credentials from the docker config, then pulls with them", async () => {
    const config = dockerConfig(basic(user.username, user.password));
    const ref = `oci://${registry.host}/${uniqueRepo("token")}:v1.0.0`;
    const push = await runOrk(["push", ref, katalogFolder(work)], { env: { DOCKER_CONFIG: config } });
    expect(push.stderr).toBe("");
    expect(push).toMatchObject({ code: 0 });
    const out = join(work, "pulled");
    const pull = await runOrk(["pull", ref, "-o", out], { env: { DOCKER_CONFIG: config } });
    expect(pull).toMatchObject({ code: 0 });
    expect(readdirSync(out).sort()).toEqual(["README.md", "katalog.yaml"]);
  });

  it("generates a bundle from katalogs behind token auth", async () => {
    const config = dockerConfig(basic(user.username, user.password));
    const ref = `oci://${registry.host}/${uniqueRepo("bundle")}:v1.0.0`;
    expect(
      await runOrk(["push", ref, fixture("webapp-v1")], { env: { DOCKER_CONFIG: config } }),
    ).toMatchObject({
      code: 0,
    });
    const cwd = mkdtempSync(join(work, "generate-"));
    writeFileSync(join(cwd, "komposer.yaml"), komposerYaml({ name: "platform", imports: [ref] }));
    const bundle = await runOrk(["generate", "bundle", "-f", "komposer.yaml", "-o", "-"], {
      cwd,
      env: { DOCKER_CONFIG: config },
    });
    expect(bundle.stderr).not.toMatch(/error|401/i);
    expect(bundle.code).toBe(0);
    expect(bundle.stdout).toContain("kind: ConfigMap");
    expect(bundle.stdout).toContain("webapp");
  });

  it("pulls with an identity token (OAuth2 refresh-token grant), as `docker login` stores for some registries", async () => {
    const config = dockerConfig(basic(user.username, user.password));
    const ref = `oci://${registry.host}/${uniqueRepo("identity")}:v1.0.0`;
    expect(
      await runOrk(["push", ref, katalogFolder(work)], { env: { DOCKER_CONFIG: config } }),
    ).toMatchObject({
      code: 0,
    });
    // What a login does where the token service hands out refresh tokens: ask for an offline token once.
    const url = new URL(registry.realm);
    url.searchParams.set("service", TOKEN_SERVICE);
    url.searchParams.set("offline_token", "true");
    const login = (await (
      await fetch(url, {
        headers: {
          authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
        },
      })
    ).json()) as { refresh_token?: string };
    expect(login.refresh_token).toEqual(expect.any(String));
    const identity = dockerConfig({ identitytoken: login.refresh_token ?? "" });
    const out = join(work, "identity-pulled");
    const pull = await runOrk(["pull", ref, "-o", out], { env: { DOCKER_CONFIG: identity } });
    expect(pull.stderr).toBe("");
    expect(pull).toMatchObject({ code: 0 });
    expect(readdirSync(out).sort()).toEqual(["README.md", "katalog.yaml"]);
  });

  it("refuses an anonymous pull of a private repository with a clear message (exit 3)", async () => {
    const config = dockerConfig(basic(user.username, user.password));
    const ref = `oci://${registry.host}/${uniqueRepo("private")}:v1.0.0`;
    expect(
      await runOrk(["push", ref, katalogFolder(work)], { env: { DOCKER_CONFIG: config } }),
    ).toMatchObject({
      code: 0,
    });
    const pull = await runOrk(["pull", ref, "-o", join(work, "anonymous")]);
    expect(pull.code).toBe(3);
    expect(pull.stderr).toMatch(new RegExp(`401 from ${registry.host.replace(/\./g, "\\.")}.*docker login`));
  });

  it("says so when the credentials are wrong, never echoing the password (exit 3)", async () => {
    const config = dockerConfig(basic(user.username, "wrong-pass-123"));
    const ref = `oci://${registry.host}/${uniqueRepo("wrong")}:v1.0.0`;
    const push = await runOrk(["push", ref, katalogFolder(work)], { env: { DOCKER_CONFIG: config } });
    expect(push.code).toBe(3);
    expect(push.stderr).toContain(`401 from ${registry.host}`);
    expect(push.stderr).not.toContain("wrong-pass-123");
  });

  it("names the repository when the token service leaves a scope out (push outside the user's namespace)", async () => {
    // Valid credentials, but the token server grants `reader` nothing under komposer-test/: the token it returns
    // carries no access and the registry refuses it.
    const config = dockerConfig(basic("reader", "reader-pass"));
    const repo = uniqueRepo("denied");
    const push = await runOrk(["push", `oci://${registry.host}/${repo}:v1.0.0`, katalogFolder(work)], {
      env: { DOCKER_CONFIG: config },
    });
    expect(push.code).toBe(3);
    expect(push.stderr).toContain(`401 from ${registry.host}`);
    expect(push.stderr).toContain(
      `its token service did not grant pull,push access to ${repo} for these credentials`,
    );
    expect(push.stderr).not.toContain("were rejected");
    expect(push.stderr).not.toContain("reader-pass");
  });
});
