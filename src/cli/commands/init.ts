// `ork init --pack registry-guide` (docs/reference/cli.md#commands): writes the guide folders 05-komposer and
// 06-pattern-zoo, the katalogs they import as an OCI image layout (registry/), and .ork/config.yaml mapping
// the guide's registry host to that layout, so `cd 05-komposer && ork generate bundle -f komposer.yaml -o
// bundle.yaml` runs offline.
import { cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError, UsageError } from "../../core/errors.js";
import { EXAMPLES_DIR } from "../example-pack.js";
import type { CliContext } from "../program.js";

const PACKS = ["registry-guide"] as const;

interface InitFlags {
  pack: string;
  force?: boolean;
}

/** What the pack writes: target path (relative to the folder) → source in the package's examples/. */
const registryGuide: readonly [string, string][] = [
  ["05-komposer/komposer.yaml", "registry-guide/05-komposer/komposer.yaml"],
  ["06-pattern-zoo/komposer.yaml", "pattern-zoo/komposer.yaml"],
  ["registry", "registry"],
  [".ork/config.yaml", ".ork/config.yaml"],
];

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command("init")
    .description(
      "write a guide pack (komposer folders plus the katalogs they import, offline) into this folder",
    )
    .requiredOption("--pack <name>", `the pack to write: ${PACKS.join(", ")}`)
    .option("--force", "overwrite files that already exist")
    .action(async (flags: InitFlags) => {
      if (!(PACKS as readonly string[]).includes(flags.pack)) {
        throw new UsageError(`unknown pack "${flags.pack}"; available: ${PACKS.join(", ")}`);
      }
      const targets = registryGuide.map(([target, source]) => ({
        target: resolve(context.cwd, target),
        source: join(EXAMPLES_DIR, source),
      }));
      const taken = [];
      for (const t of targets) if (await exists(t.target)) taken.push(t.target);
      if (taken.length > 0 && !flags.force) {
        throw new InvalidInputError(
          "PackExists",
          taken.map((file) => ({
            file,
            path: "",
            message: "already exists; pass --force to overwrite",
            severity: "error" as const,
          })),
        );
      }
      for (const { target, source } of targets) {
        await mkdir(resolve(target, ".."), { recursive: true });
        if ((await stat(source)).isDirectory()) await cp(source, target, { recursive: true, force: true });
        else await writeFile(target, await readFile(source));
      }
      context.stdout.write(
        [
          `Wrote the ${flags.pack} pack: 05-komposer/, 06-pattern-zoo/, registry/ (OCI image layout) and .ork/config.yaml.`,
          "Next:",
          "  cd 05-komposer && ork generate bundle -f komposer.yaml -o bundle.yaml",
          "  kubectl apply -f bundle.yaml",
          "",
        ].join("\n"),
      );
    });
}
