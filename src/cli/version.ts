import { createRequire } from "node:module";
import type { Command } from "commander";

// package.json is the single source of the version; dist/cli/version.js sits two levels below it.
const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };

export const VERSION = pkg.version;

export function registerVersionInfo(program: Command): void {
  program.version(VERSION, "-v, --version", "print the ork version");
}
