#!/usr/bin/env node
// Composition root of `ork`: the only place (with src/operator.ts) that reads process.env and argv.
import { CommanderError } from "commander";
import { commandEntries } from "./commands/index.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { buildProgramFor } from "./lazy-program.js";
import { removeTempPaths } from "./temp-paths.js";
import { isKomposerError } from "../core/errors.js";
import { escapeControlCharacters } from "../core/terminal-text.js";

async function main(argv: readonly string[]): Promise<number> {
  const context = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  try {
    const program = (await buildProgramFor(context, commandEntries, argv)).exitOverride();
    await program.parseAsync([...argv]);
    return ExitCode.Ok;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const code = exitCodeFor(error);
    if (isKomposerError(error)) {
      // Messages quote registries (error bodies, titles, documents): printed inert.
      process.stderr.write(`error: ${escapeControlCharacters(error.message, { keepNewlines: true })}\n`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(
        `internal error (please report it): ${escapeControlCharacters(detail, { keepNewlines: true })}\n`,
      );
    }
    return code;
  }
}

// Ctrl-C or a SIGTERM mid-write must not leave temporary files (a pull's staging folder, `-o`'s temp file).
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    removeTempPaths();
    process.exit(code);
  });
}

// `ork generate bundle | head` closes our stdout early; that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(ExitCode.Ok);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `internal error: ${escapeControlCharacters(String(error), { keepNewlines: true })}\n`,
    );
    process.exitCode = ExitCode.Bug;
  },
);
