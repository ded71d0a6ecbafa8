import type { ArtifactRequest } from "./artifact-loader.js";
import { ConflictError } from "./errors.js";
import { assertNoCycle, type ChainLink } from "./import-chain.js";

const digestOf = (c: string) => `sha256:${c.repeat(64)}`;

function request(repository: string, tag: string | undefined, pinned?: string): ArtifactRequest {
  const ref =
    tag === undefined ? { registry: "r.example", repository } : { registry: "r.example", repository, tag };
  const display = `oci://r.example/${repository}${tag === undefined ? "" : `:${tag}`}`;
  const base = {
    ref,
    display,
    useKomposer: true,
    location: { file: "komposer.yaml", path: "imports.registry[0]", line: 7 },
  };
  return pinned === undefined ? base : { ...base, pinned };
}

function thrownBy(run: () => unknown): ConflictError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error("expected a ConflictError");
}

describe("assertNoCycle", () => {
  const root: ChainLink = { label: "oci://r.example/packs/a:v1", short: "a:v1", identity: digestOf("a") };

  it("catches a cycle back to the root through another tag of the same digest, naming both paths", () => {
    const chain = assertNoCycle([root], request("packs/b", "v2"), digestOf("b"), 10);
    const error = thrownBy(() => assertNoCycle(chain, request("packs/a", "stable"), digestOf("a"), 10));
    expect(error.reason).toBe("ImportCycle");
    expect(error.message).toBe(
      "import cycle: a:v1 → b:v2 → a:stable (komposer.yaml:7 imports.registry[0]); " +
        "references: oci://r.example/packs/a:v1 → oci://r.example/packs/b:v2 → oci://r.example/packs/a:stable",
    );
  });

  it("shows a digest-pinned import by its short digest", () => {
    const pinned = digestOf("c");
    const chain = assertNoCycle([], request("packs/c", undefined, pinned), pinned, 10);
    const error = thrownBy(() => assertNoCycle(chain, request("packs/c", undefined, pinned), pinned, 10));
    expect(error.message).toMatch(/^import cycle: c@cccccccccc → c@cccccccccc /);
    expect(assertNoCycle([], request("packs/d", undefined), digestOf("d"), 10)[0]!.short).toBe("d:latest");
  });

  it("extends the chain when the digest is new, and stops at the depth limit", () => {
    const chain = assertNoCycle([root], request("packs/b", "v2"), digestOf("b"), 2);
    expect(chain.map((link) => link.short)).toEqual(["a:v1", "b:v2"]);
    const error = thrownBy(() => assertNoCycle(chain, request("packs/c", "v3"), digestOf("c"), 2));
    expect(error.reason).toBe("DepthExceeded");
    expect(error.message).toBe(
      "imports nest more than 2 Komposers deep (komposer.yaml:7 imports.registry[0]): a:v1 → b:v2 → c:v3",
    );
  });
});
