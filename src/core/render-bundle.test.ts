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
import { apiTypesFor } from "../../test/support/test-documents.js";

/** An effective CRD; `entry` is in the newest layout, as composition hands entries to rendering. */
function crd(
  key: string,
  entry: Record<string, unknown> = {},
  source: Partial<EffectiveCrd["source"]> = {},
): EffectiveCrd {
  return {
    key,
    entry: { apiTypes: apiTypesFor(key) as CrdEntry["apiTypes"], ...entry },
    written: [3],
    moves: [],
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
  // docs/reference/bundle.md#objects
  it("renders the objects of the bundle in order, all labelled and annotated", () => {
    const bundle = renderBundle(effective([crd("webapp")]), { ...options, includeNamespace: true });
    expect(bundle.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/orkestra-system",
      "ServiceAccount/orkestra",
      "ServiceAccount/orkestra-cc",
      "ClusterRole/orkestra-orkestra-system",
      "ClusterRoleBinding/orkestra-orkestra-system",
      "ConfigMap/orkestra-katalog",
    ]);
    for (const object of bundle.objects) {
      expect(object.metadata.labels).toEqual(BUNDLE_LABELS);
      expect(object.metadata.annotations).toEqual({
        [BundleAnnotation.digest]: bundle.digest,
        [BundleAnnotation.source]: "platform",
        [BundleAnnotation.runtimeSchema]: "generation-3",
      });
    }
    expect(bundle.objects[4]).toMatchObject({
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "orkestra-orkestra-system",
      },
      subjects: [{ kind: "ServiceAccount", name: "orkestra", namespace: "orkestra-system" }],
    });
    expect(bundle.objects[1]!.metadata.namespace).toBe("orkestra-system");
    expect(bundle.objects[3]!.metadata.namespace).toBeUndefined();
    expect(bundle.yaml.startsWith("---\napiVersion: v1\nkind: Namespace\n")).toBe(true);
    expect(bundle.yaml.match(/^---$/gm)).toHaveLength(6);
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
    const workers = (n: number) => ({ operatorBox: { reconcile: { workers: n } } });
    const a = renderBundle(effective([crd("webapp", workers(2))]), options);
    const b = renderBundle(effective([crd("webapp", workers(3))]), options);
    const c = renderBundle(effective([crd("webapp", workers(2))]), { ...options, namespace: "other" });
    expect(new Set([a.digest, b.digest, c.digest]).size).toBe(3);
  });

  it("is byte-identical whatever the key order of its input", () => {
    const entry = {
      admission: { webhooks: { validation: true, operations: ["CREATE"] } },
      operatorBox: {
        reconcile: { workers: 4, resync: "30s", onCreate: { services: [{ name: "a", port: 2 }] } },
      },
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
          crd("a", reordered(entry) as Record<string, unknown>),
          crd("b", reordered(entry) as Record<string, unknown>),
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
        { security: { deletionProtection: { enabled: true } }, lifecycle: { maturity: "stable" } },
      ),
      options,
    );
    const text = configMapKatalog(bundle.objects);
    expect(text).toContain("\nkind: Katalog\n");
    const katalog = parseKatalog({ file: "bundle", text });
    expect(katalog.warnings).toEqual([]);
    expect(katalog.document.metadata).toEqual({ name: "platform", version: "1.0.0" });
    expect(katalog.document.security).toEqual({ deletionProtection: { enabled: true } });
    // upstream's serializer never writes lifecycle (upstream-schema.md §4).
    expect(katalog.document).not.toHaveProperty("lifecycle");
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
    const shared = { reconcile: { onCreate: { services: [{ name: "x" }] } } };
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

  it("measures the size guard in UTF-8 bytes, not UTF-16 code units", () => {
    // 3 bytes per "€" in UTF-8, 1 code unit in a JS string: a length-based guard lets this through.
    const big = crd("big", { description: "€".repeat(3000) });
    const { yaml } = renderBundle(effective([big]), options);
    const bytes = Buffer.byteLength(yaml, "utf8");
    expect(bytes - yaml.length).toBe(6000);
    expect(renderBundle(effective([big]), { ...options, maxBytes: bytes + 1 }).yaml).toBe(yaml);
    let error: unknown;
    try {
      renderBundle(effective([big]), { ...options, maxBytes: bytes });
    } catch (e: unknown) {
      error = e;
    }
    expect((error as ConflictError).reason).toBe("BundleTooLarge");
    // The heaviest CRD is weighed in bytes too: 9000 bytes of "€" alone is 8.8 KiB.
    expect((error as Error).message).toMatch(/heaviest CRDs: big \(8\.\d KiB\)/);
  });

  it("names every source in the source annotation, in order", () => {
    const bundle = renderBundle(
      { ...effective([crd("webapp")]), sources: ["platform", "extras", "edge"] },
      options,
    );
    for (const object of bundle.objects) {
      expect(object.metadata.annotations?.[BundleAnnotation.source]).toBe("platform,extras,edge");
    }
  });

  it("refuses a namespace that is not an RFC 1123 label", () => {
    expect(() => renderBundle(effective([]), { ...options, namespace: "Bad_NS" })).toThrow(InvalidInputError);
    try {
      renderBundle(effective([]), { ...options, namespace: "Bad_NS" });
    } catch (error) {
      expect((error as InvalidInputError).problems).toStrictEqual([
        {
          file: "namespace",
          path: "",
          message: '"Bad_NS" is not a valid namespace: use a lower-case RFC 1123 label, e.g. orkestra-system',
          severity: "error",
        },
      ]);
    }
  });

  it("selects the configmap and rbac parts with the full bundle's digest", () => {
    const bundle = renderBundle(effective([crd("webapp")]), { ...options, includeNamespace: true });
    const configmap = selectBundlePart(bundle, "configmap");
    expect(configmap.objects.map((o) => o.kind)).toEqual(["ConfigMap"]);
    expect(configmap.yaml).toContain(bundle.digest);
    expect(selectBundlePart(bundle, "rbac").objects.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
    ]);
  });

  it("writes always security, never lifecycle/publish/notification/providers in generation 3", () => {
    const bundle = renderBundle(
      effective([crd("webapp")], {
        notification: { teams: [] },
        providers: {},
        publish: {},
        notes: { a: "b" },
      }),
      options,
    );
    const katalog = parseKatalog({ file: "bundle", text: configMapKatalog(bundle.objects) }).document;
    expect(Object.keys(katalog).sort()).toEqual([
      "apiVersion",
      "kind",
      "metadata",
      "notes",
      "security",
      "spec",
    ]);
    expect(katalog.security).toEqual({});
  });

  it("carries the gateway identity and its ClusterRole only with a gateway block, in upstream's order", () => {
    const blocks = { gateway: {}, security: { deletionProtection: { enabled: true } } };
    const withGateway = renderBundle(effective([crd("webapp")], blocks), options);
    expect(withGateway.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/orkestra",
      "ServiceAccount/orkestra-gateway",
      "ServiceAccount/orkestra-cc",
      "ClusterRole/orkestra-orkestra-system",
      "ClusterRoleBinding/orkestra-orkestra-system",
      "ClusterRole/orkestra-gateway-orkestra-system",
      "ClusterRoleBinding/orkestra-gateway-orkestra-system",
      "ConfigMap/orkestra-katalog",
    ]);
    expect(withGateway.objects[6]).toMatchObject({
      subjects: [{ kind: "ServiceAccount", name: "orkestra-gateway", namespace: "orkestra-system" }],
    });
    const only = (identities: ("runtime" | "gateway" | "cc")[]) =>
      renderBundle(effective([crd("webapp")], blocks), { ...options, identities }).objects.map(
        (o) => `${o.kind}/${o.metadata.name}`,
      );
    expect(only(["cc"])).toEqual(["ServiceAccount/orkestra-cc"]);
    expect(only(["gateway"])).toEqual([
      "ServiceAccount/orkestra-gateway",
      "ClusterRole/orkestra-gateway-orkestra-system",
      "ClusterRoleBinding/orkestra-gateway-orkestra-system",
      "ConfigMap/orkestra-katalog",
    ]);
    const without = renderBundle(effective([crd("webapp")]), options).objects.map((o) => o.metadata.name);
    expect(without).not.toContain("orkestra-gateway");
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

describe("the size guard's list of heaviest CRDs", () => {
  it("names the five heaviest, heaviest first, equal weights in key order", () => {
    const sized = (key: string, length: number) => crd(key, { description: "x".repeat(length) });
    // c3 and c5 weigh the same, as do c1, c2, c4 and c6 (keys of equal length keep the YAML equal).
    const crds = [
      sized("c6", 100),
      sized("c5", 2000),
      sized("c4", 100),
      sized("c3", 2000),
      sized("c2", 100),
      sized("c1", 100),
      sized("c7", 3000),
    ];
    let error: unknown;
    try {
      renderBundle(effective(crds), { ...options, maxBytes: 1024 });
    } catch (e: unknown) {
      error = e;
    }
    expect((error as ConflictError).reason).toBe("BundleTooLarge");
    expect((error as Error).message).toMatch(
      /heaviest CRDs: c7 \([\d.]+ KiB\), c3 \([\d.]+ KiB\), c5 \([\d.]+ KiB\), c1 \([\d.]+ KiB\), c2 \([\d.]+ KiB\); disable/,
    );
  });
});
