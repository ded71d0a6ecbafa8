// The messages a strict check gives for a field the target generation does not decode. Each hint is checked
// in full: the hint is the whole point of the message (where the field lives now, which generation has it,
// which key was meant), and the golden CLI cases that also show them run dist/ where a unit run cannot see.
import type { FieldPath } from "../field-path.js";
import { countUnknownFields, crdEntryProblems, payloadProblems } from "./strict-problems.js";

const apiTypes = { group: "a.example.io", version: "v1", kind: "A", plural: "as" };
const GEN1 = "generation 1 (runtime 0.7.0–0.7.8)";
const GEN2 = "generation 2 (runtime 0.7.9–0.7.17)";
const GEN3 = "generation 3 (runtime 0.7.18+)";

/** Lines only for the entry's `workers` key, so a test can tell a located problem from one without a line. */
const context = {
  file: "k.yaml",
  locate: (path: FieldPath) => (path.join(".") === "spec.crds.w.workers" ? 12 : undefined),
  prefix: ["spec", "crds", "w"],
};

const messagesOf = (entry: Record<string, unknown>, generation: 1 | 2 | 3) =>
  crdEntryProblems({ apiTypes, ...entry }, generation, context).map((p) => `${p.path}: ${p.message}`);

describe("crdEntryProblems: unknown fields", () => {
  it("says where a moved field lives in the target, with the file, the full path and the line", () => {
    expect(crdEntryProblems({ apiTypes, workers: 2 }, 3, context)).toEqual([
      {
        file: "k.yaml",
        line: 12,
        path: "spec.crds.w.workers",
        message: `field "workers" is not known to ${GEN3}; in ${GEN3} it lives at operatorBox.reconcile.workers`,
        severity: "error",
      },
    ]);
  });

  it("lists where a moved section's fields went: at most four, then an ellipsis", () => {
    expect(messagesOf({ operatorBox: { reconciler: 5 } }, 3)).toEqual([
      `spec.crds.w.operatorBox.reconciler: field "reconciler" is not known to ${GEN3}; its fields moved (` +
        "operatorBox.reconciler.hooks.resources → operatorBox.reconcile.hooks.managedResources, " +
        "operatorBox.reconciler.constructor.resources → operatorBox.reconcile.constructor.managedResources, " +
        "operatorBox.reconciler.default → operatorBox.reconcile.default, " +
        "operatorBox.reconciler.hooks → operatorBox.reconcile.hooks, …)",
    ]);
    // Exactly four: no ellipsis.
    expect(messagesOf({ admission: 5 }, 2)).toEqual([
      `spec.crds.w.admission: field "admission" is not known to ${GEN2}; its fields moved (` +
        "admission.conversion → conversion, admission.mutation → mutation, " +
        "admission.validation → validation, admission.webhooks → webhooks)",
    ]);
  });

  it("names what is left in a section of another generation that nothing maps", () => {
    expect(messagesOf({ operatorBox: { reconciler: { workers: 2, foo: 1 } } }, 1)).toEqual([
      `spec.crds.w.operatorBox.reconciler: field "reconciler" is not known to ${GEN1}: it is a section of ` +
        `${GEN2}, and what is left in it (workers, foo) has no place in ${GEN1}; remove it, or target a ` +
        "runtime of that generation",
    ]);
  });

  it("says which generations have a field that nothing maps to the target", () => {
    expect(messagesOf({ serve: true }, 1)).toEqual([
      `spec.crds.w.serve: field "serve" is not known to ${GEN1}; it exists only in ${GEN2} and ${GEN3}, and ` +
        `nothing maps it to ${GEN1}: remove it, or target a runtime of that generation`,
    ]);
  });

  it("names the key meant when only the case differs", () => {
    expect(crdEntryProblems({ apitypes: apiTypes }, 3, context).map((p) => p.message)).toEqual([
      `field "apitypes" is not known to ${GEN3}; did you mean "apiTypes"? (keys are case-sensitive)`,
    ]);
  });

  it("lists the known fields, saying where when the field is nested", () => {
    expect(messagesOf({ apiTypes: { ...apiTypes, colour: "red" } }, 3)).toEqual([
      `spec.crds.w.apiTypes.colour: field "colour" is not known to ${GEN3}; known fields at apiTypes: ` +
        "object, objectList, alias, group, version, kind, plural, apiPath, location",
    ]);
    const [atRoot] = messagesOf({ colour: "red" }, 1);
    expect(atRoot).toMatch(
      new RegExp(`^spec\\.crds\\.w\\.colour: field "colour" is not known to ${escape(GEN1)}; known fields: `),
    );
    expect(atRoot).toContain("known fields: enabled, description, mode, apiTypes, crdFile,");
  });

  it("gives one problem per unknown key, and unknown keys their own severity", () => {
    const problems = crdEntryProblems({ apiTypes, workers: 0, a: 1, b: 2 }, 1, {
      ...context,
      severity: "error",
      unknownSeverity: "warning",
    });
    expect(problems.map((p) => [p.path, p.severity, p.line])).toEqual([
      ["spec.crds.w.workers", "error", 12],
      ["spec.crds.w.a", "warning", undefined],
      ["spec.crds.w.b", "warning", undefined],
    ]);
    expect(problems[0]!.message).toBe("must be a whole number between 1 and 50");
  });

  it("reports unknown keys at the check's severity when no unknown severity is given", () => {
    const problems = crdEntryProblems({ apiTypes, a: 1 }, 3, { ...context, severity: "warning" });
    expect(problems.map((p) => p.severity)).toEqual(["warning"]);
  });

  it("finds nothing in an entry the generation decodes", () => {
    expect(crdEntryProblems({ apiTypes, operatorBox: { reconcile: { workers: 2 } } }, 3, context)).toEqual(
      [],
    );
  });

  it("reads a key named like an Object.prototype member as a field, not as the inherited function", () => {
    const entry = JSON.parse(
      '{"apiTypes": {"group": "a.example.io", "version": "v1", "kind": "A", "plural": "as"}, ' +
        '"operatorBox": {"reconcile": {"onCreate": {"constructor": [{}], "toString": [{}]}}}}',
    ) as Record<string, unknown>;
    const paths = crdEntryProblems(entry, 3, context).map((p) => p.path);
    expect(paths).toEqual([
      "spec.crds.w.operatorBox.reconcile.onCreate.constructor",
      "spec.crds.w.operatorBox.reconcile.onCreate.toString",
    ]);
  });
});

describe("crdEntryProblems: hints that must not overreach", () => {
  it("does not send a field to where a move would put it when the target has no such place either", () => {
    // Generation 2 renamed operatorBox.anyOf to operatorBox.or, which generation 3 no longer has.
    expect(messagesOf({ operatorBox: { anyOf: [] } }, 3)).toEqual([
      `spec.crds.w.operatorBox.anyOf: field "anyOf" is not known to ${GEN3}; it exists only in ${GEN1}, and ` +
        `nothing maps it to ${GEN3}: remove it, or target a runtime of that generation`,
    ]);
  });

  it("lists the known fields of the mapping the field is in, however deep", () => {
    const [message] = messagesOf({ operatorBox: { reconcile: { colour: 1 } } }, 3);
    expect(message).toMatch(
      /^spec\.crds\.w\.operatorBox\.reconcile\.colour: .*; known fields at operatorBox\.reconcile: default, hooks, /,
    );
  });
});

describe("payloadProblems", () => {
  it("names every generation a leftover section belongs to", () => {
    expect(
      payloadProblems({ apiVersion: "v1", kind: "Katalog", notification: { enabled: true } }, 3, "p").map(
        (p) => p.message,
      ),
    ).toEqual([
      `field "notification" is not known to ${GEN3}: it is a section of ${GEN1} and ${GEN2}, and what is left in ` +
        `it (enabled) has no place in ${GEN3}; remove it, or target a runtime of that generation`,
    ]);
  });

  it("checks the document's top level against the generation, without lines", () => {
    const problems = payloadProblems(
      { apiVersion: "orkestra.orkspace.io/v1", kind: "Katalog", notification: {}, providers: [], colour: 1 },
      3,
      "katalog.yaml",
    );
    const onlyIn12 = (field: string) =>
      `field "${field}" is not known to ${GEN3}; it exists only in ${GEN1} and ${GEN2}, and nothing maps it ` +
      `to ${GEN3}: remove it, or target a runtime of that generation`;
    expect(problems).toEqual([
      { file: "katalog.yaml", path: "notification", message: onlyIn12("notification"), severity: "error" },
      { file: "katalog.yaml", path: "providers", message: onlyIn12("providers"), severity: "error" },
      {
        file: "katalog.yaml",
        path: "colour",
        message:
          `field "colour" is not known to ${GEN3}; known fields: apiVersion, kind, metadata, lifecycle, policy, ` +
          "imports, spec, security, crossAccess, gateway, publish, notes, profiles",
        severity: "error",
      },
    ]);
  });
});

describe("countUnknownFields", () => {
  it("counts every unknown key, at any depth, and nothing for wrong values", () => {
    expect(countUnknownFields({ apiTypes, a: 1, b: 2 }, 3)).toBe(2);
    expect(countUnknownFields({ apiTypes: { ...apiTypes, c: 1 }, a: 1 }, 3)).toBe(2);
    expect(countUnknownFields({ apiTypes, workers: 0 }, 1)).toBe(0);
    expect(countUnknownFields({ apiTypes, workers: 2 }, 3)).toBe(1);
    expect(countUnknownFields({ apiTypes }, 2)).toBe(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
