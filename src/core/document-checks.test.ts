// The mistakes that get their own message before schema validation: each message, the path it is reported
// at (schema issues below it are dropped), and whether validation goes on after it.
import { checkDocumentShape } from "./document-checks.js";
import { parseYamlSource } from "./yaml-source.js";

function shape(text: string, expected?: "Katalog" | "Komposer") {
  const read = parseYamlSource("doc.yaml", text);
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join("\n"));
  const check = checkDocumentShape(read.source, expected);
  return {
    kind: check.kind,
    fatal: check.fatal,
    paths: check.paths.map((p) => p.join(".")),
    problems: check.problems.map((p) => `${p.line ?? "-"} ${p.path}: ${p.message}`),
  };
}

const head = (kind: string) => `apiVersion: orkestra.orkspace.io/v1\nkind: ${kind}\nmetadata: {name: a}\n`;

describe("checkDocumentShape", () => {
  it("passes a well-formed document of the expected kind", () => {
    expect(shape(`${head("Katalog")}spec: {crds: {web: {apiTypes: {}}}}\n`, "Katalog")).toEqual({
      kind: "Katalog",
      fatal: false,
      paths: [],
      problems: [],
    });
    expect(shape(`${head("Komposer")}imports: {registry: []}\n`)).toMatchObject({
      kind: "Komposer",
      fatal: false,
      problems: [],
    });
  });

  it("stops at a document that is not a map", () => {
    expect(shape("- a\n- b\n")).toEqual({
      kind: undefined,
      fatal: true,
      paths: [""],
      problems: ["1 : a document must be a YAML map with apiVersion, kind, metadata and spec"],
    });
  });

  it("stops at a missing or unknown kind, naming the one expected", () => {
    expect(shape("apiVersion: v1\nmetadata: {name: a}\n")).toEqual({
      kind: undefined,
      fatal: true,
      paths: ["kind"],
      problems: ["1 kind: kind must be Katalog or Komposer, found no kind"],
    });
    expect(shape("apiVersion: v1\nkind: ConfigMap\n", "Katalog").problems).toEqual([
      '2 kind: kind must be Katalog, found "ConfigMap"',
    ]);
  });

  it("stops at the other kind, with a hint for each direction", () => {
    expect(shape(head("Komposer"), "Katalog")).toEqual({
      kind: "Komposer",
      fatal: true,
      paths: ["kind"],
      problems: [
        "2 kind: expected kind: Katalog, found kind: Komposer; a Komposer artifact is imported with " +
          "`useKomposer: true`, and imports.files must name Katalog files",
      ],
    });
    expect(shape(head("Katalog"), "Komposer").problems).toEqual([
      "2 kind: expected kind: Komposer, found kind: Katalog; to import an artifact's katalog.yaml, drop " +
        "`useKomposer: true`",
    ]);
  });

  it("refuses imports in a Katalog, and crdFile in its entries, and goes on", () => {
    const text = `${head("Katalog")}imports: {registry: []}\nspec:\n  crds:\n    web: {crdFile: web.yaml}\n    db: {apiTypes: {}}\n`;
    expect(shape(text)).toEqual({
      kind: "Katalog",
      fatal: false,
      paths: ["imports", "spec.crds.web.crdFile"],
      problems: [
        "4 imports: imports are only allowed in a Komposer; to compose katalogs, write a Komposer that imports " +
          "this Katalog",
        "7 spec.crds.web.crdFile: crdFile is not supported in bundles: write explicit apiTypes {group, version, " +
          "kind, plural} instead",
      ],
    });
  });

  it("refuses imports.helm and spec.imports in a Komposer", () => {
    const text = `${head("Komposer")}imports: {helm: [x]}\nspec: {imports: [], crds: {web: {crdFile: a}}}\n`;
    expect(shape(text)).toEqual({
      kind: "Komposer",
      fatal: false,
      paths: ["imports.helm", "spec.imports", "spec.crds.web.crdFile"],
      problems: [
        "4 imports.helm: imports.helm is not supported: publish the operator as a Katalog artifact and list it " +
          "under imports.registry",
        "5 spec.imports: spec.imports is not allowed in a Komposer: move it to the top-level imports block",
        "5 spec.crds.web.crdFile: crdFile is not supported in bundles: write explicit apiTypes {group, version, " +
          "kind, plural} instead",
      ],
    });
  });

  it("refuses spec.crds written as a list, once, for either kind", () => {
    for (const kind of ["Katalog", "Komposer"]) {
      expect(shape(`${head(kind)}spec:\n  crds:\n    - web: {crdFile: a}\n`).problems).toEqual([
        "5 spec.crds: spec.crds must be a map keyed by CRD name (e.g. `webapp:`), not a list",
      ]);
    }
  });

  it("leaves values of the wrong type to the schema", () => {
    for (const text of [
      `${head("Katalog")}spec: 5\n`,
      `${head("Katalog")}spec: {crds: 5}\n`,
      `${head("Katalog")}spec: {crds: {web: 5}}\n`,
      `${head("Komposer")}imports: [helm]\nspec: [imports]\n`,
    ]) {
      expect(shape(text)).toMatchObject({ fatal: false, problems: [] });
    }
  });
});
