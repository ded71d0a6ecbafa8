// docs/argocd/health.lua, run by the real Lua 5.1 on Komposer objects in the status shape of
// docs/reference/operator.md#status (fixtures/*.json: whole objects as `kubectl get komposer -o json` prints
// them). Every fixture must have an expectation below, so a captured object dropped into fixtures/ cannot go
// unchecked.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { HEALTH_LUA, evaluateHealth, toLua } from "./lua.js";

const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));
const ARGOCD_DOCS = fileURLToPath(new URL("../../docs/argocd", import.meta.url));

const expectations: Record<string, { status: string; message: string | RegExp }> = {
  "no-status": { status: "Progressing", message: "Waiting for the Komposer operator to report status" },
  "empty-status": { status: "Progressing", message: "Waiting for the Komposer operator to report status" },
  "stale-generation": { status: "Progressing", message: "Waiting for the operator to process generation 3" },
  healthy: {
    status: "Healthy",
    message: "Reconciled: Bundle 1a2b3c4d5e is active",
  },
  "restart-pending": {
    status: "Suspended",
    message: "bundle 9f8e7d6c5b staged; set spec.restartToken to activate",
  },
  reconciling: { status: "Progressing", message: "Resolving: Resolving 2 imports" },
  "rollout-in-progress": {
    status: "Progressing",
    message: "RollingOut: Waiting for Deployment orkestra-runtime to finish its rollout",
  },
  "stalled-duplicate-crd": {
    status: "Degraded",
    message: /^DuplicateCRD: duplicate CRD 'postgres' from oci:\/\//,
  },
  // Transient, retried with backoff (Stalled=False, reason Retrying), but failing now.
  "registry-unavailable": { status: "Degraded", message: /^RegistryUnavailable: .*503 Service Unavailable/ },
  // A staged bundle is not the story when the current generation does not even resolve.
  "pending-and-failing": {
    status: "Degraded",
    message: /^InvalidKomposer: komposer.yaml: spec.crds.webapp.workers/,
  },
  "runtime-missing": {
    status: "Healthy",
    message: /^Reconciled: Bundle 1a2b3c4d5e is active \(NotFound: Deployment orkestra-runtime not found/,
  },
  suspended: { status: "Suspended", message: "spec.suspend is true; nothing is reconciled" },
  // Captured from the operator e2e run (test/operator): real objects, real condition reasons.
  "captured-ready": { status: "Healthy", message: /^Reconciled: Bundle [0-9a-f]{10} is active$/ },
  "captured-restart-pending": {
    status: "Suspended",
    message: /^bundle [0-9a-f]{10} staged; set spec.restartToken to activate$/,
  },
  "captured-stalled": { status: "Degraded", message: /^DuplicateCRD: duplicate CRD 'webapp' from oci:\/\// },
  "captured-transient": {
    status: "Degraded",
    message: /^RegistryUnavailable: cannot reach 127\.0\.0\.1:\d+/,
  },
};

const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""))
  .sort();

function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
}

describe("Argo CD health check (docs/argocd/health.lua, Lua 5.1)", () => {
  it("has an expectation for every fixture and a fixture for every expectation", () => {
    expect(fixtureNames).toEqual(Object.keys(expectations).sort());
  });

  it.each(fixtureNames)("%s", async (name) => {
    const expected = expectations[name];
    if (!expected) throw new Error(`add an expectation for fixtures/${name}.json to health.test.ts`);
    const health = await evaluateHealth(loadFixture(name));
    expect(health.status).toBe(expected.status);
    if (typeof expected.message === "string") expect(health.message).toBe(expected.message);
    else expect(health.message).toMatch(expected.message);
  });

  it("only ever answers a status Argo CD knows", async () => {
    const known = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"];
    for (const name of fixtureNames) {
      expect(known).toContain((await evaluateHealth(loadFixture(name))).status);
    }
  });

  it("survives objects with missing fields (no metadata.generation, conditions without reason or message)", async () => {
    const health = await evaluateHealth({
      metadata: { name: "x" },
      status: { conditions: [{ type: "Ready", status: "False" }] },
    });
    expect(health).toEqual({ status: "Degraded", message: "Not ready" });
  });

  it("converts JSON to Lua faithfully (escapes, UTF-8, nested lists)", async () => {
    expect(toLua({ a: ['x"\\\n', 1.5, true, null], b: null })).toBe(
      '{["a"] = {"x\\"\\\\\\010", 1.5, true, nil}}',
    );
    const health = await evaluateHealth({
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: [
          { type: "Stalled", status: "True", reason: "InvalidKomposer", message: 'naïve "quote"\nline 2' },
        ],
      },
    });
    expect(health.message).toBe('InvalidKomposer: naïve "quote"\nline 2');
  });
});

describe("Argo CD installation files", () => {
  it("argocd-cm-patch.yaml carries exactly health.lua under the Komposer's health key", () => {
    const patch = parse(readFileSync(join(ARGOCD_DOCS, "argocd-cm-patch.yaml"), "utf8")) as {
      data: Record<string, string>;
    };
    expect(Object.keys(patch.data)).toEqual(["resource.customizations.health.orkestra.orkspace.io_Komposer"]);
    expect(patch.data["resource.customizations.health.orkestra.orkspace.io_Komposer"]).toBe(
      readFileSync(HEALTH_LUA, "utf8"),
    );
  });

  it("application.yaml is an Argo CD Application with automated sync, prune and self-heal", () => {
    const app = parse(readFileSync(join(ARGOCD_DOCS, "application.yaml"), "utf8")) as {
      apiVersion: string;
      kind: string;
      spec: {
        destination: { namespace: string };
        syncPolicy: { automated: { prune: boolean; selfHeal: boolean } };
      };
    };
    expect(app.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(app.kind).toBe("Application");
    expect(app.spec.destination.namespace).toBe("orkestra-system");
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });
});
