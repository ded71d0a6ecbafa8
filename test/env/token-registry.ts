// A registry in Bearer-token mode, as ghcr.io, Docker Hub and Harbor run: Debian's docker-registry refuses every
// request without a token and verifies each token it gets; distribution's own contrib/token-server (built by
// build-tools.sh) authenticates users from a bcrypt htpasswd file and signs tokens with a key made here.
//
// That token server's policy is fixed in its code: it always requires a user (no anonymous tokens), grants a
// user access only to repositories under `<username>/` (anything else is left out of the token, so the registry
// refuses it), and issues tokens for 15 minutes. Tests rely on those rules; see token-auth tests.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { startProcess, stopProcess, waitFor, type ManagedProcess } from "./process.js";
import { startRegistry, writeHtpasswd } from "./registry.js";
import { toolPaths } from "./versions.js";

export const TOKEN_SERVICE = "komposer-test-registry";
export const TOKEN_ISSUER = "komposer-test-token-server";

export interface TokenRegistryOptions {
  name: string;
  workDir: string;
  /** username → password; each user may push and pull `<username>/...`. */
  users: Readonly<Record<string, string>>;
  /** Bring an instance back on the ports its clients know (with a new signing key). */
  ports?: { registry: number; tokenServer: number };
}

export interface TokenRegistry {
  /** `127.0.0.1:<port>` of the registry. */
  host: string;
  /** The token endpoint the registry's challenge names (`http://127.0.0.1:<port>/token/`). */
  realm: string;
  storageDir: string;
  ports: { registry: number; tokenServer: number };
  stop(): Promise<void>;
}

let generation = 0;

/** An EC P-256 signing key (PEM, as libtrust loads it) and a self-signed certificate the registry trusts. */
function makeSigningKey(dir: string): { key: string; cert: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const key = join(dir, "token-signing.key");
  const cert = join(dir, "token-signing.crt");
  writeFileSync(key, privateKey.export({ format: "pem", type: "sec1" }), { mode: 0o600 });
  execFileSync(
    "openssl",
    ["req", "-x509", "-new", "-key", key, "-subj", `/CN=${TOKEN_ISSUER}`, "-days", "2", "-out", cert],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { key, cert };
}

export async function startTokenRegistry(options: TokenRegistryOptions): Promise<TokenRegistry> {
  const tokenServer = toolPaths().tokenServer;
  const dir = join(options.workDir, options.name, `keys-${generation++}`);
  mkdirSync(dir, { recursive: true });
  const signing = makeSigningKey(dir);
  const htpasswd = join(dir, "htpasswd");
  writeHtpasswd(htpasswd, options.users);
  const ports = options.ports ?? { registry: await freePort(), tokenServer: await freePort() };
  const tokenAddr = `127.0.0.1:${ports.tokenServer}`;
  const realm = `http://${tokenAddr}/token/`;
  const processes: ManagedProcess[] = [];
  const tokens = startProcess({
    name: `${options.name}-token-server`,
    command: tokenServer,
    args: [
      "-addr",
      tokenAddr,
      "-issuer",
      TOKEN_ISSUER,
      "-key",
      signing.key,
      "-passwd",
      htpasswd,
      "-realm",
      "komposer-test",
    ],
    logDir: options.workDir,
  });
  processes.push(tokens);
  try {
    await waitFor(
      `${options.name} token server (${tokenServer} on ${tokenAddr})`,
      async () => (await fetch(realm)).status === 401,
      { timeoutMs: 20000, process: tokens },
    );
    const registry = await startRegistry({
      name: options.name,
      workDir: options.workDir,
      port: ports.registry,
      tokenAuth: { realm, service: TOKEN_SERVICE, issuer: TOKEN_ISSUER, rootCertBundle: signing.cert },
    });
    processes.push(registry.process);
    return {
      host: registry.host,
      realm,
      storageDir: registry.storageDir,
      ports,
      stop: async () => {
        for (const p of processes.reverse()) await stopProcess(p);
      },
    };
  } catch (error) {
    for (const p of processes.reverse()) await stopProcess(p);
    throw error;
  }
}

/** A token as a client gets it (Basic credentials at the realm), for tests that look at the registry directly. */
export async function fetchToken(
  registry: Pick<TokenRegistry, "realm">,
  scope: string,
  user?: { username: string; password: string },
): Promise<{ status: number; token?: string; expiresIn?: number }> {
  const url = new URL(registry.realm);
  url.searchParams.set("service", TOKEN_SERVICE);
  url.searchParams.set("scope", scope);
  const headers: Record<string, string> = user
    ? { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}` }
    : {};
  const res = await fetch(url, { headers });
  if (!res.ok) return { status: res.status };
  const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
  return { status: res.status, token: body.token ?? body.access_token, expiresIn: body.expires_in };
}
