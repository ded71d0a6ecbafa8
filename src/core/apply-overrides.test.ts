import fc from "fast-check";
import { propertyRuns } from "../../test/support/property-runs.js";
import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd } from "../api/effective.js";
import { applyCrdOverrides } from "./apply-overrides.js";
import { InvalidInputError } from "./errors.js";
import { valueAt } from "./field-path.js";
import { parseKomposer } from "./parse-document.js";
import { apiTypesFor, komposerYaml } from "../../test/support/test-documents.js";

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

/** An imported entry, already in the newest layout (as import-sources hands entries over). */
function imported(entry: Record<string, unknown>): Map<string, EffectiveCrd> {
  const full = { apiTypes: apiTypesFor("webapp"), ...entry } as CrdEntry;
  return new Map([
    [
      "webapp",
      { key: "webapp", entry: full, written: [3], moves: [], source, via: ["komposer.yaml", source.origin] },
    ],
  ]);
}

function apply(base: Map<string, EffectiveCrd>, crds: Record<string, unknown>) {
  const komposer = parseKomposer({ file: "komposer.yaml", text: komposerYaml("root", { crds }) });
  return applyCrdOverrides(base, { komposer, ownSource, via: ["komposer.yaml"] });
}

/** Where the newest generation keeps each portable field of the seed's vocabulary. */
const NEWEST_PLACE: Readonly<Record<string, string[]>> = {
  workers: ["operatorBox", "reconcile", "workers"],
  resync: ["operatorBox", "reconcile", "resync"],
  webhooks: ["admission", "webhooks"],
  deletionProtection: ["operatorBox", "runtime", "deletionProtection"],
  enabled: ["enabled"],
  namespace: ["namespace"],
};

// Valid override values for the seed's portable vocabulary and a few CRD-level fields.
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
  it("places the seed's vocabulary where the newest layout keeps it; the inline value wins at every leaf", () => {
    const base = {
      description: "kept",
      operatorBox: { reconcile: { workers: 2, resync: "60s", onCreate: { deployments: [{ name: "a" }] } } },
      admission: { webhooks: { validation: false, mutation: true, operations: ["CONNECT"] } },
    };
    fc.assert(
      fc.property(override, (patch) => {
        const entry = apply(imported(base), { webapp: patch }).get("webapp")!.entry as Record<
          string,
          unknown
        >;
        for (const [field, value] of Object.entries(patch)) {
          const place = NEWEST_PLACE[field]!;
          if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            for (const [leaf, leafValue] of Object.entries(value))
              expect(valueAt(entry, [...place, leaf])).toEqual(leafValue);
          } else expect(valueAt(entry, place)).toEqual(value);
          if (field !== "enabled" && field !== "namespace") expect(entry[field]).toBeUndefined();
        }
        expect(entry.description).toBe("kept");
        expect(entry.apiTypes).toEqual(apiTypesFor("webapp"));
        expect(valueAt(entry, ["operatorBox", "reconcile", "onCreate"])).toEqual({
          deployments: [{ name: "a" }],
        });
        if (!("webhooks" in patch) || !("operations" in (patch.webhooks ?? {}))) {
          expect(valueAt(entry, ["admission", "webhooks", "operations"])).toEqual(["CONNECT"]);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("accepts native paths of generation 2 and 3 alike, and records the moves", () => {
    const base = imported({ operatorBox: { reconcile: { workers: 2, resync: "60s" } } });
    const native3 = apply(base, { webapp: { operatorBox: { reconcile: { workers: 5 } } } }).get("webapp")!;
    const native2 = apply(base, { webapp: { operatorBox: { reconciler: { workers: 5 } } } }).get("webapp")!;
    expect(native2.entry).toEqual(native3.entry);
    expect(valueAt(native3.entry, ["operatorBox", "reconcile"])).toEqual({ workers: 5, resync: "60s" });
    expect(native3.moves).toEqual([]);
    expect(native2.moves).toEqual([["operatorBox.reconciler.workers", "operatorBox.reconcile.workers"]]);
  });

  it("refuses one setting written at two places with different values", () => {
    expect(() =>
      apply(imported({}), { webapp: { workers: 4, operatorBox: { reconcile: { workers: 5 } } } }),
    ).toThrow(
      /spec\.crds\.webapp\.operatorBox\.reconciler\.workers: is set here and, with a different value, at spec\.crds\.webapp\.operatorBox\.reconcile\.workers/,
    );
  });

  it("deletes with null (also through the portable names), replaces lists, keeps the source, never mutates the imports", () => {
    const base = imported({
      operatorBox: { reconcile: { workers: 2 } },
      admission: { webhooks: { operations: ["CREATE", "UPDATE"], validation: true } },
    });
    const before = structuredClone([...base.values()]);
    const result = apply(base, { webapp: { workers: null, webhooks: { operations: ["DELETE"] } } });
    expect(result.get("webapp")!.entry).toEqual({
      apiTypes: apiTypesFor("webapp"),
      operatorBox: { reconcile: {} },
      admission: { webhooks: { operations: ["DELETE"], validation: true } },
    });
    expect(result.get("webapp")!.source).toBe(source);
    expect([...base.values()]).toEqual(before);
  });

  it("adds a complete new CRD stamped with the Komposer as its source; the portable fields do not decide its generation", () => {
    const result = apply(imported({}), {
      extra: { apiTypes: apiTypesFor("extra"), workers: 3, resync: null },
    });
    expect(result.get("extra")).toEqual({
      key: "extra",
      entry: { apiTypes: apiTypesFor("extra"), operatorBox: { reconcile: { workers: 3 } } },
      written: [1, 2, 3],
      moves: [
        ["workers", "operatorBox.reconcile.workers"],
        ["resync", "operatorBox.reconcile.resync"],
      ],
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

  it("says a key that matches no import adds a new CRD, listing the imported keys or that there are none", () => {
    const messages = (base: Map<string, EffectiveCrd>) => {
      try {
        apply(base, { other: { workers: 2 } });
      } catch (e: unknown) {
        return (e as InvalidInputError).problems.map((p) => p.message);
      }
      return [];
    };
    const missing = "missing apiTypes: every CRD needs explicit apiTypes {group, version, kind, plural}";
    expect(messages(imported({}))).toEqual([
      `${missing} ('other' matches no imported CRD, so it adds a new one and must be complete; imported CRDs: webapp)`,
    ]);
    expect(messages(new Map())).toEqual([
      `${missing} ('other' matches no imported CRD, so it adds a new one and must be complete; nothing is imported)`,
    ]);
  });
});
