import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../errors.js";
import { parseKatalog } from "../parse-document.js";
import { runtimeSchemaProblems } from "./document-problems.js";
import { generationsOf } from "./detect.js";
import { upgradeKatalog } from "./upgrade-katalog.js";

const example = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../../examples/katalogs/${name}/katalog.yaml`, import.meta.url)),
    "utf8",
  );

/** The lines every katalog written out in these tests starts with, up to its CRD entries. */
const HEADER = "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: k}\nspec:\n  crds:\n";

const entryOf = (text: string, key: string) =>
  parseKatalog({ file: "k.yaml", text }).document.spec!.crds![key] as Record<string, unknown>;

describe("upgradeKatalog (ork upgrade katalog)", () => {
  it.each([
    ["legacy-gen1", "widget", 1],
    ["legacy-gen2", "gadget", 2],
  ] as const)("rewrites the %s example into generation 3, keeping its comments", (name, key, written) => {
    const text = example(name);
    expect(generationsOf(entryOf(text, key))).toEqual([written]);
    const upgraded = upgradeKatalog("k.yaml", text, 3);
    expect(generationsOf(entryOf(upgraded.text, key))).toContain(3);
    expect(runtimeSchemaProblems(parseKatalog({ file: "k.yaml", text: upgraded.text }), "0.7.18")).toEqual(
      [],
    );
    // The header comment travels with the file.
    expect(upgraded.text.split("\n")[0]).toBe(text.split("\n")[0]);
    expect(upgraded.moves).toContainEqual({
      crd: key,
      from: "operatorBox.status",
      to: "operatorBox.emit.status",
    });
  });

  it("keeps a comment on a moved field and lists what moved", () => {
    const text = `${HEADER}    webapp:
      apiTypes: {group: a.example.io, version: v1, kind: A, plural: as}
      workers: 4 # production sizing
      operatorBox:
        onCreate:
          deployments: [{name: x}]
`;
    const upgraded = upgradeKatalog("k.yaml", text, 3);
    expect(upgraded.text).toContain("workers: 4 # production sizing");
    expect(entryOf(upgraded.text, "webapp")).toEqual({
      apiTypes: { group: "a.example.io", version: "v1", kind: "A", plural: "as" },
      operatorBox: { reconcile: { workers: 4, onCreate: { deployments: [{ name: "x" }] } } },
    });
    expect(upgraded.moves).toEqual([
      { crd: "webapp", from: "workers", to: "operatorBox.reconcile.workers" },
      { crd: "webapp", from: "operatorBox.onCreate", to: "operatorBox.reconcile.onCreate" },
    ]);
    // And back down to generation 1.
    const down = upgradeKatalog("k.yaml", upgraded.text, 1);
    expect(entryOf(down.text, "webapp")).toEqual(entryOf(text, "webapp"));
  });

  it("writes nothing when the target cannot hold a field, naming it", () => {
    const text = example("webapp-operator");
    let error: unknown;
    try {
      upgradeKatalog("webapp.yaml", text, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(
      /^webapp\.yaml cannot be written for generation 1 .*nothing was written:/,
    );
    expect((error as InvalidInputError).problems.map((p) => p.path)).toContain(
      "spec.crds.webapp.operatorBox.observe",
    );
  });

  it("moves fields out of sections it then removes, at every level left empty, in flow style as written", () => {
    const text = `${HEADER}    webapp:
      apiTypes: {group: a.example.io, version: v1, kind: A, plural: as}
      operatorBox:
        runtime:
          deletionProtection: {protectCRD: true}
      admission:
        webhooks: {validation: true}
`;
    const down = upgradeKatalog("k.yaml", text, 1);
    expect(down.text).toBe(`${HEADER}    webapp:
      apiTypes: {group: a.example.io, version: v1, kind: A, plural: as}
      webhooks: {validation: true}
      deletionProtection: {protectCRD: true}
`);
    expect(down.moves).toEqual([
      { crd: "webapp", from: "admission.webhooks", to: "webhooks" },
      { crd: "webapp", from: "operatorBox.runtime.deletionProtection", to: "deletionProtection" },
    ]);
  });

  it("reports no moves for a file already in the target's layout, though its fields travel through the newest", () => {
    const text = example("legacy-gen1");
    const same = upgradeKatalog("k.yaml", text, 1);
    expect(same.moves).toEqual([]);
    expect(entryOf(same.text, "widget")).toEqual(entryOf(text, "widget"));
  });

  it("refuses a setting written in two places with different values, naming both, for every entry", () => {
    const entry = (key: string) => `    ${key}:
      apiTypes: {group: a.example.io, version: v1, kind: A, plural: as}
      workers: 2
      operatorBox:
        reconcile: {workers: 3}
`;
    const text = `${HEADER}${entry("web")}${entry("db")}`;
    let error: unknown;
    try {
      upgradeKatalog("k.yaml", text, 3);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).reason).toBe("ConflictingFields");
    expect((error as InvalidInputError).problems).toEqual(
      ["web", "db"].map((key) => ({
        file: "k.yaml",
        path: `spec.crds.${key}.operatorBox.reconciler.workers`,
        message: `is set here and, with a different value, at spec.crds.${key}.operatorBox.reconcile.workers; keep one of the two`,
        severity: "error",
      })),
    );
  });
});
