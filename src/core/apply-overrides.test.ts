import fc from "fast-check";
import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd } from "../api/effective.js";
import { applyCrdOverrides } from "./apply-overrides.js";
import { InvalidInputError } from "./errors.js";
import { parseKomposer } from "./parse-document.js";
import { apiTypesFor, komposerYaml } from "./test-documents.js";

const source = {
  katalogName: "k",
  katalogNamespace: "default",
  origin: "oci://r.io/k:v1",
  identity: "sha256:k",
};
const ownSource = {
  katalogName: "root",
  katalogNamespace: "default",
  origin: "komposer.yaml",
  identity: "sha256:root",
};

function imported(entry: Partial<CrdEntry>): Map<string, EffectiveCrd> {
  const full = { apiTypes: apiTypesFor("webapp"), ...entry } as CrdEntry;
  return new Map([["webapp", { key: "webapp", entry: full, source, via: ["komposer.yaml", source.origin] }]]);
}

function apply(base: Map<string, EffectiveCrd>, crds: Record<string, unknown>) {
  const komposer = parseKomposer({ file: "komposer.yaml", text: komposerYaml("root", { crds }) });
  return applyCrdOverrides(base, { komposer, ownSource, via: ["komposer.yaml"] });
}

// Valid override values for the known leaf fields.
const override = fc.record(
  {
    workers: fc.integer({ min: 1, max: 50 }),
    resync: fc.constantFrom("30s", "1m", "1h30m", "250ms"),
    enabled: fc.boolean(),
    namespace: fc.constantFrom("team-a", "team-b"),
    webhooks: fc.record(
      { validation: fc.boolean(), operations: fc.subarray(["CREATE", "UPDATE", "DELETE"]) },
      { requiredKeys: [] },
    ),
    deletionProtection: fc.record(
      { protectCRD: fc.boolean(), strictMode: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe("applyCrdOverrides", () => {
  it("the inline value wins at every leaf, and untouched fields are kept", () => {
    const base = {
      workers: 2,
      resync: "60s",
      description: "kept",
      webhooks: { validation: false, mutation: true, operations: ["CONNECT"] },
    };
    fc.assert(
      fc.property(override, (patch) => {
        const entry = apply(imported(base as Partial<CrdEntry>), { webapp: patch }).get("webapp")!
          .entry as Record<string, unknown>;
        for (const [field, value] of Object.entries(patch)) {
          if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            for (const [leaf, leafValue] of Object.entries(value))
              expect((entry[field] as Record<string, unknown>)[leaf]).toEqual(leafValue);
          } else expect(entry[field]).toEqual(value);
        }
        expect(entry.description).toBe("kept");
        expect(entry.apiTypes).toEqual(apiTypesFor("webapp"));
        if (!("webhooks" in patch) || !("operations" in (patch.webhooks ?? {}))) {
          expect((entry.webhooks as Record<string, unknown>).operations).toEqual(["CONNECT"]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("deletes with null, replaces lists, keeps the source, and never mutates the imports", () => {
    const base = imported({ workers: 2, webhooks: { operations: ["CREATE", "UPDATE"], validation: true } });
    const before = structuredClone([...base.values()]);
    const result = apply(base, { webapp: { workers: null, webhooks: { operations: ["DELETE"] } } });
    expect(result.get("webapp")!.entry).toEqual({
      apiTypes: apiTypesFor("webapp"),
      webhooks: { operations: ["DELETE"], validation: true },
    });
    expect(result.get("webapp")!.source).toBe(source);
    expect([...base.values()]).toEqual(before);
  });

  it("adds a complete new CRD stamped with the Komposer as its source", () => {
    const result = apply(imported({}), {
      extra: { apiTypes: apiTypesFor("extra"), workers: 3, resync: null },
    });
    expect(result.get("extra")).toEqual({
      key: "extra",
      entry: { apiTypes: apiTypesFor("extra"), workers: 3 },
      source: { ...ownSource, identity: "sha256:root#extra" },
      via: ["komposer.yaml"],
    });
  });

  it("reports every invalid merged entry at once", () => {
    let error: unknown;
    try {
      apply(imported({}), { webapp: { apiTypes: { group: null, kind: null } }, other: { workers: 2 } });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.path)).toEqual([
      "spec.crds.webapp.apiTypes.group",
      "spec.crds.webapp.apiTypes.kind",
      "spec.crds.other.apiTypes",
    ]);
  });
});
