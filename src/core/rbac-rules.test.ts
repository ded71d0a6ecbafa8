import { excessOver, sameRules, unionRules } from "./rbac-rules.js";

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
