import { ConflictError, InvalidInputError, PolicyError, RegistryError, UsageError } from "../core/errors.js";
import { ALL_REASONS, REASONS } from "../core/reasons.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";

describe("exitCodeFor", () => {
  it("reads the exit code from the reason table (docs/reference/cli.md#exit-codes)", () => {
    expect(exitCodeFor(new InvalidInputError("InvalidReference", []))).toBe(ExitCode.UserError);
    expect(exitCodeFor(new ConflictError("DigestMismatch", "x"))).toBe(ExitCode.UserError);
    expect(exitCodeFor(new PolicyError("NamespaceTaken", "x"))).toBe(ExitCode.UserError);
    expect(exitCodeFor(new RegistryError("ArtifactNotFound", "x"))).toBe(ExitCode.Registry);
    expect(exitCodeFor(new RegistryError("RegistryUnavailable", "x", { transient: true }))).toBe(
      ExitCode.Registry,
    );
    expect(exitCodeFor(new UsageError("x"))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new TypeError("bug"))).toBe(ExitCode.Bug);
  });

  it("has an entry for every reason, and only registry reasons exit 3", () => {
    const registry = ALL_REASONS.filter((r) => REASONS[r].exitCode === ExitCode.Registry).sort();
    expect(registry).toEqual(
      [
        "ArtifactNotFound",
        "InsecureRedirect",
        "IntegrityError",
        "RegistryNotAllowed",
        "RegistryUnavailable",
        "TooLarge",
        "Unauthorized",
        "UnsupportedArtifact",
      ].sort(),
    );
  });
});
