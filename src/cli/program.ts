// Builds the `ork` command tree. Each command lives in src/cli/commands/<name>.ts and exports a
// `register<Name>Command(program, context)` function; this file only wires them together (lazy-program.ts
// decides which of them an invocation loads).
import { Command } from "commander";
import { registerVersionInfo } from "./version.js";

export interface CliContext {
  /** Where human output goes (stdout); data output (bundles, JSON) goes here too. */
  stdout: NodeJS.WritableStream;
  /** Standard input, for `-` in place of a file (`ork plan --against -`). */
  stdin?: NodeJS.ReadableStream;
  /** Progress, warnings and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The process environment, read only here and in main.ts. */
  env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are resolved against. */
  cwd: string;
}

export type CommandRegistrar = (program: Command, context: CliContext) => void;

export function buildProgram(context: CliContext, registrars: readonly CommandRegistrar[]): Command {
  const program = new Command("ork")
    .description("Compose Orkestra katalogs from OCI registries into a runtime bundle")
    .showHelpAfterError()
    // `ork -v` is the version; after a subcommand, `-v` is that command's own (generate's --verbose).
    .enablePositionalOptions()
    // Before the subcommands are added: commander copies this setting into each subcommand at creation, and a
    // subcommand without it calls process.exit(1) itself for usage errors, bypassing exit code 2.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
    });
  registerVersionInfo(program);
  for (const register of registrars) register(program, context);
  return program;
}
