// Warnings for fields outside CRD entries that no schema knows: which parts of a document are walked (maps,
// records, lists, the map branch of a union, through optional/nullable/default), which are left to other
// checks (CRD entries, Kubernetes' own ObjectMeta fields), and what the warning says.
import { z } from "zod";
import type { FieldPath } from "./field-path.js";
import { unknownFieldWarnings } from "./unknown-fields.js";

const locate = (path: FieldPath) => (path.join(".") === "spec.colour" ? 5 : undefined);

const schema = z.object({
  apiVersion: z.string(),
  metadata: z.object({ name: z.string(), annotations: z.record(z.string(), z.string()).optional() }),
  spec: z
    .object({
      crds: z.record(z.string(), z.object({ apiTypes: z.any() })).optional(),
      registry: z.array(z.union([z.string(), z.object({ url: z.string() })])).optional(),
      gates: z.record(z.string(), z.object({ on: z.boolean() }).nullable()).optional(),
      limits: z.object({ max: z.number() }).default({ max: 1 }),
      empty: z.object({}).optional(),
    })
    .optional(),
});

const warnings = (value: unknown) =>
  unknownFieldWarnings(schema, value, "k.yaml", locate).map((w) => `${w.path}: ${w.message}`);

describe("unknownFieldWarnings", () => {
  it("warns about an unknown field, with its line and the fields known there", () => {
    expect(
      unknownFieldWarnings(schema, { apiVersion: "v1", spec: { colour: "red" } }, "k.yaml", locate),
    ).toEqual([
      {
        file: "k.yaml",
        line: 5,
        path: "spec.colour",
        message:
          'unknown field "colour" is passed through unchanged; known fields here: crds, registry, gates, limits, empty',
        severity: "warning",
      },
    ]);
  });

  it("walks records, lists, the map branch of a union, and through nullable and default", () => {
    expect(
      warnings({
        spec: {
          registry: ["oci://a", { url: "oci://b", usekomposer: true }],
          gates: { one: { on: true, off: false }, two: null },
          limits: { max: 2, min: 1 },
          empty: { x: 1 },
        },
      }),
    ).toEqual([
      'spec.registry[1].usekomposer: unknown field "usekomposer" is passed through unchanged; known fields here: url',
      'spec.gates.one.off: unknown field "off" is passed through unchanged; known fields here: on',
      'spec.limits.min: unknown field "min" is passed through unchanged; known fields here: max',
      'spec.empty.x: unknown field "x" is passed through unchanged',
    ]);
  });

  it("leaves CRD entries to the runtime schema check, but not the keys beside them", () => {
    expect(warnings({ spec: { crds: { web: { apiTypes: {}, workers: 2, anything: 1 } } } })).toEqual([]);
    expect(warnings({ spec: { crds: { web: { apiTypes: {} } } }, crds: {} })).toEqual([
      'crds: unknown field "crds" is passed through unchanged; known fields here: apiVersion, metadata, spec',
    ]);
  });

  it("accepts Kubernetes' ObjectMeta fields in metadata only", () => {
    expect(warnings({ metadata: { name: "a", uid: "1", labels: {}, resourceVersion: "2" } })).toEqual([]);
    expect(warnings({ spec: { uid: "1" } })).toEqual([
      'spec.uid: unknown field "uid" is passed through unchanged; known fields here: crds, registry, gates, limits, empty',
    ]);
    expect(warnings({ spec: { limits: { max: 1, uid: "1" } } })).toEqual([
      'spec.limits.uid: unknown field "uid" is passed through unchanged; known fields here: max',
    ]);
  });

  it("warns about a field named like an Object.prototype member", () => {
    const value = JSON.parse('{"spec": {"constructor": 1, "toString": 2}}') as unknown;
    expect(warnings(value).map((w) => w.split(":")[0])).toEqual(["spec.constructor", "spec.toString"]);
  });

  it("ignores values of the wrong type, which the schema itself reports", () => {
    expect(warnings({ spec: "x", metadata: [] })).toEqual([]);
    expect(warnings({ spec: { registry: { url: 1 }, gates: [1] } })).toEqual([]);
  });
});
