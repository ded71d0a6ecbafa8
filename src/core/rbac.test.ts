import type { CrdEntry } from "../api/crd-entry.js";
import type { EffectiveCrd } from "../api/effective.js";
import { gatewayRulesFor } from "./gateway-rbac.js";
import { BUILTIN_HOOK_KINDS } from "./rbac-builtins.js";
import { resolveManagedResource, runtimeRulesFor } from "./rbac.js";
import type { PolicyRule } from "./rbac-rules.js";
import { apiTypesFor } from "../../test/support/test-documents.js";

const CRUD = ["create", "delete", "get", "list", "patch", "update", "watch"];

function crd(key: string, entry: Record<string, unknown> = {}): EffectiveCrd {
  return {
    key,
    entry: { apiTypes: apiTypesFor(key), ...entry } as CrdEntry,
    written: [3],
    moves: [],
    source: { katalogName: key, katalogNamespace: "default", origin: `oci://r.io/${key}:v1`, identity: key },
    via: [],
  };
}

const HOOK_PHASES_UNDER_TEST = ["onCreate", "onReconcile", "onDelete"] as const;
const reconcile = (sections: Record<string, unknown>) => ({ operatorBox: { reconcile: sections } });
const find = (rules: PolicyRule[], group: string, resource: string) =>
  rules.filter((r) => r.apiGroups[0] === group && r.resources[0] === resource);

describe("runtimeRulesFor (upstream's GenerateRuntimeRBACRules, made deterministic)", () => {
  it("grants the fixed rules and each CRD with its status, merged and sorted", () => {
    expect(runtimeRulesFor([crd("webapp"), crd("db")])).toEqual([
      { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
      { apiGroups: ["apps.example.io"], resources: ["dbs"], verbs: CRUD },
      { apiGroups: ["apps.example.io"], resources: ["dbs/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["apps.example.io"], resources: ["webapps"], verbs: CRUD },
      { apiGroups: ["apps.example.io"], resources: ["webapps/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "update"] },
    ]);
  });

  it("grants every built-in hook key of upstream's table, by its camelCase key, in each phase", () => {
    for (const phase of ["onCreate", "onReconcile", "onDelete"]) {
      for (const [hookKey, kind] of BUILTIN_HOOK_KINDS) {
        const rules = runtimeRulesFor([crd("x", reconcile({ [phase]: { [hookKey]: [{ name: "a" }] } }))]);
        const extra =
          kind.resource === "roles" || kind.resource === "clusterroles" ? ["bind", "escalate"] : [];
        expect({ hookKey, phase, rules: find(rules, kind.group, kind.resource) }).toEqual({
          hookKey,
          phase,
          rules: [{ apiGroups: [kind.group], resources: [kind.resource], verbs: [...CRUD, ...extra].sort() }],
        });
      }
    }
    expect([...BUILTIN_HOOK_KINDS.keys()]).toEqual(
      expect.arrayContaining([
        "configMaps",
        "statefulSets",
        "cronJobs",
        "serviceAccounts",
        "hpa",
        "pdb",
        "networkPolicies",
        "roleBindings",
        "clusterRoles",
        "clusterRoleBindings",
        "persistentVolumes",
        "resourceQuotas",
        "limitRanges",
        "podTemplates",
        "daemonSets",
        "replicaSets",
        "namespaces",
        "pods",
      ]),
    );
    expect(BUILTIN_HOOK_KINDS.size).toBe(25);
  });

  it("never grants for an empty list, a lower-case key or a prototype-named key", () => {
    const rules = runtimeRulesFor([
      crd(
        "x",
        reconcile({ onCreate: { deployments: [], configmaps: [{}], constructor: [{}], toString: [{}] } }),
      ),
    ]);
    expect(rules.map((r) => r.resources[0])).toEqual(["events", "xs", "xs/status", "leases"]);
  });

  it("looks hook keys up as own entries only: prototype names grant nothing in any phase or group", () => {
    // An `in`-style or plain-object lookup finds Object.prototype members and grants
    // {apiGroups: [undefined], resources: [undefined]} (or "constructor"): the whole rule list must stay exact.
    const prototypeKeys = { constructor: [{}], toString: [{}], hasOwnProperty: [{}], valueOf: [{}] };
    for (const phase of HOOK_PHASES_UNDER_TEST) {
      const rules = runtimeRulesFor([
        crd("x", reconcile({ [phase]: { ...prototypeKeys, groups: [{ name: "g", ...prototypeKeys }] } })),
      ]);
      expect({ phase, rules }).toEqual({ phase, rules: runtimeRulesFor([crd("x")]) });
    }
    expect(runtimeRulesFor([crd("x")])).toEqual([
      { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
      { apiGroups: ["apps.example.io"], resources: ["xs"], verbs: CRUD },
      { apiGroups: ["apps.example.io"], resources: ["xs/status"], verbs: ["get", "patch", "update"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "get", "update"] },
    ]);
  });

  it("grants templates nested in groups", () => {
    const rules = runtimeRulesFor([
      crd("x", reconcile({ onReconcile: { groups: [{ name: "g", groups: [{ pdb: [{ name: "p" }] }] }] } })),
    ]);
    expect(find(rules, "policy", "poddisruptionbudgets")).toHaveLength(1);
  });

  it("grants custom: items of onCreate and onReconcile (lower-case kind + s, as upstream), not of onDelete", () => {
    const cert = { apiVersion: "cert-manager.io/v1", kind: "Certificate" };
    const route = { apiVersion: "route.openshift.io/v1", kind: "Route" };
    const core = { apiVersion: "v1", kind: "Widget" };
    const rules = runtimeRulesFor([
      crd("x", reconcile({ onCreate: { custom: [cert, core] }, onDelete: { custom: [route] } })),
      crd("y", reconcile({ onReconcile: { custom: [cert] } })),
    ]);
    expect(find(rules, "cert-manager.io", "certificates")).toEqual([
      { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: CRUD },
    ]);
    expect(find(rules, "", "widgets")).toHaveLength(1);
    expect(find(rules, "route.openshift.io", "routes")).toEqual([]);
  });

  it("grants managedResources of hooks, constructor and remote, and read-only observe.watch items", () => {
    const rules = runtimeRulesFor([
      crd("x", {
        operatorBox: {
          reconcile: {
            hooks: { location: "l", function: "f", managedResources: [{ kind: "Deployment" }] },
            constructor: {
              location: "l",
              function: "f",
              managedResources: [{ group: "example.io", version: "v1", kind: "Thing" }],
            },
            remote: {
              endpoint: "http://r",
              managedResources: [{ apiVersion: "networking.k8s.io/v1", kind: "Ingress" }],
            },
          },
          observe: {
            watch: [
              { apiVersion: "v1", kind: "Secret" },
              { apiVersion: "example.io/v1", kind: "Gizmo", plural: "gizmoz" },
            ],
          },
        },
      }),
    ]);
    expect(find(rules, "apps", "deployments")[0]!.verbs).toEqual(CRUD);
    expect(find(rules, "example.io", "things")[0]!.verbs).toEqual(CRUD);
    expect(find(rules, "networking.k8s.io", "ingresses")[0]!.verbs).toEqual(CRUD);
    expect(find(rules, "", "secrets")).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
    ]);
    expect(find(rules, "example.io", "gizmoz")[0]!.verbs).toEqual(["get", "list", "watch"]);
  });

  it("grants secrets get for auth.secretRef: static names scoped, any template name unscoped", () => {
    const call = (name: string) => ({
      name: "c",
      url: "http://x",
      auth: { secretRef: { name, key: "token" } },
    });
    const rules = runtimeRulesFor([
      crd("x", {
        operatorBox: {
          reconcile: {
            onReconcile: { external: [call("api-token")] },
            onCreate: { external: [call("db-creds")] },
            remote: { endpoint: "http://r", auth: { secretRef: { name: "remote-token", key: "t" } } },
          },
        },
        admission: { validation: { external: [call("{{ .metadata.name }}-token")] } },
      }),
    ]);
    expect(find(rules, "", "secrets")).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
      {
        apiGroups: [""],
        resources: ["secrets"],
        verbs: ["get"],
        resourceNames: ["api-token", "db-creds", "remote-token"],
      },
    ]);
  });

  it("grants secrets named under hooks and admission mutation calls too, and ignores refs without a name", () => {
    const call = (name: string) => ({ name: "c", url: "http://x", auth: { secretRef: { name, key: "k" } } });
    const rules = runtimeRulesFor([
      crd("x", {
        operatorBox: { reconcile: { hooks: { external: [call("hook-token"), call("")] } } },
        admission: { mutation: { external: [call("mutate-token"), { name: "n", url: "http://y" }] } },
      }),
    ]);
    // No unscoped rule: an empty name is no name, not a template.
    expect(find(rules, "", "secrets")).toEqual([
      {
        apiGroups: [""],
        resources: ["secrets"],
        verbs: ["get"],
        resourceNames: ["hook-token", "mutate-token"],
      },
    ]);
  });
});

describe("resolveManagedResource (upstream's ResolveGVR)", () => {
  it.each([
    [
      { group: "g.io", version: "v1", plural: "things", kind: "Thing" },
      { group: "g.io", resource: "things" },
    ],
    [
      { group: "g.io", version: "v1", kind: "Policy" },
      { group: "g.io", resource: "policys" },
    ],
    [
      { apiVersion: "g.io/v1", plural: "ps", kind: "P" },
      { group: "g.io", resource: "ps" },
    ],
    [
      { apiVersion: "apps/v1", kind: "StatefulSet" },
      { group: "apps", resource: "statefulsets" },
    ],
    [{ kind: "Ingress" }, { group: "networking.k8s.io", resource: "ingresses" }],
    [{ kind: "Gadget" }, undefined],
    // Kinds are looked up as own entries: prototype member names are unknown kinds, not built-ins.
    [{ kind: "constructor" }, undefined],
    [{ kind: "toString" }, undefined],
    [
      { apiVersion: "v1", kind: "constructor" },
      { group: "", resource: "constructors" },
    ],
    ["deployments", undefined],
    // An explicit group counts only with a non-empty group and a version; otherwise apiVersion decides.
    [
      { group: "g.io", kind: "Thing", apiVersion: "other.io/v1" },
      { group: "other.io", resource: "things" },
    ],
    [
      { group: "", version: "v1", kind: "Thing", apiVersion: "other.io/v1" },
      { group: "other.io", resource: "things" },
    ],
    [
      { group: "g.io", version: "v1", kind: "Thing", apiVersion: "other.io/v1" },
      { group: "g.io", resource: "things" },
    ],
    [{ version: "v1", kind: "Thing" }, undefined],
    [{ group: "g.io", kind: "Thing" }, undefined],
    [{ group: "g.io", version: "v1" }, undefined],
    [
      { group: "g.io", version: "v1", plural: "things" },
      { group: "g.io", resource: "things" },
    ],
    // A built-in kind's real plural applies only in its own group; elsewhere upstream's inference stands.
    [
      { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
      { group: "networking.k8s.io", resource: "ingresses" },
    ],
    [
      { apiVersion: "example.io/v1", kind: "Ingress" },
      { group: "example.io", resource: "ingresss" },
    ],
  ])("%j → %j", (input, expected) => {
    expect(resolveManagedResource(input)).toEqual(expected);
  });
});

describe("gatewayRulesFor (upstream's GenerateGatewayRBACRules)", () => {
  it("is empty without a gateway block", () => {
    expect(
      gatewayRulesFor(
        [crd("x", { admission: { validation: { rules: [{ field: "a", message: "m" }] } } })],
        {},
      ),
    ).toEqual([]);
  });

  it("grants webhook configurations, secrets and namespaces as the katalog needs them", () => {
    const rules = gatewayRulesFor([crd("x", { admission: { mutation: { rules: [{ field: "a" }] } } })], {
      gateway: { api: { auth: { tokens: [{ name: "ci", secretRef: { name: "ci-token", key: "t" } }] } } },
      security: { deletionProtection: {} },
    });
    expect(rules).toEqual([
      { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "patch"] },
      { apiGroups: [""], resources: ["secrets"], verbs: CRUD },
      { apiGroups: [""], resources: ["secrets"], verbs: ["create", "get"], resourceNames: ["ci-token"] },
      {
        apiGroups: ["admissionregistration.k8s.io"],
        resources: ["mutatingwebhookconfigurations"],
        verbs: CRUD,
      },
      {
        apiGroups: ["admissionregistration.k8s.io"],
        resources: ["validatingwebhookconfigurations"],
        verbs: CRUD,
      },
    ]);
  });

  it("grants served CRDs and their definition, and nothing when deletion protection is switched off", () => {
    const rules = gatewayRulesFor([crd("x", { serve: { enabled: true } })], {
      gateway: {},
      security: { deletionProtection: { enabled: false } },
    });
    expect(rules).toEqual([
      {
        apiGroups: ["apiextensions.k8s.io"],
        resources: ["customresourcedefinitions"],
        verbs: ["get"],
        resourceNames: ["xs.apps.example.io"],
      },
      {
        apiGroups: ["apps.example.io"],
        resources: ["xs"],
        verbs: ["create", "delete", "get", "list", "patch", "update"],
      },
    ]);
  });
});

describe("resolveManagedResource without an explicit group", () => {
  it("takes the group from apiVersion and pluralizes a kind that is not built in", () => {
    expect(resolveManagedResource({ apiVersion: "example.io/v1", kind: "Widget" })).toEqual({
      group: "example.io",
      resource: "widgets",
    });
    expect(
      resolveManagedResource({ group: "", version: "v1", apiVersion: "example.io/v1", kind: "Widget" }),
    ).toEqual({ group: "example.io", resource: "widgets" });
  });
});
