// The generic messages behind every schema error a user sees: what was expected in words, what was found,
// where. Checked here against zod directly, so a wrong word or a lost path shows up without a golden case.
import { z } from "zod";
import type { FieldPath } from "./field-path.js";
import { defaultErrorMessage, problemAt, problemsFromIssues } from "./schema-problems.js";

/** Lines for two paths only, so tests tell a located problem from one without a line. */
const locate = (path: FieldPath) => ({ "spec.name": 4, "spec.workers": 7 })[path.join(".")];

function problems(schema: z.ZodType, value: unknown, prefix?: FieldPath) {
  const result = schema.safeParse(value, { error: defaultErrorMessage });
  if (result.success) return [];
  return problemsFromIssues(result.error.issues, {
    file: "k.yaml",
    locate,
    value,
    ...(prefix ? { prefix } : {}),
  }).map((p) => `${p.path}${p.line === undefined ? "" : `@${p.line}`}: ${p.message}`);
}

describe("defaultErrorMessage", () => {
  const spec = z.strictObject({
    name: z.string().min(1),
    workers: z.int().min(1).max(50).optional(),
    mode: z.enum(["Active", "Passive"]).optional(),
    apiTypes: z.object({ kind: z.string() }),
    tags: z.array(z.string()).optional(),
    ratio: z.number().optional(),
    enabled: z.boolean().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  });
  const valid = { name: "a", apiTypes: { kind: "A" } };

  it("names a missing field, with the apiTypes hint for apiTypes", () => {
    expect(problems(z.object({ spec }), { spec: { apiTypes: { kind: "A" } } })).toEqual([
      "spec.name@4: name is required",
    ]);
    expect(problems(spec, { name: "a" })).toEqual([
      "apiTypes: missing apiTypes: every CRD needs explicit apiTypes {group, version, kind, plural}",
    ]);
    expect(problems(z.string(), undefined)).toEqual([": value is required"]);
  });

  it("says what type was expected, in words, and what was found", () => {
    expect(
      problems(spec, {
        ...valid,
        tags: "x",
        ratio: "1",
        enabled: "yes",
        labels: [],
        workers: 1.5,
        apiTypes: { kind: 3 },
      }),
    ).toEqual([
      "workers: must be a whole number, found a decimal number",
      "apiTypes.kind: must be a string, found a number",
      "tags: must be a list, found a string",
      "ratio: must be a number, found a string",
      "enabled: must be true or false, found a string",
      "labels: must be a map, found a list",
    ]);
    expect(problems(spec, "spec")).toEqual([": must be a map, found a string"]);
    expect(problems(z.bigint(), 1)).toEqual([": must be bigint, found a number"]);
  });

  it("lists the allowed values, quoted, with what was found", () => {
    expect(problems(spec, { ...valid, mode: "active" })).toEqual([
      'mode: must be one of "Active", "Passive", found "active"',
    ]);
  });

  it("gives bounds, and names the field of an empty string", () => {
    expect(problems(spec, { ...valid, name: "" })).toEqual(["name: name must not be empty"]);
    expect(problems(spec, { ...valid, workers: 0 })).toEqual(["workers: must be at least 1"]);
    expect(problems(spec, { ...valid, workers: 51 })).toEqual(["workers: must be at most 50"]);
    expect(problems(z.array(z.string()).min(2), ["a"])).toEqual([": must be at least 2"]);
  });

  it("leaves other codes and a schema's own messages alone", () => {
    expect(problems(z.string().regex(/^a/, "must start with a"), "b")).toEqual([": must start with a"]);
    const issue = { code: "custom", path: ["x"], input: 1, message: "m" } as const;
    expect(defaultErrorMessage(issue as never)).toBeUndefined();
  });
});

describe("problemsFromIssues", () => {
  it("puts the prefix before each path and quotes keys that are not plain", () => {
    const labels = z.record(z.string(), z.string());
    expect(problems(labels, { "app.kubernetes.io/name": 1 }, ["spec", "crds", "web"])).toEqual([
      'spec.crds.web["app.kubernetes.io/name"]: must be a string, found a number',
    ]);
    expect(problems(z.object({ workers: z.int() }), { workers: "x" }, ["spec"])).toEqual([
      "spec.workers@7: must be a number, found a string",
    ]);
  });

  it("reports the inner errors of the union branch whose type matched", () => {
    const registryImport = z.union([
      z.string(),
      z.strictObject({ url: z.string(), useKomposer: z.boolean() }),
    ]);
    const list = z.array(registryImport);
    expect(problems(list, ["oci://a", { url: "oci://b", useKomposer: "yes" }])).toEqual([
      "[1].useKomposer: must be true or false, found a string",
    ]);
  });

  it("says which types a union accepts when no branch's type matched", () => {
    const registryImport = z.union([z.string(), z.object({ url: z.string() }), z.string().array()]);
    expect(problems(z.object({ spec: registryImport }), { spec: 5 })).toEqual([
      "spec: must be a string or a map or a list, found a number",
    ]);
    // Two branches of the same type: said once.
    expect(problems(z.union([z.string().min(3), z.string().max(1)]).and(z.any()), 5)).toEqual([
      ": must be a string, found a number",
    ]);
  });

  it("falls back to a neutral wording when every branch matched its type and failed inside", () => {
    const either = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]);
    expect(problems(either, { c: 1 })).toEqual([": must be a different value, found a map"]);
  });

  it("reports a bad record key with the key check's own message", () => {
    const keyed = z.record(z.string().regex(/^[a-z]+$/, "keys are lowercase letters"), z.string());
    expect(problems(keyed, { Web: "x" })).toEqual(["Web: keys are lowercase letters"]);
  });
});

describe("problemAt", () => {
  it("defaults to an error, takes a severity, and adds a line only where there is one", () => {
    const context = { file: "k.yaml", locate, prefix: ["spec"] };
    expect(problemAt(context, ["name"], "m")).toEqual({
      file: "k.yaml",
      line: 4,
      path: "spec.name",
      message: "m",
      severity: "error",
    });
    expect(problemAt({ file: "k.yaml", locate }, ["x"], "m", "warning")).toEqual({
      file: "k.yaml",
      path: "x",
      message: "m",
      severity: "warning",
    });
  });
});
