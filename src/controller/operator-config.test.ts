import { UsageError } from "../core/errors.js";
import { parseOperatorArgs } from "./operator-config.js";

describe("parseOperatorArgs", () => {
  it("reads flags, with environment fallbacks", () => {
    const parsed = parseOperatorArgs(
      ["--workers", "8", "--allowed-registries", "ghcr.io/myorg, 127.0.0.1:5000"],
      {
        KOMPOSER_RBAC_CEILING: "komposer-ceiling",
        POD_NAME: "komposer-abc",
      },
    );
    expect(parsed).toEqual({
      kind: "run",
      config: expect.objectContaining({
        workers: 8,
        allowedRegistries: ["ghcr.io/myorg", "127.0.0.1:5000"],
        rbacCeiling: "komposer-ceiling",
        identity: "komposer-abc",
        leaderElect: false,
      }),
    });
  });

  it("rejects unknown flags and bad values as usage errors", () => {
    expect(() => parseOperatorArgs(["--wrokers", "2"], {})).toThrow(UsageError);
    expect(() => parseOperatorArgs(["--workers", "0"], {})).toThrow(/--workers must be/);
  });

  it("answers help and version", () => {
    expect(parseOperatorArgs(["--help"], {})).toEqual({ kind: "help" });
    expect(parseOperatorArgs(["-v"], {})).toEqual({ kind: "version" });
  });
});
