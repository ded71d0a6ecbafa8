// Runs the built `ork` (dist/cli/main.js) as users do, with a controlled environment: HOME points at an empty
// folder so the developer's own ~/.docker/config.json never leaks into a test.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ORK_MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface OrkResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface OrkOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Written to stdin, then closed (stdin is always closed, so a command reading it never waits). */
  input?: string;
}

const emptyHome = mkdtempSync(join(tmpdir(), "ork-home-"));

export function runOrk(args: readonly string[], options: OrkOptions = {}): Promise<OrkResult> {
  if (!existsSync(ORK_MAIN))
    throw new Error(`${ORK_MAIN} is missing: run \`npm run build\` before the CLI tests`);
  // A fresh download cache per run, as on a new machine: a test that wants one shared passes XDG_CACHE_HOME.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: emptyHome,
    XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "ork-cache-")),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [ORK_MAIN, ...args],
      { cwd: options.cwd ?? process.cwd(), env, timeout: options.timeoutMs ?? 60_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}
