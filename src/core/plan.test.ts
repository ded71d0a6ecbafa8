import { parseAllDocuments, stringify } from "yaml";
import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd, EffectiveKatalog } from "../api/effective.js";
import { InvalidInputError } from "./errors.js";
import { formatPlan, planBundleChange } from "./plan.js";
import { renderBundle } from "./render-bundle.js";
import { apiTypesFor } from "../../test/support/test-documents.js";

/** Entries in the newest layout, as composition hands them to rendering. */
function crd(key: string, entry: Record<string, unknown> = {}): EffectiveCrd {
  return {
    key,
    entry: { apiTypes: apiTypesFor(key) as CrdEntry["apiTypes"], ...entry },
    written: [3],
    moves: [],
    source: { katalogName: key, katalogNamespace: "default", origin: key, identity: key },
    via: [key],
  };
}

function bundleYaml(crds: EffectiveCrd[], blocks: Record<string, unknown> = {}): string {
  const effective: EffectiveKatalog = {
    metadata: { name: "p", namespace: "default" },
    sources: ["p"],
    crds,
    blocks,
  };
  return renderBundle(effective, { namespace: "orkestra-system", includeNamespace: true }).yaml;
}

const box = (reconcile: Record<string, unknown>) => ({ operatorBox: { reconcile } });

describe("planBundleChange against what kubectl prints", () => {
  const bundle = bundleYaml([crd("webapp", box({ workers: 2 }))]);
  const objects = parseAllDocuments(bundle).map((d) => d.toJS() as { kind: string });
  const only = (...kinds: string[]) => objects.filter((o) => kinds.includes(o.kind));

  it("reads a kubectl List holding the ConfigMap and the ClusterRole", () => {
    const list = stringify({ apiVersion: "v1", kind: "List", items: only("ConfigMap", "ClusterRole") });
    const plan = planBundleChange({ file: "desired", text: bundle }, { file: "kubectl", text: list });
    expect(plan.unchanged).toBe(true);
    expect(plan.rbac.compared).toBe(true);
  });

  it("is not unchanged when only the ClusterRole differs", () => {
    const [role] = only("ClusterRole") as { kind: string; rules: { resources: string[] }[] }[];
    const narrower = { ...role!, rules: role!.rules.filter((r) => r.resources[0] !== "events") };
    const list = stringify({ apiVersion: "v1", kind: "List", items: [...only("ConfigMap"), narrower] });
    const plan = planBundleChange({ file: "desired", text: bundle }, { file: "kubectl", text: list });
    expect(plan.crds).toEqual({ added: [], removed: [], changed: [] });
    expect(plan.katalog).toEqual([]);
    expect(plan.rbac.added.map((g) => `${g.apiGroup}/${g.resource}:${g.verb}`)).toEqual([
      "/events:create",
      "/events:patch",
    ]);
    expect(plan.unchanged).toBe(false);
    expect(formatPlan(plan)).toContain("RBAC:\n  + core/events: create, patch\n");
  });

  it("does not report every grant as added when the current side is a bare ConfigMap", () => {
    const configMap = stringify(only("ConfigMap")[0]);
    const plan = planBundleChange({ file: "desired", text: bundle }, { file: "cm.yaml", text: configMap });
    expect(plan.rbac).toEqual({ added: [], removed: [], compared: false });
    expect(plan.unchanged).toBe(true);
  });
});

describe("planBundleChange", () => {
  const current = bundleYaml([
    crd("webapp", box({ workers: 2, resync: "60s", onCreate: { deployments: [{ name: "d" }] } })),
    crd("kafka"),
  ]);
  const desired = bundleYaml(
    [
      crd(
        "webapp",
        box({ workers: 8, resync: "60s", onCreate: { deployments: [{ name: "d" }], jobs: [{ name: "j" }] } }),
      ),
      crd("cache"),
    ],
    { security: { deletionProtection: { enabled: true } } },
  );

  it("lists CRDs added, removed and changed with dotted field paths, and the RBAC delta", () => {
    const plan = planBundleChange({ file: "new", text: desired }, { file: "bundle.yaml", text: current });
    expect(plan.unchanged).toBe(false);
    expect(plan.current.digest).toMatch(/^sha256:/);
    expect(plan.desired.digest).not.toBe(plan.current.digest);
    expect(plan.crds).toEqual({
      added: ["cache"],
      removed: ["kafka"],
      changed: [
        {
          key: "webapp",
          changes: [
            { path: "operatorBox.reconcile.onCreate.jobs", after: [{ name: "j" }] },
            { path: "operatorBox.reconcile.workers", before: 2, after: 8 },
          ],
        },
      ],
    });
    expect(plan.katalog).toEqual([{ path: "security.deletionProtection", after: { enabled: true } }]);
    expect(plan.rbac.added.map((g) => `${g.apiGroup}/${g.resource}:${g.verb}`)).toEqual(
      expect.arrayContaining(["batch/jobs:create", "apps.example.io/caches/status:patch"]),
    );
    expect(plan.rbac.removed.map((g) => `${g.apiGroup}/${g.resource}`)).toEqual(
      expect.arrayContaining(["apps.example.io/kafkas"]),
    );
    expect(plan.rbac.removed.some((g) => g.resource === "deployments")).toBe(false);
  });

  it("formats the plan for people", () => {
    const text = formatPlan(
      planBundleChange({ file: "new", text: desired }, { file: "bundle.yaml", text: current }),
    );
    expect(text).toMatch(/^Bundle [0-9a-f]{10} → [0-9a-f]{10}; a restart would apply:\n/);
    expect(text).toContain(
      'CRDs:\n  + cache\n  - kafka\n  ~ webapp\n      operatorBox.reconcile.onCreate.jobs: (absent) → [{"name":"j"}]\n      operatorBox.reconcile.workers: 2 → 8\n',
    );
    expect(text).toContain('Katalog:\n  ~ security.deletionProtection: (absent) → {"enabled":true}\n');
    expect(text).toContain("  + batch/jobs: create, delete, get, list, patch, update, watch\n");
    expect(text).toContain("  - apps.example.io/kafkas/status: get, patch, update\n");
  });

  it("shows the gateway's RBAC delta apart from the runtime's, with scoped names", () => {
    const gateway = bundleYaml([crd("webapp")], {
      gateway: { api: { auth: { tokens: [{ name: "ci", secretRef: { name: "ci-token", key: "t" } }] } } },
    });
    const plan = planBundleChange(
      { file: "new", text: gateway },
      { file: "old", text: bundleYaml([crd("webapp")]) },
    );
    expect(plan.rbac.added).toEqual([
      {
        clusterRole: "orkestra-gateway-orkestra-system",
        apiGroup: "",
        resource: "secrets",
        verb: "create",
        resourceNames: ["ci-token"],
      },
      {
        clusterRole: "orkestra-gateway-orkestra-system",
        apiGroup: "",
        resource: "secrets",
        verb: "get",
        resourceNames: ["ci-token"],
      },
    ]);
    expect(formatPlan(plan)).toContain("  + gateway core/secrets [ci-token]: create, get\n");
  });

  it("says when nothing changes", () => {
    const plan = planBundleChange({ file: "a", text: current }, { file: "b", text: current });
    expect(plan.unchanged).toBe(true);
    expect(formatPlan(plan)).toMatch(
      /^No changes: the desired bundle matches the current one \([0-9a-f]{10}\)\.\n$/,
    );
  });

  it("refuses files that are not bundles", () => {
    expect(() =>
      planBundleChange(
        { file: "a", text: current },
        { file: "b.yaml", text: "kind: Nothing\nmetadata: {name: x}\n" },
      ),
    ).toThrow(/b\.yaml: no ConfigMap orkestra-katalog/);
    expect(() => planBundleChange({ file: "a", text: current }, { file: "b.yaml", text: "a: [\n" })).toThrow(
      InvalidInputError,
    );
  });
});
