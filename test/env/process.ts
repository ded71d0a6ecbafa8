// Starting and stopping the environment's child processes. Every process logs to a file in the work dir;
// when one fails to start, the error names the component and quotes the end of its log, so a broken
// environment is never a silent skip.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  child?: ChildProcess;
}

export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const watched = new Set<string>();

/**
 * A killed test run (jest timed out, Ctrl-C twice, SIGKILL) never reaches its teardown, and the components
 * run in their own process groups, so they would outlive it. One small shell per work dir polls the parent
 * and kills every process group listed in `<dir>/pids` once the parent is gone. `npm run env -- up`, which
 * leaves the environment running on purpose, sets KOMPOSER_TESTENV_DETACH=1 to do without it.
 */
function ensureWatchdog(logDir: string): void {
  if (watched.has(logDir) || process.env.KOMPOSER_TESTENV_DETACH === "1") return;
  watched.add(logDir);
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; for p in $(cat pids 2>/dev/null); do kill -9 -$p 2>/dev/null; done`;
  spawn("sh", ["-c", script], { cwd: logDir, stdio: "ignore", detached: true }).unref();
}

export function startProcess(options: StartOptions): ManagedProcess {
  ensureWatchdog(options.logDir);
  const logFile = join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(options.command, [...options.args], {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    // Own process group: a stop kills the component and anything it spawned, and jest's exit does not.
    detached: true,
  });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  appendFileSync(join(options.logDir, "pids"), `${child.pid}\n`);
  return { name: options.name, pid: child.pid, logFile, child };
}

export function tailOfLog(logFile: string, lines = 25): string {
  try {
    return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the process group, then SIGKILL after a grace period. */
export async function stopProcess(proc: Pick<ManagedProcess, "pid">, graceMs = 5000): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-proc.pid, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(proc.pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(proc.pid)) signalGroup("SIGKILL");
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Fails fast when the process died instead of waiting for the timeout. */
  process?: ManagedProcess;
}

/** Polls `check` until it returns true; throws with the component's log tail on timeout or death. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (options.process && !isAlive(options.process.pid)) {
      throw new Error(
        `${what}: the process exited during start-up. Last log lines (${options.process.logFile}):\n${tailOfLog(options.process.logFile)}`,
      );
    }
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 200);
  }
  const log = options.process
    ? `\nLast log lines (${options.process.logFile}):\n${tailOfLog(options.process.logFile)}`
    : "";
  throw new Error(
    `${what}: not ready after ${options.timeoutMs} ms (${lastError instanceof Error ? lastError.message : "no answer"})${log}`,
  );
}
