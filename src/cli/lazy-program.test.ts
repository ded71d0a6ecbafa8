import { Command, Help } from "commander";
import { commandEntries, loadAllCommands } from "./commands/index.js";
import { buildProgramFor } from "./lazy-program.js";
import { buildProgram, type CliContext } from "./program.js";

const sink = { write: () => true } as unknown as NodeJS.WritableStream;
const context: CliContext = { stdout: sink, stderr: sink, env: {}, cwd: "/" };

async function fullProgram(): Promise<Command> {
  return buildProgram(context, await loadAllCommands());
}

function subcommand(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
}

describe("lazy command descriptors", () => {
  it("say what each command's own module says (name, summary, help term)", async () => {
    const full = await fullProgram();
    expect(full.commands.map((c) => c.name()).filter((n) => n !== "help")).toEqual(
      commandEntries.map((e) => e.name),
    );
    for (const entry of commandEntries) {
      const command = subcommand(full, entry.name);
      expect({
        name: entry.name,
        summary: command.description(),
        term: new Help().subcommandTerm(command),
      }).toEqual({ name: entry.name, summary: entry.summary, term: entry.term });
    }
  });

  it("give `ork --help` exactly the full tree's help text", async () => {
    const lazy = await buildProgramFor(context, commandEntries, ["node", "ork", "--help"]);
    expect(lazy.helpInformation()).toBe((await fullProgram()).helpInformation());
  });

  it("register the named command in full and only list the others", async () => {
    const lazy = await buildProgramFor(context, commandEntries, ["node", "ork", "pull", "--help"]);
    const full = await fullProgram();
    expect(subcommand(lazy, "pull").helpInformation()).toBe(subcommand(full, "pull").helpInformation());
    expect(subcommand(lazy, "push").options).toHaveLength(0);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
  });

  it("build the full tree when no command is named (so typos still get suggestions)", async () => {
    const lazy = await buildProgramFor(context, commandEntries, ["node", "ork", "genrate"]);
    for (const entry of commandEntries)
      expect(subcommand(lazy, entry.name).helpInformation()).toBe(
        subcommand(await fullProgram(), entry.name).helpInformation(),
      );
  });
});
