// Process exit codes (docs/reference/cli.md#exit-codes), read from the one reason table of
// src/core/reasons.ts: an error's reason decides its exit code, so a new reason cannot be forgotten here.
import { isKomposerError } from "../core/errors.js";
import { ExitCode, REASONS } from "../core/reasons.js";

export { ExitCode } from "../core/reasons.js";

export function exitCodeFor(error: unknown): ExitCode {
  return isKomposerError(error) ? REASONS[error.reason].exitCode : ExitCode.Bug;
}
