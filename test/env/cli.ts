// `npm run env -- up|down|shell|build` — the test environment by hand, for developers.
//   up     start everything, print the exports, leave it running (state in .testenv/state.json)
//   down   stop what `up` started
//   shell  start, open $SHELL with KUBECONFIG, KOMPOSER_TESTENV_STATE and the tools on PATH, stop on exit
//   build  only build the tools into the cache
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { STATE_ENV, type TestEnv } from "./state.js";
import { ensureTools, startTestEnv, stopFromState, writeState } from "./testenv.js";

const stateDir = resolve(".testenv");
const stateFile = join(stateDir, "state.json");

function exportsFor(env: TestEnv): Record<string, string> {
  const toolDirs = [...new Set(Object.values(env.bin).map((p) => dirname(p)))];
  return {
    KUBECONFIG: env.kubeconfig,
    [STATE_ENV]: stateFile,
    PATH: `${toolDirs.join(":")}:${process.env.PATH ?? ""}`,
  };
}

async function up(): Promise<TestEnv> {
  if (existsSync(stateFile))
    throw new Error(`an environment is already up (${stateFile}); run npm run env -- down first`);
  mkdirSync(stateDir, { recursive: true });
  const controllers = !process.argv.includes("--minimal");
  // The environment must outlive this command (see ensureWatchdog in process.ts).
  process.env.KOMPOSER_TESTENV_DETACH = "1";
  const started = await startTestEnv({ controllers });
  writeState(stateFile, started);
  return started.env;
}

async function down(): Promise<void> {
  if (!existsSync(stateFile)) return;
  await stopFromState(JSON.parse(readFileSync(stateFile, "utf8")) as { pids: number[]; workDir: string });
  rmSync(stateDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? "shell";
  if (command === "build") {
    ensureTools();
  } else if (command === "up") {
    const env = await up();
    for (const [k, v] of Object.entries(exportsFor(env))) process.stdout.write(`export ${k}='${v}'\n`);
    process.stderr.write(
      `Registries: ${env.registry.host} (plain) and ${env.authRegistry.host} (basic auth ${env.authRegistry.username}/${env.authRegistry.password}).\n`,
    );
  } else if (command === "down") {
    await down();
  } else if (command === "shell") {
    const env = await up();
    try {
      process.stderr.write(
        `Test environment up: ${env.server}, registry ${env.registry.host}. Exit the shell to stop it.\n`,
      );
      spawnSync(process.env.SHELL ?? "bash", {
        stdio: "inherit",
        env: { ...process.env, ...exportsFor(env) },
      });
    } finally {
      await down();
    }
  } else {
    throw new Error(`unknown command '${command}': use up, down, shell or build`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
