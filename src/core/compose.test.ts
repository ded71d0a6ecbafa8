import { composeBundle, type ComposeOptions } from "./compose.js";
import { InvalidInputError, UsageError } from "./errors.js";
import { lockEntriesOf, parseLockFile, renderLockFile } from "./lock-file.js";
import { MemoryArtifactFetcher } from "../../test/support/memory-fetcher.js";
import { katalogYaml } from "../../test/support/test-documents.js";

// The shape of the shared fixtures (webapp-operator katalog, pattern-zoo komposer).
const WEBAPP = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: webapp-operator
  version: v1.0.0
  description: Runs a web application as a Deployment and a Service
spec:
  crds:
    webapp:
      apiTypes: {group: apps.myorg.io, version: v1, kind: WebApp, plural: webapps}
      workers: 2
      resync: 60s
      webhooks: {validation: true, mutation: false, operations: [CREATE, UPDATE]}
      deletionProtection: {protectCRD: true, protectCRs: false}
      operatorBox:
        onCreate:
          deployments:
            - {name: "{{ .metadata.name }}", image: "{{ .spec.image }}", reconcile: true}
          services:
            - {name: "{{ .metadata.name }}-svc", port: 80, reconcile: true}
`;

const ZOO = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata:
  name: pattern-zoo
  version: 1.0.0
imports:
  registry:
    - oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0
    - oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0
    - oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0
spec:
  crds:
    webapp:
      workers: 8 # production override
      resync: 30s
`;

function registry() {
  const fetcher = new MemoryArtifactFetcher();
  fetcher.put(
    "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0",
    { "katalog.yaml": WEBAPP },
    { "io.orkestra.e2e.status": "passed" },
  );
  fetcher.put("oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0", {
    "katalog.yaml": katalogYaml("cache-operator", ["cache"], { version: "v1.0.0" }),
  });
  fetcher.put("oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0", {
    "katalog.yaml": katalogYaml("postgres", ["postgres"], { version: "v1.0.0" }),
  });
  return fetcher;
}

const base = (fetcher: MemoryArtifactFetcher): Omit<ComposeOptions, "documents"> => ({
  readLocalFile: (path) => Promise.reject(new Error(`no local files here: ${path}`)),
  fetcher,
  namespace: "orkestra-system",
  includeNamespace: true,
});

describe("composeBundle", () => {
  it("composes the pattern zoo: overrides win, everything is resolved and pinned", async () => {
    const fetcher = registry();
    const { bundle, resolved, warnings, effective } = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    expect(effective.crds.map((c) => c.key)).toEqual(["cache", "postgres", "webapp"]);
    expect(bundle.objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
    ]);
    const katalog = (bundle.objects[5]!.data as Record<string, string>)["katalog.yaml"]!;
    expect(katalog).toContain(
      [
        "    webapp:",
        "      apiTypes:",
        "        group: apps.myorg.io",
        "        kind: WebApp",
        "        plural: webapps",
        "        version: v1",
        "      deletionProtection:",
        "        protectCRD: true",
        "        protectCRs: false",
        "      operatorBox:",
      ].join("\n"),
    );
    // Generation 1 has no katalogName/… keys (its CRDEntry tags them yaml:"-"): no stamps for that runtime.
    expect(katalog).not.toContain("katalogName");
    expect(katalog).toContain("      resync: 30s\n");
    expect(katalog).toContain("      workers: 8\n");
    expect(
      katalog.startsWith(
        "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata:\n  name: pattern-zoo\n  version: 1.0.0\n",
      ),
    ).toBe(true);
    expect(resolved.map((r) => [r.ref, r.kind, r.crds])).toEqual([
      ["oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0", "Katalog", ["cache"]],
      ["oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0", "Katalog", ["webapp"]],
      ["oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0", "Katalog", ["postgres"]],
    ]);
    expect(resolved[1]!.signals.e2e).toEqual({ status: "passed" });
    expect(warnings).toEqual([]);
  });

  it("gives the same bundle for the file (CLI) and the applied object (operator)", async () => {
    const fetcher = registry();
    const cli = await composeBundle({
      ...base(fetcher),
      includeNamespace: false,
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    // What `kubectl apply` stores: upstream-only metadata moved to annotations, plus server-set fields.
    const object = {
      apiVersion: "orkestra.orkspace.io/v1",
      kind: "Komposer",
      metadata: {
        name: "pattern-zoo",
        namespace: "platform",
        uid: "0c9d",
        generation: 3,
        annotations: { "orkestra.orkspace.io/version": "1.0.0", "argocd.argoproj.io/tracking-id": "x" },
        labels: { "app.kubernetes.io/instance": "zoo" },
      },
      imports: {
        registry: [
          "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0",
          "oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0",
          "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0",
        ],
      },
      spec: { crds: { webapp: { workers: 8, resync: "30s" } }, restartToken: "1", interval: "5m" },
      status: { observedGeneration: 2 },
    };
    const operator = await composeBundle({
      ...base(fetcher),
      includeNamespace: false,
      documents: [{ file: "platform/pattern-zoo", object }],
    });
    expect(operator.bundle.digest).toBe(cli.bundle.digest);
    expect(operator.bundle.yaml).toBe(cli.bundle.yaml);
    expect(operator.warnings).toEqual([]);
  });

  it("reproduces a build from komposer.lock after a tag moved", async () => {
    const fetcher = registry();
    const first = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    const lock = parseLockFile("komposer.lock", renderLockFile(lockEntriesOf(first.resolved)));
    fetcher.put("oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0", {
      "katalog.yaml": katalogYaml("cache-operator", ["cache"], { version: "v1.0.1", extra: { workers: 3 } }),
    });
    const locked = await composeBundle({
      ...base(fetcher),
      lock,
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    expect(locked.bundle.yaml).toBe(first.bundle.yaml);
    const updated = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    expect(updated.bundle.digest).not.toBe(first.bundle.digest);
  });

  it("names every root document in the bundle's source annotation", async () => {
    const { bundle } = await composeBundle({
      ...base(registry()),
      documents: [
        { file: "komposer.yaml", text: ZOO },
        { file: "extra.yaml", text: katalogYaml("extras", ["queue"]) },
      ],
    });
    const sources = bundle.objects.map(
      (o) => o.metadata.annotations?.["komposer.orkestra.orkspace.io/source"],
    );
    expect(new Set(sources)).toEqual(new Set(["pattern-zoo,extras"]));
  });

  it("reports the problems of every document at once", async () => {
    const fetcher = registry();
    const error = await composeBundle({
      ...base(fetcher),
      documents: [
        { file: "a.yaml", text: ZOO.replace("workers: 8", "workers: 80") },
        { file: "b.yaml", text: "apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {}\n" },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => `${p.file}:${p.line} ${p.path}`)).toEqual([
      "a.yaml:14 spec.crds.webapp.workers",
      "b.yaml:3 metadata.name",
    ]);
    await expect(composeBundle({ ...base(fetcher), documents: [] })).rejects.toThrow(/no document given/);
  });

  it("places the seed's override where each target generation keeps it", async () => {
    const fetcher = registry();
    const at = async (runtimeVersion: string) => {
      const { payload } = await composeBundle({
        ...base(fetcher),
        runtimeVersion,
        documents: [{ file: "komposer.yaml", text: ZOO }],
      });
      const webapp = payload.entries.get("webapp")!;
      return { generation: payload.target.generation, webapp };
    };
    const gen1 = await at("0.7.8");
    expect(gen1.generation).toBe(1);
    expect(gen1.webapp).toMatchObject({ workers: 8, resync: "30s" });
    const gen2 = await at("v0.7.17");
    expect(gen2.generation).toBe(2);
    expect(gen2.webapp).toMatchObject({ operatorBox: { reconciler: { workers: 8, resync: "30s" } } });
    expect(gen2.webapp).not.toHaveProperty("workers");
    const gen3 = await at("0.7.18");
    expect(gen3.webapp).toMatchObject({
      operatorBox: {
        reconcile: { workers: 8, resync: "30s", onCreate: { deployments: [expect.anything()] } },
      },
      admission: { webhooks: { validation: true, mutation: false, operations: ["CREATE", "UPDATE"] } },
    });
    expect(gen3.webapp.operatorBox).not.toHaveProperty("onCreate");
    expect(gen3.webapp).not.toHaveProperty("deletionProtection");
    // Generations 2 and 3 carry the source stamps; generation 1 cannot.
    expect(gen3.webapp).toMatchObject({ katalogName: "webapp-operator", katalogVersion: "v1.0.0" });
    expect(gen2.webapp).toMatchObject({ katalogName: "webapp-operator" });
    expect(gen1.webapp).not.toHaveProperty("katalogName");
  });

  it("targets spec.runtime.version, and --runtime-version over it; refuses an unknown version", async () => {
    const fetcher = registry();
    const pinned = ZOO.replace("spec:\n", "spec:\n  runtime: {version: 0.7.18}\n");
    const fromFile = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: pinned }],
    });
    expect(fromFile.payload.target).toMatchObject({ generation: 3, version: "0.7.18", source: "komposer" });
    expect(fromFile.bundle.objects[0]!.metadata.annotations).toMatchObject({
      "komposer.orkestra.orkspace.io/runtime-schema": "generation-3",
    });
    const flag = await composeBundle({
      ...base(fetcher),
      runtimeVersion: "0.7.10",
      documents: [{ file: "komposer.yaml", text: pinned }],
    });
    expect(flag.payload.target).toMatchObject({ generation: 2, source: "flag" });
    await expect(
      composeBundle({
        ...base(fetcher),
        runtimeVersion: "1.0",
        documents: [{ file: "komposer.yaml", text: ZOO }],
      }),
    ).rejects.toThrow(UsageError);
    const unknown = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: pinned.replace("0.7.18", "0.8.0") }],
    }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidInputError);
    expect((unknown as InvalidInputError).problems[0]).toMatchObject({
      file: "komposer.yaml",
      path: "spec.runtime.version",
      message: expect.stringMatching(
        /0\.8\.0 is not one Komposer knows .*known: 0\.7\.0–0\.7\.8 \(generation 1\), 0\.7\.9–0\.7\.17 \(generation 2\), 0\.7\.18\+ \(generation 3\)/,
      ),
    });
  });

  it("refuses a payload the target runtime would refuse, naming file, CRD and path, with every problem", async () => {
    const fetcher = registry();
    const text = ZOO.replace(
      "      resync: 30s\n",
      "      resync: 30s\n      operatorBox: {onCreate: {widgets: []}}\n      colour: blue\n",
    );
    const error = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).reason).toBe("IncompatibleWithRuntime");
    expect((error as InvalidInputError).problems.map((p) => `${p.file} ${p.path}`)).toEqual([
      "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0 spec.crds.webapp.operatorBox.onCreate.widgets",
      "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0 spec.crds.webapp.colour",
    ]);
    expect((error as Error).message).toMatch(
      /^the merged katalog\.yaml would be refused by the target runtime — Katalog schema generation 1/,
    );
  });

  it("converts entries of older generations to the newest one they are mixed with, and lists the moves", async () => {
    const fetcher = registry();
    fetcher.put("oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0", {
      "katalog.yaml": katalogYaml("cache-operator", ["cache"], {
        version: "v1.0.0",
        extra: {
          workers: undefined,
          operatorBox: { reconcile: { workers: 3 }, emit: { status: { fields: [] } } },
        },
      }),
    });
    const { payload } = await composeBundle({
      ...base(fetcher),
      documents: [{ file: "komposer.yaml", text: ZOO }],
    });
    expect(payload.target).toMatchObject({ generation: 3, source: "detected" });
    expect(payload.moves).toEqual(
      expect.arrayContaining([
        { crd: "webapp", from: "workers", to: "operatorBox.reconcile.workers" },
        { crd: "webapp", from: "operatorBox.onCreate", to: "operatorBox.reconcile.onCreate" },
        { crd: "webapp", from: "webhooks", to: "admission.webhooks" },
        { crd: "webapp", from: "deletionProtection", to: "operatorBox.runtime.deletionProtection" },
        { crd: "postgres", from: "workers", to: "operatorBox.reconcile.workers" },
      ]),
    );
    expect(payload.moves.filter((m) => m.crd === "cache")).toEqual([]);
  });
});

describe("composeBundle: the documents it is given", () => {
  const refusal = async (options: ComposeOptions) => {
    try {
      await composeBundle(options);
    } catch (error) {
      if (error instanceof InvalidInputError) return error;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("refuses to compose nothing, saying what to pass", async () => {
    const error = await refusal({ ...base(registry()), documents: [] });
    expect(error.reason).toBe("NoDocuments");
    expect(error.problems).toStrictEqual([
      { file: "", path: "", message: "no document given; pass a komposer.yaml", severity: "error" },
    ]);
  });

  it("composes despite warnings, and hands them on", async () => {
    const text = `${ZOO}colour: blue\n`;
    const { warnings } = await composeBundle({
      ...base(registry()),
      documents: [{ file: "komposer.yaml", text }],
    });
    expect(warnings.map((w) => [w.path, w.severity])).toContainEqual(["colour", "warning"]);
  });

  it("reads the documents with the limits it is given", async () => {
    const error = await refusal({
      ...base(registry()),
      documents: [{ file: "komposer.yaml", text: ZOO }],
      limits: { maxBytes: 64, maxAliasCount: 100 },
    });
    expect(error.reason).toBe("InvalidDocument");
    expect(error.problems.map((p) => p.message)).toEqual([
      `file is ${new TextEncoder().encode(ZOO).length} bytes, more than the 64-byte limit; split it or trim it`,
    ]);
  });
});
