// Started by global-setup.mjs (jest globalSetup of the integration project): one environment per run.
import { join } from "node:path";
import { STATE_ENV } from "./state.js";
import { startTestEnv, writeState } from "./testenv.js";

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Rollout tests need the controllers and kwok; KOMPOSER_TESTENV_MINIMAL=1 skips them for quick local runs.
  const controllers = process.env.KOMPOSER_TESTENV_MINIMAL !== "1";
  const env = await startTestEnv({ controllers });
  const file = join(env.env.workDir, "state.json");
  writeState(file, env);
  process.env[STATE_ENV] = file;
  process.env.KUBECONFIG = env.env.kubeconfig;
  process.stderr.write(
    `\n[testenv] up in ${Date.now() - started} ms: ${env.env.server}, registries ${env.env.registry.host} and ${env.env.authRegistry.host}\n`,
  );
}
