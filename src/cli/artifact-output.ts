// Shared output of the artifact commands (push, pull, inspect): sizes, the ready-to-paste import line, and the
// `--output` flag. Human text by default; `--output json` for scripts.
import type { Command } from "commander";
import type { ArtifactReference } from "../core/artifact.js";
import { UsageError } from "../core/errors.js";
import { formatReference } from "../core/reference.js";
import { escapeJsonControlCharacters } from "../core/terminal-text.js";

export type OutputFormat = "text" | "json";

export function addOutputOption(command: Command): Command {
  return command.option("--output <format>", "text or json", "text");
}

export function outputFormat(value: unknown): OutputFormat {
  if (value === "text" || value === "json") return value;
  throw new UsageError(`--output must be text or json, not ${JSON.stringify(value)}`);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The reference as a Komposer import: the tag form (readable), with the digest alongside to pin it. */
export function importSnippets(ref: ArtifactReference, digest: string): { line: string; object: string } {
  const url = formatReference({
    registry: ref.registry,
    repository: ref.repository,
    ...(ref.tag ? { tag: ref.tag } : {}),
  });
  return {
    line: `- ${url}  # digest ${digest}`,
    object: `- url: ${url}\n  digest: ${digest}`,
  };
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${escapeJsonControlCharacters(JSON.stringify(value, null, 2))}\n`);
}
