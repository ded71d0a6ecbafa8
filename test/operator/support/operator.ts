// The operator as users run it: `node dist/operator.js` in its own process against the test control plane,
// with its health server on a free port. Each test watches only its own namespace (--namespace), so test
// files running side by side never reconcile each other's Komposers.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "../../env/ports.js";
import { isAlive, startProcess, stopProcess, type ManagedProcess } from "../../env/process.js";
import { loadTestEnv } from "../../env/state.js";

export const OPERATOR_MAIN = fileURLToPath(new URL("../../../dist/operator.js", import.meta.url));

export interface RunningOperator {
  process: ManagedProcess;
  healthPort: number;
  /** SIGTERM, wait for a graceful exit (SIGKILL after the grace period). */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash. */
  kill(): Promise<void>;
  metrics(): Promise<string>;
  log(): string;
}

let started = 0;

export async function startOperator(options: {
  name: string;
  args?: readonly string[];
}): Promise<RunningOperator> {
  const env = loadTestEnv();
  const healthPort = await freePort();
  started++;
  const proc = startProcess({
    name: `operator-${options.name}-${process.pid}-${started}`,
    command: process.execPath,
    args: [
      OPERATOR_MAIN,
      "--kubeconfig",
      env.kubeconfig,
      "--health-address",
      `127.0.0.1:${healthPort}`,
      "--log-level",
      "debug",
      ...(options.args ?? []),
    ],
    logDir: env.workDir,
    env: { HOME: env.workDir, POD_NAME: `${options.name}-${started}` },
  });
  const operator: RunningOperator = {
    process: proc,
    healthPort,
    stop: () => stopProcess(proc, 10_000),
    async kill() {
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        /* gone */
      }
      await waitFor("the operator to die", () => !isAlive(proc.pid), 5_000);
    },
    async metrics() {
      const res = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
      return res.text();
    },
    log: () => readFileSync(proc.logFile, "utf8"),
  };
  await waitFor(
    `operator ${options.name} to serve /healthz`,
    async () => {
      if (!isAlive(proc.pid)) throw new Error(`operator exited:\n${operator.log().slice(-3000)}`);
      try {
        return (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    20_000,
  );
  return operator;
}

/**
 * The value of one counter/gauge sample in Prometheus text, summed over samples matching `labels`. Throws when
 * the operator does not expose the metric at all, so a comparison can never pass as 0 = 0 on a counter that
 * was never wired (a labelled counter with no matching sample yet is 0: it exists but has not counted).
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  if (!text.split("\n").some((line) => line.startsWith(`# TYPE ${name} `))) {
    const exposed = text
      .split("\n")
      .filter((line) => line.startsWith("# TYPE komposer_"))
      .map((line) => line.split(" ")[2]);
    throw new Error(
      `metric ${name} is not exposed; the operator serves ${exposed.join(", ") || "no komposer_ metric"}`,
    );
  }
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`,
      );
    await sleep(intervalMs);
  }
}
