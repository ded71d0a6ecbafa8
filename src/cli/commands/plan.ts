// `ork plan -f komposer.yaml --against bundle.yaml` (docs/reference/cli.md#commands): what a restart would
// change — CRDs added and removed, changed fields per CRD, RBAC grants added and removed — between the bundle
// the files compose to now and a bundle generated before (the one applied, or the operator's active
// ConfigMap).
import type { Command } from "commander";
import { escapeControlCharacters } from "../../core/terminal-text.js";
import type { FieldMove } from "../../core/runtime-payload.js";
import { addOutputOption, outputFormat, writeJson } from "../artifact-output.js";
import { readInputText } from "../read-input.js";
import type { CliContext } from "../program.js";
import { addComposeOptions, type ComposeFlags } from "./generate.js";

interface PlanFlags extends ComposeFlags {
  against: string;
  output: string;
}

function formatMoves(schema: string, moves: readonly FieldMove[]): string {
  const lines = [`Runtime schema: ${schema}`];
  for (const move of moves) lines.push(`  moved spec.crds.${move.crd}.${move.from} → ${move.to}`);
  return `${lines.join("\n")}\n`;
}

export function registerPlanCommand(program: Command, context: CliContext): void {
  const command = program
    .command("plan")
    .description("show what activating the bundle of these files would change against an earlier bundle")
    .requiredOption(
      "--against <bundle.yaml>",
      "the current bundle (ork generate bundle output, or kubectl's ConfigMap and ClusterRole); - reads stdin",
    );
  addOutputOption(addComposeOptions(command)).action(async (flags: PlanFlags) => {
    const format = outputFormat(flags.output);
    const currentText = await readInputText(context, flags.against, "--against");
    // Loaded on use so that start-up and --help stay cheap (issue 11).
    const { composeFiles } = await import("../compose-files.js");
    const { formatPlan, planBundleChange } = await import("../../core/plan.js");
    const composed = await composeFiles(context, {
      files: flags.file,
      namespace: flags.namespace,
      includeNamespace: true,
      registry: flags,
      updateLock: flags.updateLock === true,
      trace: flags.trace === true,
      ...(flags.runtimeVersion === undefined ? {} : { runtimeVersion: flags.runtimeVersion }),
    });
    const plan = planBundleChange(
      { file: "(desired)", text: composed.bundle.yaml },
      { file: flags.against === "-" ? "stdin" : flags.against, text: currentText },
    );
    const runtime = { schema: composed.payload.target.summary, moved: composed.payload.moves };
    if (format === "json") writeJson(context.stdout, { ...plan, runtime });
    else
      context.stdout.write(
        // CRD keys and field values come from registry documents: printed inert.
        escapeControlCharacters(formatPlan(plan) + formatMoves(runtime.schema, runtime.moved), {
          keepNewlines: true,
        }),
      );
  });
}
