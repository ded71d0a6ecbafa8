// `ork generate bundle|configmap|rbac -f komposer.yaml [-o bundle.yaml|-] [-n ns]` (spec §4): the seed command.
// All three run the same composition; configmap and rbac print a subset of the bundle's documents.
import type { Command } from "commander";
import { DEFAULT_BUNDLE_NAMESPACE } from "../../core/bundle-objects.js";
import { formatProblem } from "../../core/errors.js";
import { selectBundlePart, type BundlePart } from "../../core/render-bundle.js";
import { composeFiles } from "../compose-files.js";
import { writeFileAtomically, writeOutput } from "../output-file.js";
import type { CliContext } from "../program.js";
import { addRegistryOptions, type RegistryFlags } from "../registry-options.js";

interface GenerateFlags extends RegistryFlags {
  file: string[];
  output?: string;
  namespace: string;
  updateLock?: boolean;
  lock: boolean;
}

const parts: { name: "bundle" | BundlePart; summary: string }[] = [
  {
    name: "bundle",
    summary:
      "the runtime bundle: Namespace, ServiceAccount, ClusterRole(Binding) and the orkestra-katalog ConfigMap",
  },
  { name: "configmap", summary: "only the orkestra-katalog ConfigMap of the bundle" },
  { name: "rbac", summary: "only the ServiceAccount, ClusterRole and ClusterRoleBinding of the bundle" },
];

export function addComposeOptions(command: Command): Command {
  return addRegistryOptions(
    command
      .requiredOption(
        "-f, --file <komposer.yaml>",
        "Komposer (or Katalog) file; repeatable",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option("-n, --namespace <ns>", "namespace of the runtime", DEFAULT_BUNDLE_NAMESPACE)
      .option("--update-lock", "re-resolve tags instead of using komposer.lock"),
  );
}

async function runGenerate(
  context: CliContext,
  part: "bundle" | BundlePart,
  flags: GenerateFlags,
): Promise<void> {
  const composed = await composeFiles(context, {
    files: flags.file,
    namespace: flags.namespace,
    includeNamespace: part === "bundle",
    registry: flags,
    updateLock: flags.updateLock === true,
  });
  for (const warning of composed.warnings) context.stderr.write(`warning: ${formatProblem(warning)}\n`);
  const yaml = part === "bundle" ? composed.bundle.yaml : selectBundlePart(composed.bundle, part).yaml;
  const written = await writeOutput(context, flags.output, yaml);
  // The lock is written only after the bundle, so a failed run never records digests it did not use.
  if (flags.lock && composed.lockText !== undefined)
    await writeFileAtomically(composed.lockFile, composed.lockText);
  if (written) {
    const crds = composed.effective.crds.filter((c) => c.entry.enabled !== false).length;
    context.stderr.write(
      `Wrote ${written} (${crds} CRDs from ${composed.resolved.length} artifacts, digest ${composed.bundle.digest})\n`,
    );
  }
}

export function registerGenerateCommand(program: Command, context: CliContext): void {
  const generate = program
    .command("generate")
    .description("compose katalogs into the runtime bundle (or a part of it)");
  for (const part of parts) {
    const command = generate
      .command(part.name)
      .description(part.summary)
      .option("-o, --output <file>", "write to this file (atomically), or - for stdout (default)")
      .option("--no-lock", "do not write komposer.lock");
    addComposeOptions(command).action((flags: GenerateFlags) => runGenerate(context, part.name, flags));
  }
}
