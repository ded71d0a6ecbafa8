// The generated CRD against the real API server: it is accepted as structural, `kubectl explain` documents
// the fields, the very same komposer file is accepted, and CEL rejects what zod would.
import { readFileSync } from "node:fs";
import { CRD_FILE } from "../../scripts/komposer-crd-yaml.js";
import { createTestNamespace, kubectl } from "../support/kube.js";

const komposer = (ns: string, registry: string): string => `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata:
  name: platform
  namespace: ${ns}
  annotations:
    orkestra.orkspace.io/version: 1.0.0
imports:
  registry:
    - oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0
    - ${registry}
spec:
  crds:
    webapp: {workers: 8, resync: 30s, operatorBox: {onCreate: {deployments: [{name: x}]}}}
    legacy: null
  restartToken: "2026-11-24-1"
`;

/**
 * `kubectl explain` once the API server serves the new type: Established comes before discovery and OpenAPI
 * are republished, so the first calls can fail with "couldn't find resource". Waits on that state (bounded),
 * never on time alone; any other failure is thrown at once.
 */
async function explainOnceServed(field: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await kubectl(["explain", field]);
    } catch (error) {
      // execFile's errors come from Node's realm, not the test's: read the message without instanceof.
      const notServedYet = String((error as { message?: unknown }).message).includes(
        "couldn't find resource",
      );
      if (!notServedYet || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe("Komposer CRD on a real API server", () => {
  beforeAll(async () => {
    await kubectl(["apply", "--server-side", "-f", CRD_FILE]);
    await kubectl([
      "wait",
      "--for=condition=Established",
      "crd/komposers.orkestra.orkspace.io",
      "--timeout=60s",
    ]);
  });

  it("is established and explained", async () => {
    const explain = await explainOnceServed("komposer.spec.restartToken");
    expect(explain).toContain("activate the staged bundle");
    expect(readFileSync(CRD_FILE, "utf8")).toContain("kind: CustomResourceDefinition");
  });

  it("accepts the komposer file with strict field validation and keeps open override fields", async () => {
    const ns = await createTestNamespace("crd");
    await kubectl(["apply", "--validate=strict", "-f", "-"], {
      input: komposer(ns, "url: oci://127.0.0.1:5000/katalogs/cache:v1\n      useKomposer: true"),
    });
    const stored = JSON.parse(await kubectl(["get", "kmp", "platform", "-n", ns, "-o", "json"]));
    expect(stored.spec.crds.webapp.operatorBox.onCreate.deployments).toEqual([{ name: "x" }]);
    expect(stored.imports.registry[1]).toEqual({
      url: "oci://127.0.0.1:5000/katalogs/cache:v1",
      useKomposer: true,
    });
    expect(stored.spec.interval).toBe("10m");
    const table = await kubectl(["get", "komposers", "-n", ns]);
    expect(table.split("\n")[0]).toMatch(/NAME\s+READY\s+DESIRED\s+ACTIVE\s+PENDING\s+TOKEN\s+AGE/);
  });

  it("rejects upstream metadata fields that Kubernetes metadata cannot carry", async () => {
    const ns = await createTestNamespace("crd");
    const withVersion = komposer(ns, "oci://h.io/a/b:v1").replace(
      "  annotations:",
      "  version: 1.0.0\n  annotations:",
    );
    await expect(kubectl(["apply", "--validate=strict", "-f", "-"], { input: withVersion })).rejects.toThrow(
      /unknown field "metadata.version"/,
    );
  });
});
