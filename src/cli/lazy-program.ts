// Builds only as much of the `ork` command tree as this invocation needs. The command named on the command
// line is loaded and registered in full; the others are listed from their descriptors (name, summary, term)
// without loading their modules, so `ork --version`, `ork --help` and `ork pull …` never pay for composition,
// schemas or the OCI client they do not use. Anything else (no known command name, `ork help …`, a typo that
// wants suggestions) gets the full tree, exactly as before.
import { Command, Help } from "commander";
import { loadAllCommands, type CommandEntry } from "./commands/index.js";
import { buildProgram, type CliContext, type CommandRegistrar } from "./program.js";

export async function buildProgramFor(
  context: CliContext,
  entries: readonly CommandEntry[],
  argv: readonly string[],
): Promise<Command> {
  const operand = firstOperand(argv.slice(2));
  const named = entries.find((entry) => entry.name === operand);
  if (operand !== undefined && named === undefined)
    return buildProgram(context, await loadAllCommands(entries));
  const registrars: CommandRegistrar[] = [];
  const terms = new Map<Command, string>();
  for (const entry of entries) {
    if (entry === named) {
      registrars.push(await entry.load());
      continue;
    }
    registrars.push((program) => {
      terms.set(program.command(entry.name).description(entry.summary), entry.term);
    });
  }
  const program = buildProgram(context, registrars);
  const standard = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? standard.subcommandTerm(cmd) });
  return program;
}

/** The first argument that is not an option: the command name, since `ork` itself takes no option values. */
function firstOperand(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith("-"));
}
