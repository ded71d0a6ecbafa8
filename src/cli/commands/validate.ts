// `ork validate -f FILE [--for-kubectl]` (docs/reference/cli.md#commands,
// docs/reference/documents.md#files-meant-for-kubectl-apply): every problem of every file at once, each with
// file:line and the field path; warnings for fields we do not know. Nothing is fetched.
import type { Command } from "commander";
import { lookupRuntimeVersion } from "../../api/runtime-schema/generations.js";
import { formatProblem, InvalidInputError, UsageError, type Problem } from "../../core/errors.js";
import { escapeControlCharacters } from "../../core/terminal-text.js";
import { isPlainObject } from "../../core/field-path.js";
import { addOutputOption, outputFormat, writeJson } from "../artifact-output.js";
import type { CliContext } from "../program.js";
import { readInputText } from "../read-input.js";

interface ValidateFlags {
  file: string[];
  forKubectl?: boolean;
  output: string;
  runtimeVersion?: string;
}

async function problemsOf(
  context: CliContext,
  file: string,
  forKubectl: boolean,
  runtimeVersion: string | undefined,
): Promise<Problem[]> {
  let text: string;
  try {
    // Bounded, regular files only: `-f /dev/zero` or a FIFO is refused, not read forever.
    text = await readInputText(context, file, "-f");
  } catch (error) {
    if (error instanceof InvalidInputError) return [...error.problems];
    throw error;
  }
  // Loaded on use so that start-up and --help stay cheap (issue 11).
  await import("../one-shot-zod.js");
  const { validateDocument } = await import("../../core/parse-document.js");
  const { runtimeSchemaProblems } = await import("../../core/runtime-schema/document-problems.js");
  const { kubectlProblems } = await import("../../core/kubectl-check.js");
  const result = validateDocument({ file, text });
  // Every problem at once: CRD entries are checked against the runtime schema even when the document has others.
  if (!result.ok) {
    const draft = result.draft;
    const entriesReadable =
      draft !== undefined && isPlainObject(draft.document.spec) && isPlainObject(draft.document.spec.crds);
    return entriesReadable
      ? [...result.problems, ...runtimeSchemaProblems(draft, runtimeVersion)]
      : result.problems;
  }
  const runtime = runtimeSchemaProblems(result.parsed, runtimeVersion);
  const kubectl = forKubectl ? kubectlProblems(result.parsed) : [];
  return [...result.problems, ...runtime, ...kubectl];
}

export function registerValidateCommand(program: Command, context: CliContext): void {
  const command = program
    .command("validate")
    .description("check Komposer and Katalog files; report every problem with file:line and path")
    .requiredOption("-f, --file <file>", "file to check; repeatable", (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option("--for-kubectl", "also check that the file can be applied as-is with kubectl apply")
    .option(
      "--runtime-version <X.Y.Z>",
      "check CRD entries strictly against this runtime's Katalog schema (default: spec.runtime.version; without either, unknown fields are warnings)",
    );
  addOutputOption(command).action(async (flags: ValidateFlags) => {
    const format = outputFormat(flags.output);
    if (flags.runtimeVersion !== undefined) {
      const found = lookupRuntimeVersion(flags.runtimeVersion);
      if (!found.ok) throw new UsageError(`--runtime-version: ${found.message}`);
    }
    const problems = (
      await Promise.all(
        flags.file.map((f) => problemsOf(context, f, flags.forKubectl === true, flags.runtimeVersion)),
      )
    ).flat();
    const errors = problems.filter((p) => p.severity === "error");
    if (format === "json") writeJson(context.stdout, { valid: errors.length === 0, problems });
    else
      for (const w of problems.filter((p) => p.severity === "warning"))
        context.stderr.write(`warning: ${escapeControlCharacters(formatProblem(w))}\n`);
    // Errors go out through the CLI's one error path (stderr, exit code 1), each with file:line and path.
    if (errors.length > 0) throw new InvalidInputError("InvalidDocument", errors);
    if (format === "text") {
      const note = problems.length > 0 ? ` (${problems.length} warnings)` : "";
      context.stdout.write(`${flags.file.join(", ")}: valid${note}\n`);
    }
  });
}
