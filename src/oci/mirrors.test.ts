import { InvalidInputError } from "../core/errors.js";
import { describeMirrorTarget, mergeMirrors, parseMirrorSpec } from "./mirrors.js";

const source = { origin: "--mirror", baseDir: "/base" };

describe("parseMirrorSpec", () => {
  it.each([
    ["ghcr.io=oci-layout:./registry", "ghcr.io", { kind: "layout", path: "/base/registry" }],
    ["ghcr.io=oci-layout:/abs", "ghcr.io", { kind: "layout", path: "/abs" }],
    [
      "GHCR.io=mirror.local:5000",
      "ghcr.io",
      { kind: "registry", host: "mirror.local:5000", repositoryPrefix: "", plainHttp: false },
    ],
    [
      "ghcr.io=http://127.0.0.1:5000/cache/ghcr",
      "ghcr.io",
      { kind: "registry", host: "127.0.0.1:5000", repositoryPrefix: "cache/ghcr", plainHttp: true },
    ],
    [
      "localhost:5000=https://m.io",
      "localhost:5000",
      { kind: "registry", host: "m.io", repositoryPrefix: "", plainHttp: false },
    ],
  ])("parses %s", (spec, host, target) => {
    expect(parseMirrorSpec(spec, source)).toEqual([host, target]);
  });

  it.each(["ghcr.io", "=x", "ghcr.io=", "ghcr.io/x=y", "ghcr.io=oci-layout:", "ghcr.io=ftp://x"])(
    "rejects %j",
    (spec) => {
      expect(() => parseMirrorSpec(spec, source)).toThrow(InvalidInputError);
    },
  );

  it("later layers win per host", () => {
    const a = new Map([parseMirrorSpec("ghcr.io=a.io", source), parseMirrorSpec("quay.io=q.io", source)]);
    const b = new Map([parseMirrorSpec("ghcr.io=oci-layout:/l", source)]);
    const merged = mergeMirrors(a, b);
    expect([...merged].map(([h, t]) => `${h}=${describeMirrorTarget(t)}`)).toEqual([
      "ghcr.io=oci-layout:/l",
      "quay.io=q.io",
    ]);
  });
});
