// Every `ork` command, in help order, as a descriptor whose module is loaded only when the command runs (or
// when its help is shown): `ork --version` and `ork --help` load none of them (issue 11, start-up).
// Add a command by adding an entry here: `summary` and `term` are what `ork --help` lists without loading the
// module (src/cli/lazy-program.test.ts fails when they differ from the module's own description and usage).
import type { CommandRegistrar } from "../program.js";

export interface CommandEntry {
  name: string;
  /** The command's description, as its module sets it. */
  summary: string;
  /** How `ork --help` lists it: the name, `[options]` when it has options, then its arguments. */
  term: string;
  load(): Promise<CommandRegistrar>;
}

export const commandEntries: readonly CommandEntry[] = [
  {
    name: "generate",
    summary: "compose katalogs into the runtime bundle (or a part of it)",
    term: "generate",
    load: async () => (await import("./generate.js")).registerGenerateCommand,
  },
  {
    name: "validate",
    summary: "check Komposer and Katalog files; report every problem with file:line and path",
    term: "validate [options]",
    load: async () => (await import("./validate.js")).registerValidateCommand,
  },
  {
    name: "plan",
    summary: "show what activating the bundle of these files would change against an earlier bundle",
    term: "plan [options]",
    load: async () => (await import("./plan.js")).registerPlanCommand,
  },
  {
    name: "push",
    summary: "push a katalog or komposer folder to a registry as an OCI artifact",
    term: "push [options] <ref> <dir>",
    load: async () => (await import("./push.js")).registerPushCommand,
  },
  {
    name: "pull",
    summary: "download an artifact's files into a folder",
    term: "pull [options] <ref>",
    load: async () => (await import("./pull.js")).registerPullCommand,
  },
  {
    name: "inspect",
    summary: "show an artifact's digest, files and quality signals without downloading it",
    term: "inspect [options] <ref>",
    load: async () => (await import("./inspect.js")).registerInspectCommand,
  },
  {
    name: "init",
    summary: "write a guide pack (komposer folders plus the katalogs they import, offline) into this folder",
    term: "init [options]",
    load: async () => (await import("./init.js")).registerInitCommand,
  },
  {
    name: "upgrade",
    summary: "rewrite files for another Orkestra runtime",
    term: "upgrade",
    load: async () => (await import("./upgrade.js")).registerUpgradeCommand,
  },
  {
    name: "reconcile",
    summary:
      "ask the operator to reconcile a Komposer now (re-resolve tags) and wait for the outcome; runs kubectl",
    term: "reconcile [options] <name>",
    load: async () => (await import("./reconcile.js")).registerReconcileCommand,
  },
];

/** Every command's registrar, loaded (for the generated reference and for usage errors that need them all). */
export async function loadAllCommands(
  entries: readonly CommandEntry[] = commandEntries,
): Promise<CommandRegistrar[]> {
  // One after the other: they share modules, and Jest's ESM loader fails on concurrent imports of one module.
  const registrars: CommandRegistrar[] = [];
  for (const entry of entries) registrars.push(await entry.load());
  return registrars;
}
