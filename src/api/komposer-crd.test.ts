import { readFileSync } from "node:fs";
import { CRD_FILE, renderCrdYaml } from "../../scripts/komposer-crd-yaml.js";
import { buildKomposerCrd } from "./komposer-crd.js";

describe("Komposer CRD", () => {
  it("matches the committed crds/ file (run `npm run generate:crd` after changing src/api)", () => {
    expect(readFileSync(CRD_FILE, "utf8")).toBe(renderCrdYaml());
  });

  it("has top-level imports and spec, a status subresource, short name and category", () => {
    const crd = buildKomposerCrd() as any;
    const version = crd.spec.versions[0];
    expect(Object.keys(version.schema.openAPIV3Schema.properties)).toEqual(
      expect.arrayContaining(["imports", "spec", "status"]),
    );
    expect(version.subresources).toEqual({ status: {} });
    expect(crd.spec.names.shortNames).toEqual(["kmp"]);
    expect(crd.spec.names.categories).toEqual(["orkestra"]);
  });

  it("never leaves JSON-Schema-only keywords that the API server rejects", () => {
    const text = JSON.stringify(buildKomposerCrd());
    for (const keyword of ['"anyOf"', '"propertyNames"', '"$schema"', '"format":"starts_with"', '"const"']) {
      expect(text).not.toContain(keyword);
    }
  });
});
