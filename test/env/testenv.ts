// Starts and stops the whole real test environment: control plane, two registries (plain and basic-auth),
// and checks that oras and helm are built. Used by jest's global setup and by `npm run env`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { startControlPlane } from "./control-plane.js";
import { stopProcess, type ManagedProcess } from "./process.js";
import { DOCKER_REGISTRY, startRegistry } from "./registry.js";
import type { TestEnv } from "./state.js";
import { buildScript, toolPaths, type ToolPaths } from "./versions.js";

export interface StartedTestEnv {
  env: TestEnv;
  processes: ManagedProcess[];
}

export interface TestEnvOptions {
  controllers: boolean;
  workDir?: string;
}

/** Builds missing tools (cached by version), or explains why it could not. */
export function ensureTools(): ToolPaths {
  const tools = toolPaths();
  const missing = Object.entries(tools).filter(([, path]: [string, string]) => !existsSync(path));
  if (missing.length > 0) {
    process.stderr.write(
      `[testenv] building ${missing.map(([name]) => name).join(", ")} (cached afterwards)\n`,
    );
    try {
      execFileSync("bash", [buildScript, "all"], { stdio: ["ignore", "inherit", "inherit"] });
    } catch (error) {
      throw new Error(`testenv: building the test tools failed (bash ${buildScript}): ${String(error)}`);
    }
    const still = Object.entries(tools).filter(([, path]: [string, string]) => !existsSync(path));
    if (still.length > 0)
      throw new Error(
        `testenv: still missing after the build: ${still.map(([n, p]) => `${n} (${p})`).join(", ")}`,
      );
  }
  return tools;
}

export async function startTestEnv(options: TestEnvOptions): Promise<StartedTestEnv> {
  const tools = ensureTools();
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "komposer-testenv-"));
  const processes: ManagedProcess[] = [];
  try {
    const [plain, auth] = await Promise.all([
      startRegistry({ name: "registry", workDir }),
      startRegistry({
        name: "registry-auth",
        workDir,
        basicAuth: { username: "komposer", password: "s3cret-test-pass" },
      }),
    ]);
    processes.push(plain.process, auth.process);
    const cp = await startControlPlane({ workDir, tools, controllers: options.controllers });
    processes.push(...cp.processes);
    const env: TestEnv = {
      kubeconfig: cp.kubeconfig,
      server: cp.server,
      pki: { caCert: cp.pki.caCert, caKey: cp.pki.caKey, dir: cp.pki.dir },
      controllers: options.controllers,
      registry: { host: plain.host, storageDir: plain.storageDir },
      authRegistry: {
        host: auth.host,
        storageDir: auth.storageDir,
        username: "komposer",
        password: "s3cret-test-pass",
      },
      bin: {
        kubectl: tools.kubectl,
        oras: tools.oras,
        helm: tools.helm,
        etcd: tools.etcd,
        kwok: tools.kwok,
        kubeApiserver: tools.kubeApiserver,
        dockerRegistry: DOCKER_REGISTRY,
      },
      workDir,
    };
    return { env, processes };
  } catch (error) {
    await stopAll(processes);
    throw error;
  }
}

export async function stopAll(processes: readonly Pick<ManagedProcess, "pid">[]): Promise<void> {
  // Reverse start order: the API server goes before etcd.
  for (const proc of [...processes].reverse()) await stopProcess(proc);
}

/** The state file tests read; it also lists the pids so `env down` (another process) can stop them. */
export function writeState(file: string, started: StartedTestEnv): void {
  writeFileSync(file, JSON.stringify({ ...started.env, pids: started.processes.map((p) => p.pid) }, null, 2));
}

export async function stopFromState(
  state: { pids?: number[]; workDir: string },
  keepWorkDir = false,
): Promise<void> {
  await stopAll((state.pids ?? []).map((pid) => ({ pid })));
  if (!keepWorkDir) rmSync(state.workDir, { recursive: true, force: true });
}
