// `ork pull REF [-o DIR]`: download an artifact's files. Everything is downloaded and verified first; only
// then are files written, all or nothing, so any failure (a digest, a file in the way, Ctrl-C) leaves the
// folder untouched.
import { resolve } from "node:path";
import type { Command } from "commander";
import { parseReference } from "../../core/reference.js";
import { formatSize } from "../artifact-output.js";
import { outputError } from "../output-file.js";
import type { CliContext } from "../program.js";
import { addRegistryOptions, registrySettings, type RegistryFlags } from "../registry-options.js";
import { trackTempPath } from "../temp-paths.js";

export function registerPullCommand(program: Command, context: CliContext): void {
  const command = program
    .command("pull")
    .description("download an artifact's files into a folder")
    .argument("<ref>", "artifact reference, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0")
    // -o names the output, as in `ork generate`; here it is a folder.
    .option("-o, --output <dir>", "folder to write the files to (default: the current folder)");
  addRegistryOptions(command).action(async (refText: string, flags: RegistryFlags & { output?: string }) => {
    const ref = parseReference(refText);
    // Loaded on use so that start-up and --help stay cheap (issue 11).
    const { createArtifactFetcher, writeArtifactFiles } = await import("../../oci/index.js");
    const settings = await registrySettings(flags, context);
    const artifact = await createArtifactFetcher(settings).fetch(ref);
    await settings.cache?.prune();
    const dir = resolve(context.cwd, flags.output ?? ".");
    const written = await writeArtifactFiles(dir, artifact.files, artifact.ref, {
      trackTemp: trackTempPath,
    }).catch((error: unknown) => {
      throw outputError(dir, error);
    });
    context.stdout.write(`Pulled ${artifact.ref}\nDigest: ${artifact.digest}\n`);
    for (const file of written) context.stdout.write(`  ${file.path}  ${formatSize(file.size)}\n`);
    if (written.length === 0) context.stdout.write("  (the artifact has no titled files)\n");
  });
}
