import { excessOver, grantsOfRules, rulesOf, sameRules, unionRules } from "./rbac-rules.js";

describe("RBAC rule sets", () => {
  const services = { apiGroups: [""], resources: ["services"], verbs: ["get", "list"] };
  const ingresses = { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get"] };

  it("unions per group and resource", () => {
    const union = unionRules([services], [ingresses, { ...services, verbs: ["watch"] }]);
    expect(union).toEqual([
      { apiGroups: [""], resources: ["services"], verbs: ["get", "list", "watch"] },
      ingresses,
    ]);
    expect(
      sameRules(union, [
        ingresses,
        { apiGroups: [""], resources: ["services"], verbs: ["watch", "list", "get"] },
      ]),
    ).toBe(true);
  });

  it("lists what a ceiling does not cover, honouring wildcards and ignoring resourceNames rules", () => {
    const ceiling = [
      { apiGroups: [""], resources: ["*"], verbs: ["get"] },
      {
        apiGroups: ["networking.k8s.io"],
        resources: ["ingresses"],
        verbs: ["*"],
        resourceNames: ["only-this"],
      },
    ];
    expect(excessOver([services, ingresses], ceiling)).toEqual([
      "core/services: list",
      "networking.k8s.io/ingresses: get",
    ]);
  });
});

describe("reading rules from a ClusterRole object", () => {
  it("keeps well-formed rules and string items only", () => {
    const role = {
      rules: [
        { apiGroups: ["", 7], resources: ["secrets"], verbs: ["get"], resourceNames: ["pull"] },
        "not a rule",
        { nonResourceURLs: ["/healthz"], verbs: ["get"] },
      ],
    };
    expect(rulesOf(role)).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["pull"] },
      { nonResourceURLs: ["/healthz"], verbs: ["get"] },
    ]);
    expect(rulesOf({ rules: "x" })).toEqual([]);
    expect(rulesOf(undefined)).toEqual([]);
  });

  it("flattens rules into one grant per group, resource and verb, keeping resource names", () => {
    expect(
      grantsOfRules([
        { apiGroups: ["", "apps"], resources: ["pods"], verbs: ["get", "list"] },
        { apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["pull"] },
        { nonResourceURLs: ["/healthz"], verbs: ["get"] },
      ]),
    ).toEqual([
      { apiGroup: "", resource: "pods", verb: "get" },
      { apiGroup: "", resource: "pods", verb: "list" },
      { apiGroup: "apps", resource: "pods", verb: "get" },
      { apiGroup: "apps", resource: "pods", verb: "list" },
      { apiGroup: "", resource: "secrets", verb: "get", resourceNames: ["pull"] },
    ]);
  });
});
