// The one place that maps errors to process exit codes (docs/reference/cli.md#exit-codes).
import {
  ConflictError,
  InvalidInputError,
  KomposerError,
  PolicyError,
  RegistryError,
  UsageError,
} from "../core/errors.js";

export const ExitCode = {
  Ok: 0,
  UserError: 1,
  Usage: 2,
  Registry: 3,
  Bug: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof RegistryError) {
    // A wrong digest or a refused registry is the user's to fix, but it is still a registry problem to a script.
    return ExitCode.Registry;
  }
  if (error instanceof InvalidInputError || error instanceof ConflictError || error instanceof PolicyError) {
    return ExitCode.UserError;
  }
  if (error instanceof KomposerError) return ExitCode.UserError;
  return ExitCode.Bug;
}
