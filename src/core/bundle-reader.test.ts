// Reading a bundle back for `ork plan`: from `ork generate bundle` output or `kubectl get -o yaml` (a List),
// what is taken from it, and what each unreadable file gets told.
import { InvalidInputError } from "./errors.js";
import { readBundle } from "./bundle-reader.js";
import { thrownBy } from "../../test/support/caught.js";

const katalogText = [
  "apiVersion: orkestra.orkspace.io/v1",
  "kind: Katalog",
  "metadata: {name: platform}",
  "spec:",
  "  crds:",
  "    webapp: {apiTypes: {kind: WebApp}}",
  "  profile: small",
  "security: {}",
  "",
].join("\n");

const configMap = (data = `katalog.yaml: |\n${indent(katalogText, 4)}`, annotations = "") => `apiVersion: v1
kind: ConfigMap
metadata:
  name: orkestra-katalog
  namespace: orkestra-system
${annotations}data:
${indent(data, 2)}
`;

const clusterRole = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
rules:
${rules}`;

function indent(text: string, by: number): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : " ".repeat(by) + line))
    .join("\n");
}

const refusal = (text: string) => thrownBy(() => readBundle("bundle.yaml", text), InvalidInputError);

describe("readBundle", () => {
  it("reads the digest, the CRDs, the rest of the Katalog and every ClusterRole's grants", () => {
    const text = [
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: orkestra-system}\n",
      configMap(undefined, "  annotations:\n    komposer.orkestra.orkspace.io/bundle-digest: sha256:abc\n"),
      clusterRole(
        "orkestra-orkestra-system",
        "- {apiGroups: [apps.example.io], resources: [webapps, webapps/status], verbs: [get, patch]}\n",
      ),
      clusterRole(
        "orkestra-gateway-orkestra-system",
        "- {apiGroups: [''], resources: [secrets], resourceNames: [token], verbs: [get]}\n",
      ),
    ].join("---\n");
    expect(readBundle("bundle.yaml", text)).toEqual({
      digest: "sha256:abc",
      crds: { webapp: { apiTypes: { kind: "WebApp" } } },
      katalog: {
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Katalog",
        metadata: { name: "platform" },
        spec: { profile: "small" },
        security: {},
      },
      grants: [
        ...[
          ["webapps", "get"],
          ["webapps", "patch"],
          ["webapps/status", "get"],
          ["webapps/status", "patch"],
        ].map(([resource, verb]) => ({
          clusterRole: "orkestra-orkestra-system",
          apiGroup: "apps.example.io",
          resource,
          verb,
        })),
        {
          clusterRole: "orkestra-gateway-orkestra-system",
          apiGroup: "",
          resource: "secrets",
          verb: "get",
          resourceNames: ["token"],
        },
      ],
    });
  });

  it("reads a bare ConfigMap: no digest, no grants, and no spec when the Katalog has only CRDs", () => {
    const onlyCrds = `katalog.yaml: |\n${indent("kind: Katalog\nspec:\n  crds: {a: {}}\n", 4)}`;
    const content = readBundle("cm.yaml", configMap(onlyCrds));
    expect(content).toStrictEqual({ crds: { a: {} }, katalog: { kind: "Katalog" } });
    const noSpec = readBundle("cm.yaml", configMap(`katalog.yaml: |\n    kind: Katalog\n`));
    expect(noSpec).toStrictEqual({ crds: {}, katalog: { kind: "Katalog" } });
  });

  it("reads the List kubectl prints for several objects, skipping empty documents and non-objects", () => {
    const list = {
      apiVersion: "v1",
      kind: "List",
      items: [
        "not an object",
        { kind: "Secret" },
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "orkestra-katalog" },
          data: { "katalog.yaml": katalogText },
        },
      ],
    };
    const content = readBundle("get.yaml", `---\n---\n${JSON.stringify(list)}\n`);
    expect(Object.keys(content.crds)).toEqual(["webapp"]);
    expect(content.grants).toBeUndefined();
  });

  it("refuses a file without the Katalog ConfigMap, or with its key missing or not text", () => {
    const message =
      "no ConfigMap orkestra-katalog with key katalog.yaml; pass a bundle written by `ork generate bundle`";
    for (const text of [
      clusterRole("r", "  []\n"),
      configMap("other.yaml: x"),
      configMap("katalog.yaml: {a: 1}"),
      configMap(undefined).replace("name: orkestra-katalog", "name: other"),
      "",
    ]) {
      const error = refusal(text);
      expect(error.reason).toBe("InvalidBundle");
      expect(error.problems).toEqual([{ file: "bundle.yaml", path: "", message, severity: "error" }]);
    }
  });

  it("refuses YAML it cannot read, naming the file", () => {
    expect(refusal("a: [1\n").problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^YAML syntax error: /) as string,
    ]);
    expect(refusal("a: 1\na: 2\n").problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'bundle.yaml:2: YAML syntax error: Map keys must be unique; "a" is repeated (first at line 1)',
    ]);
    const broken = refusal(configMap(`katalog.yaml: "a: [1"`));
    expect(broken.reason).toBe("InvalidBundle");
    expect(broken.problems[0]!.file).toBe("bundle.yaml (ConfigMap orkestra-katalog)");
  });

  it("refuses a file over the YAML size limit before parsing it", () => {
    const big = `# ${"é".repeat(4 * 1024 * 1024 + 1)}\n`;
    expect(refusal(big).problems.map((p) => p.message)).toEqual(["file is too large to be a bundle"]);
  });

  it("takes the Katalog only from a ConfigMap, and unwraps only a List", () => {
    const secret = configMap().replace("kind: ConfigMap", "kind: Secret");
    expect(refusal(secret).problems.map((p) => p.message)).toEqual([
      "no ConfigMap orkestra-katalog with key katalog.yaml; pass a bundle written by `ork generate bundle`",
    ]);
    const notAList = JSON.stringify({
      kind: "Bag",
      metadata: { name: "b" },
      items: [
        { kind: "ConfigMap", metadata: { name: "orkestra-katalog" }, data: { "katalog.yaml": katalogText } },
      ],
    });
    expect(refusal(notAList).reason).toBe("InvalidBundle");
  });
});
