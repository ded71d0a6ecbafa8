// The reason table, written out independently: a script relies on `ork`'s exit code for each reason
// (docs/reference/cli.md#exit-codes) and the operator on its disposition (retry with backoff, or Stalled).
import { ALL_REASONS, Disposition, ExitCode, INPUT_REASONS, REASONS, type Reason } from "./reasons.js";

const T = Disposition.Terminal;
const R = Disposition.Transient;

/** Every reason that is not an InputReason, with the exit code and disposition it must have. */
const EXPECTED: Partial<Record<Reason, [ExitCode, Disposition]>> = {
  DuplicateCRD: [1, T],
  ImportCycle: [1, T],
  DiamondConflict: [1, T],
  DepthExceeded: [1, T],
  BundleTooLarge: [1, T],
  DigestMismatch: [1, T],
  RegistryUnavailable: [3, T],
  ArtifactNotFound: [3, T],
  Unauthorized: [3, T],
  IntegrityError: [3, T],
  TooLarge: [3, T],
  UnsupportedArtifact: [3, T],
  RegistryNotAllowed: [3, T],
  InsecureRedirect: [3, T],
  RBACCeilingExceeded: [1, T],
  NamespaceTaken: [1, T],
  Forbidden: [70, T],
  Invalid: [70, T],
  Conflict: [70, R],
  TooManyRequests: [70, R],
  APIServerError: [70, R],
  APIRequestFailed: [70, R],
  APIUnreachable: [70, R],
  KubectlNotFound: [1, R],
  KubectlFailed: [1, R],
  ReconcileTimeout: [1, R],
  NotReady: [1, R],
  Usage: [2, T],
  InternalError: [70, R],
};

describe("REASONS", () => {
  it("gives exit codes 0, 1, 2, 3 and 70 their documented meaning", () => {
    expect(ExitCode).toEqual({ Ok: 0, UserError: 1, Usage: 2, Registry: 3, Bug: 70 });
    expect(Disposition).toEqual({ Transient: "transient", Terminal: "terminal" });
  });

  it("makes every invalid input a terminal user error", () => {
    for (const reason of INPUT_REASONS)
      expect([reason, REASONS[reason]]).toEqual([reason, { exitCode: 1, disposition: T }]);
  });

  it("gives each other reason its exit code and disposition", () => {
    for (const [reason, [exitCode, disposition]] of Object.entries(EXPECTED)) {
      expect([reason, REASONS[reason as Reason]]).toEqual([reason, { exitCode, disposition }]);
    }
  });

  it("has exactly these reasons, no more", () => {
    expect([...ALL_REASONS].sort()).toEqual([...INPUT_REASONS, ...Object.keys(EXPECTED)].sort());
  });
});
