import { readFileSync } from "node:fs";
import { STATE_ENV } from "./state.js";
import { stopFromState } from "./testenv.js";

export default async function globalTeardown(): Promise<void> {
  const file = process.env[STATE_ENV];
  if (!file) return;
  const state = JSON.parse(readFileSync(file, "utf8")) as { pids?: number[]; workDir: string };
  // KOMPOSER_TESTENV_KEEP=1 keeps logs and data for a post-mortem.
  await stopFromState(state, process.env.KOMPOSER_TESTENV_KEEP === "1");
}
