import { kubectlProblems } from "./kubectl-check.js";
import { parseDocument } from "./parse-document.js";
import { katalogYaml } from "../../test/support/test-documents.js";

describe("kubectlProblems", () => {
  it("accepts a Komposer written for kubectl", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata:
  name: zoo
  namespace: platform
  annotations: {orkestra.orkspace.io/version: 1.0.0}
imports: {registry: [oci://ghcr.io/a/b:v1]}
spec: {restartToken: "1", crds: {webapp: {workers: 2, somethingNew: true}}}
`;
    expect(kubectlProblems(parseDocument({ file: "k.yaml", text }))).toEqual([]);
  });

  it("names what kubectl would reject, with the fix", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo, version: 1.0.0, tags: [a]}
security: {tls: true}
spec: {surprise: 1}
`;
    expect(
      kubectlProblems(parseDocument({ file: "k.yaml", text })).map((p) => [p.line, p.path, p.message]),
    ).toEqual([
      [4, "security", "the Komposer CRD has no top-level security; kubectl rejects it"],
      [
        3,
        "metadata.version",
        "Kubernetes metadata has no version; move it to annotation orkestra.orkspace.io/version",
      ],
      [3, "metadata.tags", "Kubernetes metadata has no tags; remove it from files meant for kubectl"],
      [5, "spec.surprise", "the Komposer CRD has no spec.surprise; kubectl rejects it"],
    ]);
  });

  it("reports every null kubectl apply would drop, with the remove spelling inside spec.crds", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo}
imports: {registry: [oci://ghcr.io/a/b:v1]}
spec:
  crds:
    webapp:
      webhooks: null
      deletionProtection: {strictMode: null}
      remove: [operatorBox]
`;
    expect(
      kubectlProblems(parseDocument({ file: "k.yaml", text })).map((p) => [p.line, p.path, p.message]),
    ).toEqual([
      [
        8,
        "spec.crds.webapp.webhooks",
        "kubectl apply drops this null before the API server sees it, so the operator would keep webhooks " +
          "while ork generate bundle removes it; write `remove: [webhooks]` under spec.crds.webapp instead " +
          "(it works with ork and every apply path)",
      ],
      [
        9,
        "spec.crds.webapp.deletionProtection.strictMode",
        expect.stringContaining("write `remove: [deletionProtection.strictMode]` under spec.crds.webapp"),
      ],
    ]);
  });

  it("refuses Katalogs", () => {
    expect(kubectlProblems(parseDocument({ file: "k", text: katalogYaml("k", ["a"]) }))[0]?.message).toMatch(
      /only a Komposer/,
    );
  });

  it("advises every metadata field upstream keeps in annotations, and nothing for a prototype-named one", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo, version: 1.0.0, description: d, author: a, constructor: x}
imports: {registry: [oci://ghcr.io/a/b:v1], extra: [1]}
`;
    expect(kubectlProblems(parseDocument({ file: "k.yaml", text })).map((p) => [p.path, p.message])).toEqual([
      [
        "metadata.description",
        "Kubernetes metadata has no description; move it to annotation orkestra.orkspace.io/description",
      ],
      [
        "metadata.version",
        "Kubernetes metadata has no version; move it to annotation orkestra.orkspace.io/version",
      ],
      [
        "metadata.author",
        "Kubernetes metadata has no author; move it to annotation orkestra.orkspace.io/author",
      ],
      [
        "metadata.constructor",
        "Kubernetes metadata has no constructor; remove it from files meant for kubectl",
      ],
      ["imports.extra", "the Komposer CRD has no imports.extra; kubectl rejects it"],
    ]);
  });

  it("says to leave a null out where remove does not apply: outside CRD overrides or in a list", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo}
imports: {registry: [oci://ghcr.io/a/b:v1]}
extra: null
spec:
  crds:
    db: {operatorBox: {reconcile: {onCreate: {deployments: [null]}}}}
`;
    const leaveOut =
      "kubectl apply drops this null before the API server sees it; leave the field out instead (a null here " +
      "means the same as no field)";
    expect(kubectlProblems(parseDocument({ file: "k.yaml", text })).map((p) => [p.path, p.message])).toEqual([
      ["extra", "the Komposer CRD has no top-level extra; kubectl rejects it"],
      ["spec.crds.db.operatorBox.reconcile.onCreate.deployments[0]", leaveOut],
      ["extra", leaveOut],
    ]);
  });

  it("accepts a status block, and names the kind of a Katalog as what kubectl cannot apply", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo}
status: {observedGeneration: 1}
`;
    expect(kubectlProblems(parseDocument({ file: "k.yaml", text }))).toEqual([]);
    expect(kubectlProblems(parseDocument({ file: "k", text: katalogYaml("k", ["a"]) }))).toStrictEqual([
      {
        file: "k",
        line: 2,
        path: "kind",
        message: "only a Komposer can be applied with kubectl; a Katalog is imported by a Komposer",
        severity: "error",
      },
    ]);
  });

  it("advises remove only for a field inside a spec.crds entry", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: zoo}
extra: {crds: {a: {b: null}}}
spec:
  surprise: {x: {y: null}}
`;
    const paths = kubectlProblems(parseDocument({ file: "k.yaml", text }))
      .filter((p) => p.message.startsWith("kubectl apply drops"))
      .map((p) => [p.path, p.message.includes("remove:")]);
    expect(paths).toEqual([
      ["spec.surprise.x.y", false],
      ["extra.crds.a.b", false],
    ]);
  });
});
