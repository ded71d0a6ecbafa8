// `ork inspect REF`: what an artifact is before importing it — digest, files, quality signals — and the line
// to paste into a Komposer. Reads the manifest only; no file is downloaded.
import type { Command } from "commander";
import { parseReference } from "../../core/reference.js";
import { escapeControlCharacters } from "../../core/terminal-text.js";
import type { QualitySignals, TestSignal } from "../../core/signals.js";
import type { ArtifactInfo } from "../../oci/index.js";
import { addOutputOption, formatSize, importSnippets, outputFormat, writeJson } from "../artifact-output.js";
import type { CliContext } from "../program.js";
import { addRegistryOptions, registrySettings, type RegistryFlags } from "../registry-options.js";

export function registerInspectCommand(program: Command, context: CliContext): void {
  const command = program
    .command("inspect")
    .description("show an artifact's digest, files and quality signals without downloading it")
    .argument("<ref>", "artifact reference, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0");
  addRegistryOptions(addOutputOption(command)).action(
    async (refText: string, flags: RegistryFlags & { output?: string }) => {
      const format = outputFormat(flags.output);
      const ref = parseReference(refText);
      // Loaded on use so that start-up and --help stay cheap (issue 11).
      const { createArtifactFetcher } = await import("../../oci/artifact-fetcher.js");
      const { parseQualitySignals } = await import("../../core/signals.js");
      const info = await createArtifactFetcher(await registrySettings(flags, context)).inspect(ref);
      const signals = parseQualitySignals(info.annotations);
      const snippets = importSnippets(ref, info.digest);
      if (format === "json") {
        writeJson(context.stdout, { ...info, signals, import: snippets });
        return;
      }
      context.stdout.write(renderText(info, signals, snippets));
    },
  );
}

function renderText(
  info: ArtifactInfo,
  signals: QualitySignals,
  snippets: { line: string; object: string },
): string {
  const lines = [
    `Reference:     ${info.ref}`,
    `Digest:        ${info.digest}`,
    `Media type:    ${info.mediaType}`,
    `Artifact type: ${info.artifactType ?? "(none)"}`,
    `Size:          ${formatSize(info.size)} (manifest)`,
    `Created:       ${signals.image.created ?? "(unknown)"}`,
  ];
  if (info.source !== ref0(info.ref)) lines.push(`Source:        ${info.source}`);
  const p = signals.pattern;
  const pattern = [p.kind, p.name, p.version && `v${p.version.replace(/^v/, "")}`].filter(Boolean).join(" ");
  if (pattern)
    lines.push(
      `Pattern:       ${pattern}${p.author ? ` by ${p.author}` : ""}${p.license ? ` (${p.license})` : ""}`,
    );
  if (p.tags.length > 0) lines.push(`Tags:          ${p.tags.join(", ")}`);
  lines.push("Files:");
  const width = Math.max(0, ...info.files.map((f) => f.name.length));
  for (const f of info.files)
    lines.push(`  ${f.name.padEnd(width)}  ${formatSize(f.size).padStart(9)}  ${f.mediaType}`);
  if (info.files.length === 0) lines.push("  (no titled files)");
  lines.push("Quality signals:");
  lines.push(`  e2e:        ${describeTest(signals.e2e)}`);
  lines.push(`  simulate:   ${describeTest(signals.simulate)}`);
  const d = signals.deprecated;
  const deprecation = !d
    ? "not recorded"
    : !d.deprecated
      ? "no"
      : ["DEPRECATED", d.migratedTo && `migrate to ${d.migratedTo}`, d.message].filter(Boolean).join("; ");
  lines.push(`  deprecated: ${deprecation}`);
  lines.push(
    "Import (komposer.yaml imports.registry):",
    `  ${snippets.line}`,
    "or pinned:",
    ...snippets.object.split("\n").map((l) => `  ${l}`),
  );
  // Every value above came from the registry: each line is printed with its control characters made visible.
  return `${lines.map((line) => escapeControlCharacters(line)).join("\n")}\n`;
}

function describeTest(signal: TestSignal | undefined): string {
  if (!signal) return "not recorded";
  const details = [
    signal.duration,
    signal.assertions !== undefined ? `${signal.assertions} assertions` : undefined,
    signal.runner && `runner ${signal.runner}`,
    signal.testedAt && `at ${signal.testedAt}`,
  ].filter(Boolean);
  return details.length > 0 ? `${signal.status} (${details.join(", ")})` : signal.status;
}

/** The registry host of a canonical reference, to tell whether a mirror answered. */
function ref0(ref: string): string {
  return ref.replace(/^oci:\/\//, "").split("/")[0] ?? "";
}
