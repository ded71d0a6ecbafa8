// `ork push REF DIR`: publish a katalog or komposer folder as an OCI artifact (upstream's layout).
import { resolve } from "node:path";
import type { Command } from "commander";
import { parseReference } from "../../core/reference.js";
import { addOutputOption, formatSize, importSnippets, outputFormat, writeJson } from "../artifact-output.js";
import type { CliContext } from "../program.js";
import { addRegistryOptions, registrySettings, type RegistryFlags } from "../registry-options.js";

export function registerPushCommand(program: Command, context: CliContext): void {
  const command = program
    .command("push")
    .description("push a katalog or komposer folder to a registry as an OCI artifact")
    .argument("<ref>", "where to push, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0")
    .argument("<dir>", "folder holding katalog.yaml or komposer.yaml (and any other files to ship)");
  addRegistryOptions(addOutputOption(command)).action(
    async (refText: string, dir: string, flags: RegistryFlags & { output?: string }) => {
      const format = outputFormat(flags.output);
      const ref = parseReference(refText);
      // Loaded on use so that start-up and --help stay cheap (issue 11).
      const { pushArtifact, readPatternDirectory } = await import("../../oci/index.js");
      const files = await readPatternDirectory(resolve(context.cwd, dir));
      const result = await pushArtifact(ref, files, {
        ...(await registrySettings(flags, context)),
        created: createdTimestamp(context.env),
      });
      const snippets = importSnippets(ref, result.digest);
      if (format === "json") {
        writeJson(context.stdout, { ...result, import: snippets });
        return;
      }
      const out = context.stdout;
      out.write(`Pushed ${result.ref} to ${result.target}\n`);
      out.write(`Digest: ${result.digest}\n`);
      for (const file of result.files) out.write(`  ${file.name}  ${formatSize(file.size)}\n`);
      out.write(`${result.uploaded} blob(s) uploaded, ${result.skipped} already present\n`);
      out.write(`Import it with:\n  ${snippets.line}\n`);
    },
  );
}

/** SOURCE_DATE_EPOCH makes the artifact (and so its digest) reproducible, as in reproducible-builds.org. */
function createdTimestamp(env: Readonly<Record<string, string | undefined>>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
