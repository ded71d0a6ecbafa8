// Helpers for integration tests that talk to the real test API server.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import * as k8s from "@kubernetes/client-node";
import { loadTestEnv, type TestEnv } from "../env/state.js";

const execFileAsync = promisify(execFile);

export function adminKubeConfig(env: TestEnv = loadTestEnv()): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  return kc;
}

/** Runs the real kubectl against the test cluster; rejects with stderr on a non-zero exit. */
export async function kubectl(
  args: readonly string[],
  options: { input?: string; kubeconfig?: string } = {},
): Promise<string> {
  const env = loadTestEnv();
  const child = execFileAsync(
    env.bin.kubectl,
    ["--kubeconfig", options.kubeconfig ?? env.kubeconfig, ...args],
    {
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  const { stdout } = await child;
  return stdout;
}

/** A fresh namespace per test, so tests never see each other's objects. */
export async function createTestNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  const core = adminKubeConfig().makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}
