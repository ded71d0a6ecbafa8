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

describe("planBundleChange: what counts as a change", () => {
  interface Role {
    name: string;
    rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
  }
  const RUNTIME = "orkestra-orkestra-system";
  const GATEWAY = "orkestra-gateway-orkestra-system";

  /** A kubectl List of the bundle's ConfigMap (optionally without its digest) and the given ClusterRoles. */
  function listOf(bundle: string, roles: Role[], options: { digest?: boolean } = {}): string {
    const configMaps = parseAllDocuments(bundle)
      .map((d) => d.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } })
      .filter((o) => o.kind === "ConfigMap");
    if (options.digest === false) for (const cm of configMaps) delete cm.metadata.annotations;
    const clusterRoles = roles.map((role) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: role.name },
      rules: role.rules,
    }));
    return stringify({ apiVersion: "v1", kind: "List", items: [...configMaps, ...clusterRoles] });
  }
  const plan = (current: string, desired: string) =>
    planBundleChange({ file: "desired", text: desired }, { file: "current", text: current });
  const rule = (resources: string[], verbs: string[], extra: Partial<Role["rules"][number]> = {}) => ({
    apiGroups: ["apps"],
    resources,
    verbs,
    ...extra,
  });
  const grants = (list: { apiGroup: string; resource: string; verb: string }[]) =>
    list.map((g) => `${g.apiGroup}/${g.resource}:${g.verb}`);

  const one = bundleYaml([crd("webapp", box({ workers: 2 }))]);
  const roles = [{ name: RUNTIME, rules: [rule(["deployments"], ["get"])] }];

  it("lists only new keys as added, only missing keys as removed, only shared keys as changed", () => {
    const before = listOf(bundleYaml([crd("webapp"), crd("old")]), roles);
    const after = listOf(bundleYaml([crd("webapp", box({ workers: 5 })), crd("fresh")]), roles);
    const result = plan(before, after);
    expect(result.crds.added).toEqual(["fresh"]);
    expect(result.crds.removed).toEqual(["old"]);
    expect(result.crds.changed.map((c) => c.key)).toEqual(["webapp"]);
  });

  it.each([
    ["one CRD added and one removed", [crd("a")], [crd("b")], roles, roles],
    ["a CRD added and another changed", [crd("a")], [crd("a", box({ workers: 3 })), crd("b")], roles, roles],
    [
      "a CRD changed and the Katalog changed",
      [crd("a")],
      [crd("a", box({ workers: 3 }))],
      roles,
      roles,
      true,
    ],
    [
      "the Katalog changed and a grant added",
      [crd("a")],
      [crd("a")],
      roles,
      [{ name: RUNTIME, rules: [rule(["deployments"], ["get", "list"])] }],
      true,
    ],
    [
      "one grant added and one removed",
      [crd("a")],
      [crd("a")],
      roles,
      [{ name: RUNTIME, rules: [rule(["deployments"], ["list"])] }],
    ],
  ])(
    "is not unchanged when %s (changes never cancel out)",
    (_what, before, after, rolesBefore, rolesAfter, katalog = false) => {
      const blocks = katalog ? { security: { deletionProtection: { enabled: true } } } : {};
      const result = plan(
        listOf(bundleYaml(before), rolesBefore),
        listOf(bundleYaml(after, blocks), rolesAfter),
      );
      expect(result.unchanged).toBe(false);
      expect(formatPlan(result)).not.toMatch(/^No changes/);
    },
  );

  it("has no digest on a side whose ConfigMap carries none", () => {
    const result = plan(listOf(one, roles, { digest: false }), listOf(one, roles));
    expect(result.current).toStrictEqual({});
    expect(result.desired.digest).toMatch(/^sha256:/);
    expect(plan(listOf(one, roles), listOf(one, roles, { digest: false })).desired).toStrictEqual({});
  });

  it("treats an empty resourceNames like an absent one, and never joins fields into one ambiguous key", () => {
    const named = (names: string[]) => [
      { name: RUNTIME, rules: [rule(["deployments"], ["get"], { resourceNames: names })] },
    ];
    expect(plan(listOf(one, roles), listOf(one, named([]))).unchanged).toBe(true);
    const split = plan(listOf(one, named(["a", "b"])), listOf(one, named(["ab"])));
    expect(split.unchanged).toBe(false);
    expect(split.rbac.added.map((g) => g.resourceNames)).toEqual([["ab"]]);
    const groupVsResource = plan(
      listOf(one, [{ name: RUNTIME, rules: [{ apiGroups: ["a"], resources: ["bc"], verbs: ["get"] }] }]),
      listOf(one, [{ name: RUNTIME, rules: [{ apiGroups: ["ab"], resources: ["c"], verbs: ["get"] }] }]),
    );
    expect(grants(groupVsResource.rbac.added)).toEqual(["ab/c:get"]);
    expect(grants(groupVsResource.rbac.removed)).toEqual(["a/bc:get"]);
  });

  it("tells the runtime's grants from the gateway's, and lists added grants sorted", () => {
    const moved = plan(
      listOf(one, roles),
      listOf(one, [{ name: GATEWAY, rules: [rule(["deployments"], ["get"])] }]),
    );
    expect(moved.rbac.added.map((g) => g.clusterRole)).toEqual([GATEWAY]);
    expect(moved.rbac.removed.map((g) => g.clusterRole)).toEqual([RUNTIME]);
    const many = plan(
      listOf(one, roles),
      listOf(one, [
        {
          name: RUNTIME,
          rules: [rule(["statefulsets", "deployments", "daemonsets"], ["watch", "get", "create"])],
        },
      ]),
    );
    const added = grants(many.rbac.added);
    expect(added).toEqual([...added].sort());
    expect(added).toHaveLength(8);
  });

  it("prints the CRDs header for one added and one changed, the RBAC header for one added and one removed", () => {
    const before = listOf(bundleYaml([crd("a")]), roles);
    const after = listOf(bundleYaml([crd("a", box({ workers: 3 })), crd("b")]), [
      { name: RUNTIME, rules: [rule(["deployments"], ["list"])] },
    ]);
    const text = formatPlan(plan(before, after));
    expect(text).toContain("CRDs:\n  + b\n  ~ a\n");
    expect(text).toContain("RBAC:\n  + apps/deployments: list\n  - apps/deployments: get\n");
  });
});

describe("planBundleChange on hand-written bundles", () => {
  const configMap = (crds: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: orkestra-katalog}
data:
  katalog.yaml: |
    kind: Katalog
    spec:
      crds: {${crds}}
`;

  it("sorts added, removed and changed CRDs whatever order the files list them in", () => {
    const plan = planBundleChange(
      { file: "desired", text: configMap("zeta: {w: 2}, delta: {}, alpha: {w: 2}, beta: {}") },
      { file: "current", text: configMap("zeta: {w: 1}, gamma: {}, alpha: {w: 1}, omega: {}") },
    );
    expect(plan.crds.added).toEqual(["beta", "delta"]);
    expect(plan.crds.removed).toEqual(["gamma", "omega"]);
    expect(plan.crds.changed.map((c) => c.key)).toEqual(["alpha", "zeta"]);
  });

  it("lists CRDs that were only added and removed", () => {
    const plan = planBundleChange(
      { file: "desired", text: configMap("beta: {}") },
      { file: "current", text: configMap("alpha: {}") },
    );
    expect(formatPlan(plan)).toContain("CRDs:\n  + beta\n  - alpha\n");
  });
});
