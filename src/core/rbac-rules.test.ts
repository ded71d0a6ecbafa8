import {
  excessOver,
  grantsOfRules,
  normalizeRules,
  RuleSet,
  rulesOf,
  sameRules,
  unionRules,
} from "./rbac-rules.js";

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

describe("RuleSet and rule normal form: names and missing fields", () => {
  it("merges grants whatever the order or repetition of their names, and lists names sorted", () => {
    const set = new RuleSet();
    set.grant("", "secrets", ["get"], ["b", "a"]);
    set.grant("", "secrets", ["watch"], ["a", "b", "a"]);
    expect(set.rules()).toEqual([
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "watch"], resourceNames: ["a", "b"] },
    ]);
  });

  it("orders rules of one resource unscoped first, then by their names as a list", () => {
    const set = new RuleSet();
    set.grant("", "secrets", ["get"], ["ab"]);
    set.grant("", "secrets", ["get"], ["a", "b"]);
    set.grant("", "secrets", ["list"]);
    expect(set.rules().map((rule) => rule.resourceNames ?? [])).toEqual([[], ["a", "b"], ["ab"]]);
  });

  it("grants nothing for a rule missing its groups, resources or verbs", () => {
    const partial = [
      { resources: ["pods"], verbs: ["get"] },
      { apiGroups: [""], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods"] },
    ];
    expect(grantsOfRules(partial)).toEqual([]);
    expect(normalizeRules(partial)).toEqual([{ apiGroups: [""], resources: ["pods"], verbs: [] }]);
  });

  it("lets a ceiling limited to names cover only grants limited to some of those names", () => {
    const ceiling = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["a", "b"] }];
    const wanted = (names?: string[]) => [
      { apiGroups: [""], resources: ["secrets"], verbs: ["get"], ...(names ? { resourceNames: names } : {}) },
    ];
    expect(excessOver(wanted(["a"]), ceiling)).toEqual([]);
    expect(excessOver(wanted(["a", "b"]), ceiling)).toEqual([]);
    expect(excessOver(wanted(["a", "c"]), ceiling)).toEqual(["core/secrets [a, c]: get"]);
    expect(excessOver(wanted(), ceiling)).toEqual(["core/secrets: get"]);
  });
});

describe("excessOver: what a ceiling covers", () => {
  const wanted = (resource: string, verbs: string[], group = "apps.example.io", names?: string[]) => ({
    apiGroups: [group],
    resources: [resource],
    verbs,
    ...(names ? { resourceNames: names } : {}),
  });

  it("covers everything with wildcards in groups, resources and verbs", () => {
    const all = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];
    expect(excessOver([wanted("webapps", ["get"]), wanted("secrets", ["list"], "")], all)).toEqual([]);
  });

  it("covers a subresource through resource/*, but not the resource itself", () => {
    const ceiling = [{ apiGroups: ["apps.example.io"], resources: ["webapps/*"], verbs: ["get", "patch"] }];
    expect(excessOver([wanted("webapps/status", ["get", "patch"])], ceiling)).toEqual([]);
    expect(
      excessOver([wanted("webapps", ["get"]), wanted("webapps/status", ["get", "delete"])], ceiling),
    ).toEqual(["apps.example.io/webapps: get", "apps.example.io/webapps/status: delete"]);
  });

  it("lists every missing verb, and names core and the resource names of scoped grants", () => {
    const ceiling = [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["a", "b"], verbs: ["get"] }];
    expect(excessOver([wanted("secrets", ["get"], "", ["a"])], ceiling)).toEqual([]);
    expect(
      excessOver(
        [wanted("secrets", ["get", "list", "watch"], "", ["a", "c"]), wanted("secrets", ["get"], "")],
        ceiling,
      ),
    ).toEqual(["core/secrets: get", "core/secrets [a, c]: get, list, watch"]);
  });

  it("needs the group, the resource and the verb all covered", () => {
    const ceiling = [{ apiGroups: ["apps.example.io"], resources: ["webapps"], verbs: ["get"] }];
    expect(excessOver([wanted("webapps", ["get"], "other.io")], ceiling)).toEqual(["other.io/webapps: get"]);
    expect(excessOver([wanted("gadgets", ["get"])], ceiling)).toEqual(["apps.example.io/gadgets: get"]);
    expect(excessOver([wanted("webapps", ["list"])], ceiling)).toEqual(["apps.example.io/webapps: list"]);
    expect(excessOver([wanted("webapps", ["get"])], [{ resources: ["webapps"], verbs: ["get"] }])).toEqual([
      "apps.example.io/webapps: get",
    ]);
  });
});

describe("RuleSet ordering of scoped rules", () => {
  it("orders rules of one resource by their names as a list, not as run-together text", () => {
    const set = new RuleSet();
    set.grant("", "secrets", ["get"], ["ab", "c"]);
    set.grant("", "secrets", ["get"], ["a", "bc"]);
    expect(set.rules().map((r) => r.resourceNames)).toEqual([
      ["a", "bc"],
      ["ab", "c"],
    ]);
  });
});
