// `ork generate bundle|configmap|rbac -f komposer.yaml [-o bundle.yaml|-] [-n ns]`
// (docs/reference/cli.md#commands): the seed command. All three run the same composition; configmap and rbac
// print a subset of the bundle's documents.
import type { Command } from "commander";
import { DEFAULT_BUNDLE_NAMESPACE } from "../../core/bundle-objects.js";
import { knownVersionsText } from "../../api/runtime-schema/generations.js";
import type { ComposeResult } from "../../core/compose.js";
import { escapeControlCharacters } from "../../core/terminal-text.js";
import { formatProblem, UsageError } from "../../core/errors.js";
import type { BundleIdentity, BundlePart } from "../../core/render-bundle.js";
import { writeFileAtomically, writeOutput } from "../output-file.js";
import type { CliContext } from "../program.js";
import { addRegistryOptions, type RegistryFlags } from "../registry-options.js";

interface GenerateFlags extends ComposeFlags {
  output?: string;
  lock: boolean;
  for?: string[];
  verbose?: boolean;
}

export interface ComposeFlags extends RegistryFlags {
  file: string[];
  namespace: string;
  updateLock?: boolean;
  runtimeVersion?: string;
  trace?: boolean;
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
      .option("--update-lock", "re-resolve tags instead of using komposer.lock")
      .option("--trace", "print where the time went (inputs, resolve, compose) on stderr")
      .option(
        "--runtime-version <X.Y.Z>",
        `Orkestra runtime the bundle is for (its Katalog schema generation decides the layout; known: ${knownVersionsText()}); default: spec.runtime.version, else detected from the imports`,
      ),
  );
}

/** `--for runtime,gateway` or repeated `--for`: upstream's identity selection and its aliases. */
export function parseIdentities(values: readonly string[] | undefined): BundleIdentity[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const out = new Set<BundleIdentity>();
  for (const value of values.flatMap((v) => v.split(","))) {
    const identity = IDENTITY_ALIASES[value.trim().toLowerCase()];
    if (identity === undefined)
      throw new UsageError(
        `--for: unknown identity "${value}"; use runtime, gateway or cc (comma-separated or repeated)`,
      );
    out.add(identity);
  }
  return [...out];
}

const IDENTITY_ALIASES: Readonly<Record<string, BundleIdentity>> = {
  runtime: "runtime",
  run: "runtime",
  gateway: "gateway",
  gw: "gateway",
  cc: "cc",
  controlcenter: "cc",
  "control-center": "cc",
};

/** The target runtime, on stderr: which schema the payload is written in and why. */
export function reportTarget(context: CliContext, composed: ComposeResult, verbose: boolean): void {
  context.stderr.write(`Runtime schema: ${composed.payload.target.summary}\n`);
  const { moves } = composed.payload;
  if (moves.length === 0) return;
  if (!verbose) {
    context.stderr.write(`Moved ${moves.length} field(s) to where the target keeps them (-v lists them)\n`);
    return;
  }
  for (const move of moves) context.stderr.write(`  moved spec.crds.${move.crd}.${move.from} → ${move.to}\n`);
}

async function runGenerate(
  context: CliContext,
  part: "bundle" | BundlePart,
  flags: GenerateFlags,
): Promise<void> {
  const identities = parseIdentities(flags.for);
  // Loaded here, not at the top: `ork --version` and `--help` must not pay for composition (issue 11).
  const { composeFiles } = await import("../compose-files.js");
  const { selectBundlePart } = await import("../../core/render-bundle.js");
  const composed = await composeFiles(context, {
    files: flags.file,
    namespace: flags.namespace,
    includeNamespace: part === "bundle",
    registry: flags,
    updateLock: flags.updateLock === true,
    trace: flags.trace === true,
    ...(flags.runtimeVersion === undefined ? {} : { runtimeVersion: flags.runtimeVersion }),
    ...(identities === undefined ? {} : { identities }),
  });
  for (const warning of composed.warnings)
    context.stderr.write(`warning: ${escapeControlCharacters(formatProblem(warning))}\n`);
  reportTarget(context, composed, flags.verbose === true);
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
      .option("--no-lock", "do not write komposer.lock")
      .option(
        "--for <identity>",
        "only these identities: runtime, gateway, cc (comma-separated or repeated; default all)",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option("-v, --verbose", "list every field moved to where the target runtime keeps it");
    addComposeOptions(command).action((flags: GenerateFlags) => runGenerate(context, part.name, flags));
  }
}
