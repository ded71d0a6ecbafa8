// `ork upgrade katalog FILE [--to X.Y.Z] [-o FILE|-]`
// (docs/reference/runtime-generations.md#upgrading-a-katalog-file): rewrites a katalog into the layout of
// another runtime generation, comments kept; in place unless -o says otherwise. Upstream has no tool for its
// own schema changes.
import type { Command } from "commander";
import {
  describeGeneration,
  knownVersionsText,
  lookupRuntimeVersion,
  NEWEST_GENERATION,
  newestVersionOf,
} from "../../api/runtime-schema/generations.js";
import { UsageError } from "../../core/errors.js";
import { writeOutput } from "../output-file.js";
import type { CliContext } from "../program.js";
import { readInputText } from "../read-input.js";

interface UpgradeFlags {
  to: string;
  output?: string;
}

export function registerUpgradeCommand(program: Command, context: CliContext): void {
  const upgrade = program.command("upgrade").description("rewrite files for another Orkestra runtime");
  upgrade
    .command("katalog")
    .description("rewrite a katalog.yaml into the layout of another runtime's Katalog schema generation")
    .argument("<file>", "the katalog.yaml to rewrite")
    .option(
      "--to <X.Y.Z>",
      `target runtime version (known: ${knownVersionsText()})`,
      newestVersionOf(NEWEST_GENERATION),
    )
    .option("-o, --output <file>", "write here, or - for stdout (default: rewrite FILE in place)")
    .action(async (file: string, flags: UpgradeFlags) => {
      const target = lookupRuntimeVersion(flags.to);
      if (!target.ok) throw new UsageError(`--to: ${target.message}`);
      // Bounded, regular files only (or - for stdin): /dev/zero or a FIFO is refused, not read forever.
      const text = await readInputText(context, file, "FILE");
      // Loaded on use so that start-up and --help stay cheap (issue 11).
      await import("../one-shot-zod.js");
      const { upgradeKatalog } = await import("../../core/runtime-schema/upgrade-katalog.js");
      const upgraded = upgradeKatalog(file, text, target.generation);
      for (const move of upgraded.moves)
        context.stderr.write(`moved spec.crds.${move.crd}.${move.from} → ${move.to}\n`);
      const written = await writeOutput(context, flags.output ?? file, upgraded.text);
      context.stderr.write(
        `${written ?? "stdout"}: ${upgraded.moves.length} field(s) moved; valid for ${describeGeneration(target.generation)}\n`,
      );
    });
}
