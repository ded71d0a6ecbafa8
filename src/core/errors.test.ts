// The error classes: what each says, which reason and disposition it carries, and that the cause travels.
import {
  ClusterError,
  ConflictError,
  Disposition,
  formatProblem,
  InvalidInputError,
  isKomposerError,
  PolicyError,
  RegistryError,
  UsageError,
  type Problem,
} from "./errors.js";

const problem = (over: Partial<Problem> = {}): Problem => ({
  file: "k.yaml",
  line: 4,
  path: "spec.crds.web.workers",
  message: "must be at least 1",
  severity: "error",
  ...over,
});

describe("formatProblem", () => {
  it("puts file, line and path before the message, leaving out what is unknown", () => {
    expect(formatProblem(problem())).toBe("k.yaml:4: spec.crds.web.workers: must be at least 1");
    expect(formatProblem(problem({ line: undefined }))).toBe(
      "k.yaml: spec.crds.web.workers: must be at least 1",
    );
    expect(formatProblem(problem({ path: "" }))).toBe("k.yaml:4: must be at least 1");
  });
});

describe("InvalidInputError", () => {
  it("lists only its errors in the message, after the summary, and keeps every problem", () => {
    const warning = problem({ severity: "warning", message: "unknown field" });
    const error = new InvalidInputError("InvalidDocument", [problem(), warning, problem({ line: 9 })], {
      summary: "k.yaml is invalid:",
    });
    expect(error.message).toBe(
      [
        "k.yaml is invalid:",
        "k.yaml:4: spec.crds.web.workers: must be at least 1",
        "k.yaml:9: spec.crds.web.workers: must be at least 1",
      ].join("\n"),
    );
    expect(error.problems).toHaveLength(3);
    expect(error).toMatchObject({
      reason: "InvalidDocument",
      disposition: Disposition.Terminal,
      name: "InvalidInputError",
    });
  });

  it("falls back to its reason when there is nothing else to say", () => {
    expect(new InvalidInputError("InvalidOverride", []).message).toBe("InvalidOverride");
    expect(new InvalidInputError("InvalidOverride", [problem({ severity: "warning" })]).message).toBe(
      "InvalidOverride",
    );
  });
});

describe("the other errors", () => {
  it("carry their reason, a fixed disposition, their class name and the cause", () => {
    const cause = new Error("root");
    const cases = [
      [
        new ConflictError("DuplicateCRD", "dup", { cause }),
        "DuplicateCRD",
        Disposition.Terminal,
        "ConflictError",
      ],
      [
        new PolicyError("RBACCeilingExceeded", "too much", { cause }),
        "RBACCeilingExceeded",
        Disposition.Terminal,
        "PolicyError",
      ],
      [
        new ClusterError("KubectlFailed", "kubectl", { cause }),
        "KubectlFailed",
        Disposition.Transient,
        "ClusterError",
      ],
      [new UsageError("bad flag", { cause }), "Usage", Disposition.Terminal, "UsageError"],
      [
        new RegistryError("ArtifactNotFound", "gone", { cause }),
        "ArtifactNotFound",
        Disposition.Terminal,
        "RegistryError",
      ],
    ] as const;
    for (const [error, reason, disposition, name] of cases) {
      expect(error).toMatchObject({ reason, disposition, name });
      expect(error.cause).toBe(cause);
      expect(isKomposerError(error)).toBe(true);
    }
  });

  it("makes a registry error transient only when asked", () => {
    expect(new RegistryError("RegistryUnavailable", "down", { transient: true }).disposition).toBe(
      Disposition.Transient,
    );
    expect(new RegistryError("RegistryUnavailable", "down").disposition).toBe(Disposition.Terminal);
  });

  it("has no cause unless one is given, and tells other errors apart", () => {
    expect("cause" in new UsageError("x")).toBe(false);
    expect(isKomposerError(new Error("x"))).toBe(false);
    expect(isKomposerError("x")).toBe(false);
  });
});
