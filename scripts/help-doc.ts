// docs/cli.md is generated from the CLI's own help text, so the reference cannot drift from the code:
// `npm run generate:cli-docs` writes it and src/cli/help-doc.test.ts fails when it is stale.
import type { Command } from "commander";
import { loadAllCommands } from "../src/cli/commands/index.js";
import { buildProgram } from "../src/cli/program.js";

const HELP_WIDTH = 100;

function sink(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}

function walk(command: Command, path: string[], out: string[]): void {
  command.configureHelp({ helpWidth: HELP_WIDTH });
  const name = [...path, command.name()].join(" ");
  out.push(`## \`${name}\``, "", "```text", command.helpInformation().trimEnd(), "```", "");
  for (const sub of command.commands) walk(sub, [...path, command.name()], out);
}

export async function renderCliReference(): Promise<string> {
  const program = buildProgram(
    { stdout: sink(), stderr: sink(), env: {}, cwd: "/" },
    await loadAllCommands(),
  );
  const out = [
    "# `ork` command reference",
    "",
    "Generated from the CLI's help text by `npm run generate:cli-docs`; do not edit by hand.",
    "",
  ];
  walk(program, [], out);
  return `${out.join("\n").trimEnd()}\n`;
}
