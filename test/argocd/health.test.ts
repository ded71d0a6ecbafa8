// docs/argocd/health.lua, installed from docs/argocd/argocd-cm-patch.yaml and run in Argo CD's own Lua VM (see
// argocd-engine.ts) on Komposer objects in the status shape of docs/reference/operator.md#status
// (fixtures/*.json: whole objects as `kubectl get komposer -o json` prints them). Every fixture must have an
// expectation below, so a captured object dropped into fixtures/ cannot go unchecked.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import {
  HEALTH_LUA,
  evaluateHealth,
  evaluateHealthAll,
  writeArgocdCm,
  type Health,
} from "./argocd-engine.js";

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

const KOMPOSER = { apiVersion: "orkestra.orkspace.io/v1", kind: "Komposer" };

describe("Argo CD health check (docs/argocd/health.lua in Argo CD's util/lua VM)", () => {
  const health = new Map<string, Health>();

  beforeAll(async () => {
    const results = await evaluateHealthAll(fixtureNames.map(loadFixture));
    fixtureNames.forEach((name, i) => health.set(name, results[i] as Health));
  });

  it("has an expectation for every fixture and a fixture for every expectation", () => {
    expect(fixtureNames).toEqual(Object.keys(expectations).sort());
  });

  it.each(fixtureNames)("%s", (name) => {
    const expected = expectations[name];
    if (!expected) throw new Error(`add an expectation for fixtures/${name}.json to health.test.ts`);
    const answer = health.get(name);
    expect(answer).toHaveProperty("status", expected.status);
    const message = (answer as { message: string }).message;
    if (typeof expected.message === "string") expect(message).toBe(expected.message);
    else expect(message).toMatch(expected.message);
  });

  it("only ever answers a status Argo CD knows (Argo CD would turn anything else into Unknown)", () => {
    const known = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing"];
    for (const name of fixtureNames) expect(known).toContain((health.get(name) as { status: string }).status);
  });

  it("survives objects with missing fields (no metadata.generation, conditions without reason or message)", async () => {
    const answer = await evaluateHealth({
      ...KOMPOSER,
      metadata: { name: "x" },
      status: { conditions: [{ type: "Ready", status: "False" }] },
    });
    expect(answer).toEqual({ status: "Degraded", message: "Not ready" });
  });

  it("passes UTF-8, quotes and newlines through to the message", async () => {
    const answer = await evaluateHealth({
      ...KOMPOSER,
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: [
          { type: "Stalled", status: "True", reason: "InvalidKomposer", message: 'naïve "quote"\nline 2' },
        ],
      },
    });
    expect(answer.message).toBe('InvalidKomposer: naïve "quote"\nline 2');
  });

  // The engine is Argo CD's, not a stand-in: these are the sandbox rules a plain Lua 5.1 would not enforce.
  describe("Argo CD's sandbox, as health.lua meets it", () => {
    it("opens no string library for argocd-cm health scripts, so health.lua must not use it", async () => {
      const cm = writeArgocdCm("orkestra.orkspace.io_Komposer", 'return {status = string.upper("healthy")}');
      const [answer] = await evaluateHealthAll([{ ...KOMPOSER, metadata: { name: "x" } }], cm);
      expect(answer).toEqual({ error: expect.stringMatching(/string/) as unknown });
      expect(readFileSync(HEALTH_LUA, "utf8")).not.toMatch(/\b(string|math|io|debug)\./);
    });

    it("turns a status it does not know into Unknown", async () => {
      const cm = writeArgocdCm("orkestra.orkspace.io_Komposer", 'return {status = "Ready", message = "x"}');
      expect(await evaluateHealth({ ...KOMPOSER, metadata: { name: "x" } }, cm)).toEqual({
        status: "Unknown",
        message: "Lua returned an invalid health status",
      });
    });

    it("finds the script by the object's group and kind, as the argocd-cm key names them", async () => {
      const [answer] = await evaluateHealthAll([
        { apiVersion: "orkestra.orkspace.io/v1", kind: "Katalog", metadata: { name: "x" } },
      ]);
      expect(answer).toEqual({ error: "no health script for orkestra.orkspace.io/Katalog" });
    });
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
