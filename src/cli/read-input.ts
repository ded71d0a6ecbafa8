// Reads a file the user names on the command line, or standard input for `-` (`kubectl get … -o yaml | ork plan
// --against -`), at most `maxBytes`: a regular file through the bounded reader, stdin counted as it streams.
import { resolve } from "node:path";
import { InvalidInputError } from "../core/errors.js";
import { readFileBounded } from "../oci/bounded-read.js";
import type { CliContext } from "./program.js";

export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export async function readInputText(
  context: CliContext,
  name: string,
  flag: string,
  maxBytes = MAX_INPUT_BYTES,
): Promise<string> {
  if (name === "-") return readStdin(context, flag, maxBytes);
  try {
    const bytes = await readFileBounded(resolve(context.cwd, name), { file: name, maxBytes });
    return new TextDecoder().decode(bytes);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError("FileNotFound", [
      {
        file: name,
        path: flag,
        message: "file not found; check the path (or pass - for stdin)",
        severity: "error",
      },
    ]);
  }
}

async function readStdin(context: CliContext, flag: string, maxBytes: number): Promise<string> {
  const stdin = context.stdin;
  if (!stdin || (stdin as { isTTY?: boolean }).isTTY)
    throw new InvalidInputError("FileNotFound", [
      {
        file: "stdin",
        path: flag,
        message: "nothing is piped in; pipe a bundle or pass a file",
        severity: "error",
      },
    ]);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes)
      throw new InvalidInputError("FileTooLarge", [
        { file: "stdin", path: flag, message: `is above the ${maxBytes}-byte limit`, severity: "error" },
      ]);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
