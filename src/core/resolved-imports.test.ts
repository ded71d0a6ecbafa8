// What a resolution reports it used: one entry per reference and kind, sorted whatever order fetches finished
// in, CRD keys sorted, signals read from the annotations.
import { parseQualitySignals } from "./signals.js";
import { ResolvedImports } from "./resolved-imports.js";

const D = `sha256:${"1".repeat(64)}`;

describe("ResolvedImports", () => {
  it("keeps the first entry per reference and kind, sorted by reference then kind", () => {
    const resolved = new ResolvedImports();
    resolved.add({ ref: "oci://r.io/b:1", digest: D, kind: "Katalog", crds: ["z", "a"], annotations: {} });
    resolved.add({ ref: "oci://r.io/a:1", digest: D, kind: "Komposer", crds: [], annotations: {} });
    resolved.add({ ref: "oci://r.io/a:1", digest: D, kind: "Katalog", crds: ["x"], annotations: {} });
    resolved.add({
      ref: "oci://r.io/b:1",
      digest: "sha256:other",
      kind: "Katalog",
      crds: [],
      annotations: {},
    });
    expect(resolved.list().map((r) => [r.ref, r.kind, r.digest, r.crds])).toEqual([
      ["oci://r.io/a:1", "Katalog", D, ["x"]],
      ["oci://r.io/a:1", "Komposer", D, []],
      ["oci://r.io/b:1", "Katalog", D, ["a", "z"]],
    ]);
  });

  it("reads the quality signals from the annotations, and does not sort the caller's list in place", () => {
    const annotations = {
      "org.opencontainers.image.version": "1.2.0",
      "org.opencontainers.image.source": "x",
    };
    const crds = ["b", "a"];
    const resolved = new ResolvedImports();
    resolved.add({ ref: "oci://r.io/a:1", digest: D, kind: "Katalog", crds, annotations });
    expect(resolved.list()[0]!.signals).toEqual(parseQualitySignals(annotations));
    expect(crds).toEqual(["b", "a"]);
  });

  it("is empty until something is added", () => {
    expect(new ResolvedImports().list()).toEqual([]);
  });
});
