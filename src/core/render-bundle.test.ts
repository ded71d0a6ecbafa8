import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd, EffectiveKatalog, KubeObject } from "../api/effective.js";
import { BundleAnnotation, BUNDLE_LABELS } from "./bundle-objects.js";
import { canonicalize, toCanonicalYamlStream } from "./canonical-yaml.js";
import { computeBundleDigest, sha256Digest, shortDigest } from "./digest.js";
import { ConflictError, InvalidInputError } from "./errors.js";
import { parseKatalog } from "./parse-document.js";
import { renderBundle, selectBundlePart } from "./render-bundle.js";
import { apiTypesFor } from "./test-documents.js";

function crd(
  key: string,
  entry: Partial<CrdEntry> = {},
  source: Partial<EffectiveCrd["source"]> = {},
): EffectiveCrd {
  return {
    key,
    entry: { apiTypes: apiTypesFor(key) as CrdEntry["apiTypes"], ...entry },
    source: {
      katalogName: `${key}-operator`,
      katalogNamespace: "default",
      origin: `oci://r.io/${key}:v1`,
      identity: key,
      ...source,
    },
    via: ["komposer.yaml", `oci://r.io/${key}:v1`],
  };
}

function effective(crds: EffectiveCrd[], blocks: Record<string, unknown> = {}): EffectiveKatalog {
  return {
    metadata: { name: "platform", namespace: "default", version: "1.0.0" },
    sources: ["platform"],
    crds,
    blocks,
  };
}

const options = { namespace: "orkestra-system", includeNamespace: false };
const configMapKatalog = (objects: readonly KubeObject[]) =>
  (objects.find((o) => o.kind === "ConfigMap")!.data as Record<string, string>)["katalog.yaml"]!;
const rulesOf = (objects: readonly KubeObject[]) => objects.find((o) => o.kind === "ClusterRole")!.rules;

describe("renderBundle", () => {
  it("renders the objects of spec §3 in order, all labelled and annotated", () => {
    const bundle = renderBundle(effective([crd("webapp")]), { ...options, includeNamespace: true });
    expect(bundle.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/orkestra-system",
      "ServiceAccount/orkestra",
      "ClusterRole/orkestra-orkestra-system",
      "ClusterRoleBinding/orkestra-orkestra-system",
      "ConfigMap/orkestra-katalog",
    ]);
    for (const object of bundle.objects) {
      expect(object.metadata.labels).toEqual(BUNDLE_LABELS);
      expect(object.metadata.annotations).toEqual({
        [BundleAnnotation.digest]: bundle.digest,
        [BundleAnnotation.source]: "platform",
      });
    }
    expect(bundle.objects[3]).toMatchObject({
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "orkestra-orkestra-system",
      },
      subjects: [{ kind: "ServiceAccount", name: "orkestra", namespace: "orkestra-system" }],
    });
    expect(bundle.objects[1]!.metadata.namespace).toBe("orkestra-system");
    expect(bundle.objects[2]!.metadata.namespace).toBeUndefined();
    expect(bundle.yaml.startsWith("---\napiVersion: v1\nkind: Namespace\n")).toBe(true);
    expect(bundle.yaml.match(/^---$/gm)).toHaveLength(5);
  });

  it("has a digest that ignores the Namespace and can be recomputed from the YAML", () => {
    const input = effective([crd("webapp")]);
    const cli = renderBundle(input, { ...options, includeNamespace: true });
    const operator = renderBundle(input, options);
    expect(cli.digest).toBe(operator.digest);
    expect(cli.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeBundleDigest(operator.objects)).toBe(operator.digest);
    const reread = parseAllDocuments(cli.yaml).map((d) => d.toJS() as KubeObject);
    expect(computeBundleDigest(reread)).toBe(cli.digest);
    expect(toCanonicalYamlStream(reread)).toBe(cli.yaml);
  });

  it("changes the digest when anything in the bundle changes", () => {
    const a = renderBundle(effective([crd("webapp", { workers: 2 })]), options);
    const b = renderBundle(effective([crd("webapp", { workers: 3 })]), options);
    const c = renderBundle(effective([crd("webapp", { workers: 2 })]), { ...options, namespace: "other" });
    expect(new Set([a.digest, b.digest, c.digest]).size).toBe(3);
  });

  it("is byte-identical whatever the key order of its input", () => {
    const entry: Partial<CrdEntry> = {
      workers: 4,
      resync: "30s",
      webhooks: { validation: true, operations: ["CREATE"] },
      operatorBox: { onCreate: { services: [{ a: 1, b: 2 }] } },
    };
    const reference = renderBundle(effective([crd("a", entry), crd("b", entry)]), options).yaml;
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (reverseEntries, reverseKeys) => {
        const shuffle = <T>(xs: T[]) => (reverseKeys ? [...xs].reverse() : xs);
        const reordered = (value: unknown): unknown =>
          Array.isArray(value)
            ? value.map(reordered)
            : value !== null && typeof value === "object"
              ? Object.fromEntries(shuffle(Object.entries(value)).map(([k, v]) => [k, reordered(v)]))
              : value;
        const crds = [
          crd("a", reordered(entry) as Partial<CrdEntry>),
          crd("b", reordered(entry) as Partial<CrdEntry>),
        ];
        expect(renderBundle(effective(reverseEntries ? crds.reverse() : crds), options).yaml).toBe(reference);
      }),
    );
  });

  it("writes the merged Katalog: enabled CRDs only, stamped, blocks carried, readable as a Katalog", () => {
    const bundle = renderBundle(
      effective(
        [
          crd(
            "webapp",
            { katalogName: "forged", katalogVersion: "forged" },
            { katalogVersion: "v1.0.0", katalogDescription: "Web apps" },
          ),
          crd("off", { enabled: false }),
          crd("cache", { enabled: true }, { katalogNamespace: "team-a" }),
        ],
        { security: { tls: true } },
      ),
      options,
    );
    const text = configMapKatalog(bundle.objects);
    expect(text).toContain("\nkind: Katalog\n");
    const katalog = parseKatalog({ file: "bundle", text });
    expect(katalog.warnings).toEqual([]);
    expect(katalog.document.metadata).toEqual({ name: "platform", version: "1.0.0" });
    expect(katalog.document.security).toEqual({ tls: true });
    expect(Object.keys(katalog.document.spec!.crds!)).toEqual(["cache", "webapp"]);
    expect(katalog.document.spec!.crds!.webapp).toMatchObject({
      katalogName: "webapp-operator",
      katalogNamespace: "default",
      katalogVersion: "v1.0.0",
      katalogDescription: "Web apps",
    });
    expect(katalog.document.spec!.crds!.cache).toMatchObject({ katalogNamespace: "team-a" });
    expect(katalog.document.spec!.crds!.cache).not.toHaveProperty("katalogVersion");
    expect(rulesOf(bundle.objects)).not.toContainEqual(expect.objectContaining({ resources: ["offs"] }));
  });

  it("never writes YAML anchors, even for shared objects", () => {
    const shared = { onCreate: { services: [{ name: "x" }] } };
    const bundle = renderBundle(
      effective([crd("a", { operatorBox: shared }), crd("b", { operatorBox: shared })]),
      options,
    );
    expect(bundle.yaml).not.toMatch(/[&*]a\d/);
    expect(configMapKatalog(bundle.objects)).not.toMatch(/&|\*/);
  });

  it("refuses bundles over the size limit, naming the heaviest CRDs", () => {
    const big = crd("big", { description: "x".repeat(4000) });
    const small = crd("small");
    let error: unknown;
    try {
      renderBundle(effective([small, big]), { ...options, maxBytes: 4 * 1024 });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).reason).toBe("BundleTooLarge");
    expect((error as Error).message).toMatch(
      /over the 4\.0 KiB limit .*heaviest CRDs: big \(4\.\d KiB\), small \(0\.\d KiB\)/,
    );
  });

  it("refuses a namespace that is not an RFC 1123 label", () => {
    expect(() => renderBundle(effective([]), { ...options, namespace: "Bad_NS" })).toThrow(InvalidInputError);
  });

  it("selects the configmap and rbac parts with the full bundle's digest", () => {
    const bundle = renderBundle(effective([crd("webapp")]), { ...options, includeNamespace: true });
    const configmap = selectBundlePart(bundle, "configmap");
    expect(configmap.objects.map((o) => o.kind)).toEqual(["ConfigMap"]);
    expect(configmap.yaml).toContain(bundle.digest);
    expect(selectBundlePart(bundle, "rbac").objects.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
    ]);
  });
});

describe("RBAC rules", () => {
  it("grants the fixed rules, each CRD and its status, and the built-in kinds operatorBox creates, merged and sorted", () => {
    const bundle = renderBundle(
      effective([
        crd("webapp", {
          operatorBox: { onCreate: { deployments: [], services: [] }, onReconcile: { deployments: [] } },
        }),
        crd("db", {
          operatorBox: {
            onCreate: { statefulsets: [], roles: [] },
            onDelete: { jobs: [] },
            status: { fields: [] },
          },
        }),
      ]),
      options,
    );
    const crud = ["create", "delete", "get", "list", "patch", "update", "watch"];
    expect(rulesOf(bundle.objects)).toEqual([
      { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
      { apiGroups: [""], resources: ["services"], verbs: crud },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: crud },
      { apiGroups: ["apps"], resources: ["statefulsets"], verbs: crud },
      { apiGroups: ["apps.example.io"], resources: ["dbs"], verbs: crud },
      { apiGroups: ["apps.example.io"], resources: ["dbs/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["apps.example.io"], resources: ["webapps"], verbs: crud },
      { apiGroups: ["apps.example.io"], resources: ["webapps/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["batch"], resources: ["jobs"], verbs: crud },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "update"] },
      {
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["roles"],
        verbs: ["bind", "create", "delete", "escalate", "get", "list", "patch", "update", "watch"],
      },
    ]);
    expect(bundle.warnings).toEqual([]);
  });

  it("covers every built-in kind of the table", () => {
    const kinds = [
      "daemonsets",
      "configmaps",
      "secrets",
      "serviceaccounts",
      "persistentvolumeclaims",
      "ingresses",
      "networkpolicies",
      "cronjobs",
      "rolebindings",
      "horizontalpodautoscalers",
      "poddisruptionbudgets",
    ];
    const rules = rulesOf(
      renderBundle(
        effective([crd("x", { operatorBox: { onCreate: Object.fromEntries(kinds.map((k) => [k, []])) } })]),
        options,
      ).objects,
    ) as { apiGroups: string[]; resources: string[] }[];
    const granted = new Map(rules.map((r) => [r.resources[0], r.apiGroups[0]]));
    expect(Object.fromEntries(kinds.map((k) => [k, granted.get(k)]))).toEqual({
      daemonsets: "apps",
      configmaps: "",
      secrets: "",
      serviceaccounts: "",
      persistentvolumeclaims: "",
      ingresses: "networking.k8s.io",
      networkpolicies: "networking.k8s.io",
      cronjobs: "batch",
      rolebindings: "rbac.authorization.k8s.io",
      horizontalpodautoscalers: "autoscaling",
      poddisruptionbudgets: "policy",
    });
  });

  it("warns about unknown kinds and never grants them", () => {
    const bundle = renderBundle(
      effective([crd("webapp", { operatorBox: { onCreate: { gadgets: [] }, onDelete: "oops" } })]),
      options,
    );
    expect(rulesOf(bundle.objects)).not.toContainEqual(expect.objectContaining({ resources: ["gadgets"] }));
    expect(bundle.warnings).toEqual([
      expect.objectContaining({
        severity: "warning",
        file: "oci://r.io/webapp:v1",
        path: "spec.crds.webapp.operatorBox.onCreate.gadgets",
        message: expect.stringMatching(/"gadgets" is not a built-in kind.*nothing is granted/),
      }),
      expect.objectContaining({
        path: "spec.crds.webapp.operatorBox.onDelete",
        message: expect.stringMatching(/not a map/),
      }),
    ]);
  });
});

describe("canonical YAML and digests", () => {
  it("sorts keys by code unit, drops undefined, keeps arrays in order", () => {
    expect(JSON.stringify(canonicalize({ b: 1, a: { d: undefined, c: [3, 1] }, B: 2 }))).toBe(
      '{"B":2,"a":{"c":[3,1]},"b":1}',
    );
  });

  it("hashes like sha256sum and shortens to 10 hex digits", () => {
    expect(sha256Digest("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(shortDigest("sha256:e3b0c44298fc1c149afb")).toBe("e3b0c44298");
  });
});
