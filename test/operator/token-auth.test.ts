// The operator pulling through Bearer-token auth with a pull secret (kubernetes.io/dockerconfigjson, as users
// create it with `kubectl create secret docker-registry`), against distribution's own token server and a registry
// that only accepts its tokens (test/env/token-registry.ts).
//
// Token expiry: the token server's TTL is fixed at 15 minutes in its code, so instead of waiting for it the
// registry and token server are brought back on the same ports with a new signing key, and every token issued so
// far is refused, exactly as expired ones are. The operator must keep working: it asks for a token per reconcile
// (a fetcher per reconcile, createFetcher in src/operator.ts), so it never even presents a stale one, which the
// registry's log shows. (Re-auth when a held token is refused within one session is unit-tested in
// src/oci/auth.test.ts.)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { fetchToken, startTokenRegistry, type TokenRegistry } from "../env/token-registry.js";
import { createTestNamespace } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import { runOrk } from "../support/ork-cli.js";
import {
  applyKomposer,
  core,
  fixture,
  installCrd,
  waitForActive,
  waitForCondition,
} from "./support/cluster.js";
import { startOperator, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
const user = { username: "komposer-test", password: "operator-t0ken-pass" };
const name = `token-registry-op-${process.pid}`;
let registry: TokenRegistry;
let operator: RunningOperator | undefined;

beforeAll(async () => {
  await installCrd();
  registry = await startTokenRegistry({
    name,
    workDir: env.workDir,
    users: { [user.username]: user.password },
  });
});

afterAll(async () => {
  await operator?.stop();
  await registry?.stop();
});

it("pulls with a pull secret through token auth, and keeps pulling after every earlier token is refused", async () => {
  const dockerConfig = JSON.stringify({
    auths: { [registry.host]: { auth: Buffer.from(`${user.username}:${user.password}`).toString("base64") } },
  });
  const configDir = join(env.workDir, `${name}-docker`);
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, "config.json"), dockerConfig);
  const push = (dir: string) => runOrk(["push", ref, fixture(dir)], { env: { DOCKER_CONFIG: configDir } });
  const ref = `oci://${registry.host}/${uniqueRepo("op-token")}:v1.0.0`;
  expect(await push("webapp-v1")).toMatchObject({ code: 0 });

  const namespace = await createTestNamespace("op-token");
  await core().createNamespacedSecret({
    namespace,
    body: {
      metadata: { name: "registry-creds", namespace },
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": Buffer.from(dockerConfig).toString("base64") },
    },
  });
  operator = await startOperator({ name: namespace, args: ["--namespace", namespace] });
  const input = (restartToken: string) => ({
    name: "platform",
    imports: [ref],
    restartToken,
    extraSpec: { pullSecrets: [{ name: "registry-creds" }], interval: "2s" },
  });
  await applyKomposer(namespace, input("t1"));
  const first = await waitForActive(namespace, "platform", 120_000);
  const firstDigest = first.status?.active?.digest;

  // New signing key, same ports and storage: every token issued so far is now refused by the registry.
  const repo = ref.slice(`oci://${registry.host}/`.length).replace(/:v1\.0\.0$/, "");
  const old = await fetchToken(registry, `repository:${repo}:pull`, user);
  await registry.stop();
  registry = await startTokenRegistry({
    name,
    workDir: env.workDir,
    users: { [user.username]: user.password },
    ports: registry.ports,
  });
  const refused = await fetch(`http://${registry.host}/v2/${repo}/tags/list`, {
    headers: { authorization: `Bearer ${old.token}` },
  });
  expect(refused.status).toBe(401);
  const refusals = refusedTokens();

  expect(await push("webapp-v2")).toMatchObject({ code: 0 });
  await applyKomposer(namespace, input("t2"));
  const second = await waitForCondition(
    namespace,
    "platform",
    "Ready",
    "True",
    (k) => !!k.status?.active && k.status.active.digest !== firstDigest,
    120_000,
  );
  expect(second.status?.active?.digest).not.toBe(firstDigest);
  // Only our own probe presented an old token; the operator fetched a fresh one for the new reconcile.
  expect(refusals).toBeGreaterThan(0);
  expect(refusedTokens()).toBe(refusals);
});

/** How many tokens the registry has refused so far, from its log (both instances append to one file). */
function refusedTokens(): number {
  const log = readFileSync(join(env.workDir, `${name}.log`), "utf8");
  return log.split("\n").filter((line) => REFUSED.test(line)).length;
}
const REFUSED = /invalid token/i;
