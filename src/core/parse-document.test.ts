import { InvalidInputError, type Problem } from "./errors.js";
import { parseDocument, parseKatalog, parseKomposer, validateDocument } from "./parse-document.js";

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: webapp-operator
  version: v1.0.0
spec:
  crds:
    webapp:
      apiTypes:
        group: apps.myorg.io
        version: v1
        kind: WebApp
        plural: webapps
      workers: 2
      resync: 60s
      operatorBox:
        onCreate:
          deployments: [{name: x}]
`;

function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof InvalidInputError) return [...error.problems];
    throw error;
  }
  throw new Error("expected InvalidInputError");
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === "error");

describe("parseKatalog", () => {
  it("parses a valid Katalog and keeps every field", () => {
    const parsed = parseKatalog({ file: "k.yaml", text: KATALOG });
    expect(parsed.kind).toBe("Katalog");
    expect(parsed.document.metadata.name).toBe("webapp-operator");
    expect(parsed.document.spec?.crds?.webapp?.workers).toBe(2);
    expect(parsed.document.spec?.crds?.webapp?.operatorBox).toEqual({
      onCreate: { deployments: [{ name: "x" }] },
    });
    expect(parsed.warnings).toEqual([]);
  });

  it("accepts data without text (an object from the API server) with no lines", () => {
    const parsed = parseDocument({
      file: "obj",
      object: { apiVersion: "orkestra.orkspace.io/v1", kind: "Katalog", metadata: { name: "x" } },
    });
    expect(parsed.kind).toBe("Katalog");
    expect(parsed.locate(["metadata"])).toBeUndefined();
  });

  it("reports every problem at once with file, line and path", () => {
    const text = KATALOG.replace("kind: WebApp", "kind: webApp").replace(
      "plural: webapps",
      "plural: Web_Apps",
    );
    const problems = errors(problemsOf(() => parseKatalog({ file: "k.yaml", text })));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: "k.yaml",
          path: "spec.crds.webapp.apiTypes.plural",
          message: expect.stringMatching(/lower-case/),
        }),
        expect.objectContaining({
          line: 12,
          path: "spec.crds.webapp.apiTypes.kind",
          message: expect.stringMatching(/CamelCase/),
        }),
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it("says spec.crds must be a map when it is a list, once", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: x}
spec:
  crds:
    - name: webapp
`;
    const problems = problemsOf(() => parseKatalog({ file: "k.yaml", text }));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 5,
        path: "spec.crds",
        message: expect.stringContaining("spec.crds must be a map keyed by CRD name"),
      }),
    ]);
  });

  it("names missing apiTypes with the fields to write", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: x}
spec:
  crds:
    webapp:
      workers: 2
`;
    const [problem] = problemsOf(() => parseKatalog({ file: "k.yaml", text }));
    expect(problem).toMatchObject({ line: 6, path: "spec.crds.webapp.apiTypes" });
    expect(problem?.message).toMatch(/missing apiTypes.*group, version, kind, plural/);
  });

  it("names each missing apiTypes field", () => {
    const text = KATALOG.replace("        plural: webapps\n", "");
    const [problem] = problemsOf(() => parseKatalog({ file: "k.yaml", text }));
    expect(problem).toMatchObject({ path: "spec.crds.webapp.apiTypes.plural", line: 9 });
    expect(problem?.message).toMatch(/plural is required/);
  });

  it("refuses crdFile with a fix", () => {
    const text = KATALOG.replace("      workers: 2\n", "      workers: 2\n      crdFile: crd.yaml\n");
    const [problem, ...rest] = problemsOf(() => parseKatalog({ file: "k.yaml", text }));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ path: "spec.crds.webapp.crdFile", line: 15 });
    expect(problem?.message).toMatch(/crdFile is not supported.*explicit apiTypes/);
  });

  it("refuses imports on a Katalog", () => {
    const text = KATALOG + "imports:\n  registry: [oci://ghcr.io/a/b:v1]\n";
    const problems = problemsOf(() => parseKatalog({ file: "k.yaml", text }));
    expect(problems).toEqual([
      expect.objectContaining({
        path: "imports",
        message: expect.stringMatching(/only allowed in a Komposer/),
      }),
    ]);
  });

  it("reports a kind mismatch alone, both ways", () => {
    const komposer =
      "apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {name: x}\nspec: {crds: [1]}\n";
    expect(problemsOf(() => parseKatalog({ file: "a", text: komposer }))).toEqual([
      expect.objectContaining({
        path: "kind",
        line: 2,
        message: expect.stringMatching(/expected kind: Katalog, found kind: Komposer/),
      }),
    ]);
    expect(problemsOf(() => parseKomposer({ file: "a", text: KATALOG }))).toEqual([
      expect.objectContaining({
        path: "kind",
        message: expect.stringMatching(/expected kind: Komposer, found kind: Katalog/),
      }),
    ]);
  });

  it("rejects unknown kinds and other API versions", () => {
    expect(
      problemsOf(() => parseDocument({ file: "a", text: "apiVersion: v1\nkind: ConfigMap\n" }))[0]?.message,
    ).toMatch(/kind must be Katalog or Komposer, found "ConfigMap"/);
    const problems = problemsOf(() =>
      parseDocument({
        file: "a",
        text: KATALOG.replace("orkestra.orkspace.io/v1", "orkestra.orkspace.io/v2"),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: "apiVersion",
        line: 1,
        message: 'apiVersion must be "orkestra.orkspace.io/v1"',
      }),
    ]);
  });

  it("requires metadata.name", () => {
    const problems = problemsOf(() =>
      parseDocument({
        file: "a",
        text: "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {}\n",
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: "metadata.name", message: "metadata.name is required", line: 3 }),
    ]);
  });

  it("warns about unknown top-level fields and keeps them; CRD entries are left to the runtime schema", () => {
    const text = KATALOG.replace("      workers: 2\n", "      workers: 2\n      worker: 4\n") + "extra: 1\n";
    const parsed = parseKatalog({ file: "k.yaml", text });
    expect(parsed.warnings).toEqual([expect.objectContaining({ severity: "warning", path: "extra" })]);
    expect(parsed.document.spec?.crds?.webapp?.worker).toBe(4);
    expect(parsed.document.extra).toBe(1);
  });

  it("does not warn about Kubernetes metadata or operator-written status", () => {
    const parsed = parseDocument({
      file: "cluster",
      object: {
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Komposer",
        metadata: { name: "x", uid: "u", resourceVersion: "1", managedFields: [] },
        status: { observedGeneration: 1 },
      },
    });
    expect(parsed.warnings).toEqual([]);
  });

  it("reports YAML syntax errors with their line", () => {
    const problems = problemsOf(() =>
      parseKatalog({ file: "k.yaml", text: "a: 1\nb:\n  c: [1, 2\n  d: 3\n" }),
    );
    expect(problems[0]).toMatchObject({
      file: "k.yaml",
      line: 4,
      message: expect.stringMatching(/^YAML syntax error/),
    });
  });

  it("reports duplicate keys", () => {
    const problems = problemsOf(() =>
      parseKatalog({ file: "k.yaml", text: KATALOG + "metadata: {name: y}\n" }),
    );
    expect(problems[0]).toMatchObject({
      line: 19,
      message: expect.stringMatching(/YAML syntax error.*unique/i),
    });
  });

  it("refuses empty files, several documents, oversized input and alias bombs", () => {
    expect(problemsOf(() => parseDocument({ file: "a", text: "# nothing\n" }))[0]?.message).toMatch(/empty/);
    expect(
      problemsOf(() => parseDocument({ file: "a", text: `${KATALOG}---\n${KATALOG}` }))[0],
    ).toMatchObject({
      line: 20,
      message: expect.stringMatching(/one YAML document, found 2/),
    });
    expect(
      problemsOf(() =>
        parseDocument({ file: "a", text: KATALOG }, { limits: { maxBytes: 100, maxAliasCount: 10 } }),
      )[0]?.message,
    ).toMatch(/more than the 100-byte limit/);
    const bomb =
      "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    expect(problemsOf(() => parseDocument({ file: "a", text: bomb }))[0]?.message).toMatch(/alias/);
    expect(
      problemsOf(() => parseDocument({ file: "a", text: new Uint8Array([0xff, 0xfe]) }))[0]?.message,
    ).toMatch(/UTF-8/);
  });

  it("accepts bytes", () => {
    expect(parseDocument({ file: "a", text: new TextEncoder().encode(KATALOG) }).kind).toBe("Katalog");
  });

  it("validates CRD keys as RFC 1123 labels", () => {
    const problems = problemsOf(() =>
      parseKatalog({ file: "k.yaml", text: KATALOG.replace("    webapp:", "    WebApp:") }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: "spec.crds.WebApp",
        line: 8,
        message: expect.stringMatching(/lower-case RFC 1123 label/),
      }),
    ]);
  });
});

const KOMPOSER = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata:
  name: full-platform
  version: 1.0.0
imports:
  registry:
    - oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0
    - url: oci://ghcr.io/myorg/patterns/postgres:v1.0.0
      useKomposer: true
  files:
    - ../03-katalog-cache/katalog.yaml
spec:
  crds:
    webapp: {workers: 8, resync: 30s}
    cache: {webhooks: null}
  restartToken: "2026-11-24-1"
`;

describe("parseKomposer", () => {
  it("parses the spec example, with operator defaults", () => {
    const parsed = parseKomposer({ file: "komposer.yaml", text: KOMPOSER });
    expect(parsed.document.imports?.registry).toEqual([
      "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0",
      { url: "oci://ghcr.io/myorg/patterns/postgres:v1.0.0", useKomposer: true },
    ]);
    expect(parsed.document.spec).toMatchObject({
      crds: { webapp: { workers: 8, resync: "30s" }, cache: { webhooks: null } },
      restartToken: "2026-11-24-1",
      interval: "10m",
      revisionHistoryLimit: 5,
    });
    expect(parsed.warnings).toEqual([]);
  });

  it("type-checks overrides with their line", () => {
    const problems = problemsOf(() =>
      parseKomposer({ file: "komposer.yaml", text: KOMPOSER.replace("workers: 8", "workers: eight") }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: "komposer.yaml",
        line: 15,
        path: "spec.crds.webapp.workers",
        message: "workers must be a whole number between 1 and 50",
      }),
    ]);
  });

  it("refuses imports.helm and spec.imports with their own messages", () => {
    const text = KOMPOSER.replace("  files:", "  helm:\n    - chart: x\n  files:").replace(
      "  restartToken",
      "  imports: {}\n  restartToken",
    );
    const problems = problemsOf(() => parseKomposer({ file: "komposer.yaml", text }));
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ["imports.helm", 11],
      ["spec.imports", 19],
    ]);
    expect(problems[0]?.message).toMatch(/imports\.helm is not supported/);
    expect(problems[1]?.message).toMatch(/spec\.imports is not allowed.*top-level imports/);
  });

  it("reports the object branch of a registry import", () => {
    const text = KOMPOSER.replace(
      "useKomposer: true",
      "useKomposer: true\n    - {version: v1}\n    - 42\n    - url: x\n      digest: md5:1",
    );
    const problems = errors(problemsOf(() => parseKomposer({ file: "komposer.yaml", text })));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["imports.registry[2].url", "url is required, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0"],
      ["imports.registry[3]", "must be a string or a map, found a number"],
      ["imports.registry[4].digest", expect.stringMatching(/not a digest; write sha256:/)],
    ]);
    expect(problems[0]?.line).toBe(11);
  });

  it("says spec.crds must be a map in a Komposer too, and refuses crdFile overrides", () => {
    expect(
      problemsOf(() =>
        parseKomposer({
          file: "k",
          text: KOMPOSER.replace(
            "    webapp: {workers: 8, resync: 30s}\n    cache: {webhooks: null}\n",
            "    - webapp\n",
          ),
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        path: "spec.crds",
        message: expect.stringContaining("must be a map keyed by CRD name"),
      }),
    ]);
    expect(
      problemsOf(() =>
        parseKomposer({ file: "k", text: KOMPOSER.replace("resync: 30s", "crdFile: a.yaml") }),
      ),
    ).toEqual([expect.objectContaining({ path: "spec.crds.webapp.crdFile" })]);
  });

  it("validates operator fields", () => {
    const text = KOMPOSER.replace(
      "  restartToken",
      "  interval: often\n  revisionHistoryLimit: 0\n  pullSecrets: [{}]\n  restartToken",
    );
    const problems = errors(problemsOf(() => parseKomposer({ file: "k", text })));
    expect(problems.map((p) => p.path)).toEqual([
      "spec.interval",
      "spec.pullSecrets[0].name",
      "spec.revisionHistoryLimit",
    ]);
  });

  it("returns problems without throwing for ork validate", () => {
    const result = validateDocument({
      file: "k",
      text: KOMPOSER.replace("workers: 8", "workers: 99, extra: 1"),
    });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.severity, p.path])).toEqual([["error", "spec.crds.webapp.workers"]]);
  });
});
