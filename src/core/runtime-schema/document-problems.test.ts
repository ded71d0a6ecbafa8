import { parseDocument } from "../parse-document.js";
import { runtimeSchemaProblems } from "./document-problems.js";
import { komposerWithRuntime } from "../../../test/support/test-documents.js";

const katalog = (entry: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: k}
spec:
  crds:
    webapp:
      apiTypes: {group: apps.myorg.io, version: v1, kind: WebApp, plural: webapps}
${entry}`;

const check = (text: string, version?: string) =>
  runtimeSchemaProblems(parseDocument({ file: "k.yaml", text }), version).map((p) => ({
    severity: p.severity,
    path: p.path,
    line: p.line,
    message: p.message,
  }));

describe("runtimeSchemaProblems (ork validate)", () => {
  it("without a target: an entry is checked against the generation it is written in; unknown fields warn, bad values fail", () => {
    const problems = check(katalog("      workers: 0\n      resync: soon\n      worker: 4\n"));
    expect(problems).toEqual([
      expect.objectContaining({
        severity: "error",
        path: "spec.crds.webapp.workers",
        line: 8,
        message: expect.stringMatching(/between 1 and 50/),
      }),
      // Generation 1's resync is a native time.Duration: Go units only.
      expect.objectContaining({
        severity: "error",
        path: "spec.crds.webapp.resync",
        message: expect.stringMatching(/not a Go duration/),
      }),
      expect.objectContaining({
        severity: "warning",
        path: "spec.crds.webapp.worker",
        line: 10,
        message: expect.stringMatching(/field "worker" is not known to generation 1/),
      }),
    ]);
  });

  it("checks webhooks and deletionProtection of a generation-1/2 entry", () => {
    const problems = check(
      katalog(
        "      webhooks: {validation: yes, operations: [CREATE, PATCH]}\n      deletionProtection: {protectCRD: 1}\n",
      ),
    );
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["spec.crds.webapp.webhooks.validation", "must be true or false, found a string"],
      [
        "spec.crds.webapp.webhooks.operations[1]",
        expect.stringMatching(/"CREATE", "UPDATE", "DELETE", "CONNECT"/),
      ],
      ["spec.crds.webapp.deletionProtection.protectCRD", "must be true or false, found a number"],
    ]);
  });

  it("with a target: converts, then refuses what the target does not know, saying where a field lives", () => {
    const text = katalog(
      "      operatorBox:\n        reconcile: {workers: 2}\n        reconciler: {workrs: 2}\n        onCreate:\n          configmaps: [{name: x}]\n",
    );
    expect(check(text, "0.7.18")).toEqual([
      expect.objectContaining({
        severity: "error",
        path: "spec.crds.webapp.operatorBox.reconcile.onCreate.configmaps",
        message: expect.stringMatching(/did you mean "configMaps"\?/),
      }),
      expect.objectContaining({
        path: "spec.crds.webapp.operatorBox.reconciler",
        message: expect.stringMatching(
          /"reconciler" is not known to generation 3 .*section of generation 2 .*what is left in it \(workrs\) has no place/,
        ),
      }),
      expect.objectContaining({
        severity: "warning",
        path: "spec.crds.webapp",
        message: expect.stringMatching(
          /written for another generation: .*operatorBox\.onCreate → operatorBox\.reconcile\.onCreate/,
        ),
      }),
    ]);
  });

  it("names the generation a field exists in when the target has no place for it", () => {
    const text = katalog("      operatorBox:\n        reconcile:\n          remote: {endpoint: http://r}\n");
    expect(check(text, "0.7.17")).toEqual([
      expect.objectContaining({
        path: "spec.crds.webapp.operatorBox.reconcile",
        message: expect.stringMatching(
          /section of generation 3 .*what is left in it \(remote\) has no place in generation 2/,
        ),
      }),
    ]);
    expect(check(text, "0.7.18")).toEqual([]);
  });

  it("checks a Komposer's overrides against spec.runtime.version, as partial entries", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: k}
spec:
  runtime: {version: 0.7.18}
  crds:
    webapp: {workers: 8, resync: 30s, operatorBox: {reconcile: {onCreate: {statefulsets: []}}}}
`;
    expect(check(text).map((p) => p.path)).toEqual([
      "spec.crds.webapp.operatorBox.reconcile.onCreate.statefulsets",
    ]);
    expect(check(text.replace("statefulsets", "statefulSets"))).toEqual([]);
  });

  it("reports an unknown runtime version with the known ones", () => {
    expect(check(katalog(""), "0.9.1")).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/0\.9\.1 is not one Komposer knows.*0\.7\.0–0\.7\.8 \(generation 1\)/),
      }),
    ]);
  });
});

describe("unknown fields that moved", () => {
  it("says where a field written in the wrong place lives in the target", () => {
    const problems = runtimeSchemaProblems(
      parseDocument({
        file: "k.yaml",
        text: katalog(
          "      operatorBox:\n        reconcile: {onCreate: {}}\n        status: {fields: []}\n",
        ),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "spec.crds.webapp.operatorBox.status",
        message: expect.stringMatching(
          /in generation 3 \(runtime 0\.7\.18\+\) it lives at operatorBox\.emit\.status/,
        ),
      }),
    ]);
  });
});

describe("runtimeSchemaProblems: targets, conversion warnings, what is skipped", () => {
  const komposer = (version?: string) =>
    komposerWithRuntime(version, ["  crds:", "    webapp: {workers: 4, worker: 2}"]);
  const full = (text: string, version?: string) =>
    runtimeSchemaProblems(parseDocument({ file: "k.yaml", text }), version);

  it("names the flag, without a line, when --runtime-version is unknown", () => {
    expect(full(katalog(""), "9.9.9")).toEqual([
      {
        file: "--runtime-version",
        path: "",
        message: expect.stringMatching(/^runtime version 9\.9\.9 is not one Komposer knows/),
        severity: "error",
      },
    ]);
  });

  it("names the file, line and field when a Komposer's spec.runtime.version is unknown", () => {
    expect(full(komposer("0.6.1"))).toEqual([
      {
        file: "k.yaml",
        line: 7,
        path: "spec.runtime.version",
        message: expect.stringMatching(/^runtime version 0\.6\.1 is not one Komposer knows/),
        severity: "error",
      },
    ]);
  });

  it("checks nothing of a Komposer's overrides without a target, and checks them strictly with one", () => {
    expect(full(komposer())).toEqual([]);
    expect(check(komposer("0.7.18"))).toEqual([
      expect.objectContaining({ severity: "error", path: "spec.crds.webapp.worker" }),
    ]);
  });

  it("warns once per entry written for another generation, listing up to three moves and the command", () => {
    const problems = full(
      katalog(
        "      workers: 2\n      resync: 30s\n      queue: {rateLimit: 5}\n      deletionProtection: {enabled: true}\n",
      ),
      "0.7.18",
    );
    const warning = problems.find((p) => p.severity === "warning");
    expect(warning).toMatchObject({ file: "k.yaml", line: 6, path: "spec.crds.webapp" });
    expect(warning!.message).toMatch(
      /^is written for another generation: Komposer converts it for generation 3 \(runtime 0\.7\.18\+\) \([^()]+ → [^()]+, [^()]+ → [^()]+, [^()]+ → [^()]+, … \d moves\), but that runtime would refuse the file as written; `ork upgrade katalog k\.yaml --to 0\.7\.18` rewrites it$/,
    );
    const one = full(katalog("      workers: 2\n"), "0.7.18").find((p) => p.severity === "warning");
    expect(one!.message).toContain("(workers → operatorBox.reconcile.workers), but");
  });
});

describe("runtimeSchemaProblems: exact wording of conversion and target problems", () => {
  const full = (text: string, version?: string) =>
    runtimeSchemaProblems(parseDocument({ file: "k.yaml", text }), version);
  const converts = (list: string) =>
    "is written for another generation: Komposer converts it for generation 3 (runtime 0.7.18+) " +
    `(${list}), but that runtime would refuse the file as written; \`ork upgrade katalog k.yaml --to 0.7.18\` ` +
    "rewrites it";
  const three =
    "workers → operatorBox.reconcile.workers, resync → operatorBox.reconcile.resync, " +
    "queue → operatorBox.reconcile.queue";

  it("lists three moves in full, and the first three of more with the count", () => {
    const entry = "      workers: 2\n      resync: 30s\n      queue: {maxDepth: 5}\n";
    expect(full(katalog(entry), "0.7.18")).toStrictEqual([
      { file: "k.yaml", line: 6, path: "spec.crds.webapp", message: converts(three), severity: "warning" },
    ]);
    const four = `${entry}      deletionProtection: {protectCRD: true}\n`;
    expect(full(katalog(four), "0.7.18").map((p) => p.message)).toEqual([converts(`${three}, … 4 moves`)]);
  });

  it("gives no line key at all when the document has no lines", () => {
    const parsed = parseDocument({
      file: "k.yaml",
      object: {
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Katalog",
        metadata: { name: "k" },
        spec: {
          crds: {
            webapp: { apiTypes: { group: "a.io", version: "v1", kind: "A", plural: "as" }, workers: 2 },
          },
        },
      },
    });
    expect(runtimeSchemaProblems(parsed, "0.7.18")).toStrictEqual([
      {
        file: "k.yaml",
        path: "spec.crds.webapp",
        message: converts("workers → operatorBox.reconcile.workers"),
        severity: "warning",
      },
    ]);
  });

  it("gives no line key for an unknown spec.runtime.version in a document without lines", () => {
    const parsed = parseDocument({
      file: "komposer",
      object: {
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Komposer",
        metadata: { name: "k" },
        spec: { runtime: { version: "0.6.1" } },
      },
    });
    expect(runtimeSchemaProblems(parsed)).toStrictEqual([
      {
        file: "komposer",
        path: "spec.runtime.version",
        message: expect.stringMatching(/^runtime version 0\.6\.1 is not one Komposer knows/) as string,
        severity: "error",
      },
    ]);
  });

  it("takes `remove` as an override's removal list in a Komposer, and as an unknown field in a Katalog", () => {
    const komposer = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: k}
spec:
  runtime: {version: 0.7.18}
  crds:
    webapp: {remove: [webhooks], workers: 2}
`;
    expect(full(komposer)).toEqual([]);
    expect(
      full(katalog("      remove: [webhooks]\n"), "0.7.18").map((p) => [p.path, p.line, p.severity]),
    ).toEqual([["spec.crds.webapp.remove", 8, "error"]]);
  });

  it("refuses an entry whose conversion to the target meets a value in the way, naming both places", () => {
    expect(
      full(katalog("      operatorBox: {reconciler: 5, reconcile: {workers: 2}}\n"), "0.7.9"),
    ).toStrictEqual([
      {
        file: "k.yaml",
        path: "spec.crds.webapp.operatorBox.reconcile.workers",
        message:
          "is set here and, with a different value, at spec.crds.webapp.operatorBox.reconciler.workers (its place " +
          "in the target layout); keep one of the two",
        severity: "error",
      },
    ]);
  });
});
