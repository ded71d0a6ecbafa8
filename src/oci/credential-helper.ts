// Docker credential helpers (`credsStore`, `credHelpers`): the documented protocol is to run
// `docker-credential-<name> get`, write the server address on stdin and read JSON from stdout. Secrets are
// never put in messages: on failure we report the helper name and exit status only.
import { spawn } from "node:child_process";
import { RegistryError } from "../core/errors.js";
import type { Credentials } from "./docker-config.js";

export interface HelperOptions {
  /** The environment the helper runs with (PATH decides which executable is found). */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

export type CredentialHelperRunner = (
  helper: string,
  serverAddress: string,
) => Promise<Credentials | undefined>;

const MAX_OUTPUT = 64 * 1024;

export function createCredentialHelperRunner(options: HelperOptions): CredentialHelperRunner {
  return (helper, serverAddress) => runCredentialHelper(helper, serverAddress, options);
}

export async function runCredentialHelper(
  helper: string,
  serverAddress: string,
  options: HelperOptions,
): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
    throw new RegistryError(
      "Unauthorized",
      `invalid credential helper name "${helper}" in the docker config`,
    );
  }
  const executable = `docker-credential-${helper}`;
  const { code, stdout, spawnError } = await run(executable, serverAddress, options);
  if (spawnError) {
    throw new RegistryError(
      "Unauthorized",
      `credential helper ${executable} could not be run (${spawnError}) for ${serverAddress}; install it on PATH or remove it from the docker config`,
    );
  }
  if (code !== 0) {
    // The protocol reports a missing entry as a failure whose output says "credentials not found".
    if (/credentials not found/i.test(stdout)) return undefined;
    throw new RegistryError(
      "Unauthorized",
      `credential helper ${executable} failed with exit code ${code} for ${serverAddress}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new RegistryError(
      "Unauthorized",
      `credential helper ${executable} printed something that is not JSON`,
    );
  }
  const { Username: username, Secret: secret } = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
  if (typeof secret !== "string" || secret === "") return undefined;
  // By convention a username of `<token>` marks an identity (refresh) token rather than a password.
  if (username === "<token>") return { identityToken: secret };
  return { username: typeof username === "string" ? username : "", password: secret };
}

interface RunResult {
  code: number | null;
  stdout: string;
  spawnError?: string;
}

function run(executable: string, input: string, options: HelperOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(
      Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const child = spawn(executable, ["get"], {
      env,
      stdio: ["pipe", "pipe", "ignore"],
      timeout: options.timeoutMs ?? 15_000,
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout: "", spawnError: error.code ?? error.message }),
    );
    child.on("close", (code) => resolve({ code, stdout }));
    child.stdin.on("error", () => undefined); // the helper may exit before reading; its exit code tells
    child.stdin.end(input);
  });
}
