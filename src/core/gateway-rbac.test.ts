// The gateway's ClusterRole, case by case: when it exists at all, which webhook kinds each katalog setting asks
// for, and which CRDs it serves or converts. Expectations are the exact rule lists, so a rule too many is a
// failure as much as a rule too few.
import { gatewayRulesFor, isGatewayEnabled } from "./gateway-rbac.js";
import type { PolicyRule } from "./rbac-rules.js";
import { effectiveCrd as crd } from "../../test/support/test-documents.js";

const CRUD = ["create", "delete", "get", "list", "patch", "update", "watch"];
const VALIDATING: PolicyRule = {
  apiGroups: ["admissionregistration.k8s.io"],
  resources: ["validatingwebhookconfigurations"],
  verbs: CRUD,
};
const MUTATING: PolicyRule = { ...VALIDATING, resources: ["mutatingwebhookconfigurations"] };
const SECRETS: PolicyRule = { apiGroups: [""], resources: ["secrets"], verbs: CRUD };
const resources = (rules: PolicyRule[]) => rules.map((rule) => `${rule.apiGroups[0]}/${rule.resources[0]}`);

describe("isGatewayEnabled", () => {
  it.each([
    [{}, false],
    [{ gateway: undefined }, false],
    [{ gateway: null }, true],
    [{ gateway: {} }, true],
  ])("%j → %s", (blocks, enabled) => {
    expect(isGatewayEnabled(blocks)).toBe(enabled);
  });
});

describe("gatewayRulesFor", () => {
  it("grants nothing without a gateway block, and nothing for an empty one without webhooks or served CRDs", () => {
    expect(gatewayRulesFor([crd("a")], {})).toEqual([]);
    expect(gatewayRulesFor([crd("a")], { gateway: {} })).toEqual([]);
    expect(gatewayRulesFor([crd("a")], { gateway: { api: { auth: { tokens: "not-a-list" } } } })).toEqual([]);
  });

  it.each([
    ["deletion protection present, enabled by default", { deletionProtection: {} }, true],
    ["deletion protection switched off", { deletionProtection: { enabled: false } }, false],
    ["deletion protection null", { deletionProtection: null }, false],
    ["deletion protection undefined", { deletionProtection: undefined }, false],
    ["namespace protection present", { namespaceProtection: {} }, true],
    ["namespace protection switched off", { namespaceProtection: { enabled: false } }, false],
  ])("%s: validating webhooks %s", (_what, security, validating) => {
    const rules = gatewayRulesFor([crd("a")], { gateway: {}, security });
    expect(rules.some((rule) => rule.resources[0] === "validatingwebhookconfigurations")).toBe(validating);
    expect(rules.some((rule) => rule.resources[0] === "secrets")).toBe(validating);
  });

  it("asks for each webhook kind when any one CRD has it, not only when all do", () => {
    const plain = crd("plain");
    const validating = gatewayRulesFor([plain, crd("v", { admission: { validation: [{ name: "x" }] } })], {
      gateway: {},
    });
    expect(validating).toEqual([SECRETS, VALIDATING]);
    const mutating = gatewayRulesFor([plain, crd("m", { admission: { mutation: { rules: [1] } } })], {
      gateway: {},
    });
    expect(mutating).toEqual([SECRETS, MUTATING]);
    const converting = gatewayRulesFor(
      [plain, crd("c", { admission: { conversion: { strategy: "Webhook" } } })],
      {
        gateway: {},
      },
    );
    expect(converting).toEqual([SECRETS]);
  });

  it("treats empty admission sections as absent", () => {
    const empty = crd("e", { admission: { validation: [], mutation: {}, conversion: {} } });
    expect(gatewayRulesFor([empty], { gateway: {} })).toEqual([]);
  });

  it("serves a CRD locally only when enabled and not routed to clusters", () => {
    const served = (serve: Record<string, unknown>) =>
      resources(gatewayRulesFor([crd("a", { serve })], { gateway: {} }));
    expect(served({ enabled: true })).toEqual([
      "apiextensions.k8s.io/customresourcedefinitions",
      "apps.example.io/as",
    ]);
    expect(served({ enabled: true, clusters: [] })).toEqual([
      "apiextensions.k8s.io/customresourcedefinitions",
      "apps.example.io/as",
    ]);
    expect(served({ enabled: true, clusters: ["east"] })).toEqual([]);
    expect(served({ enabled: "true" })).toEqual([]);
  });

  it("lets a converting CRD patch and watch only its own definition", () => {
    const rules = gatewayRulesFor([crd("a", { admission: { conversion: { updateCRD: true } } })], {
      gateway: {},
    });
    expect(rules).toContainEqual({
      apiGroups: ["apiextensions.k8s.io"],
      resources: ["customresourcedefinitions"],
      resourceNames: ["as.apps.example.io"],
      verbs: ["patch", "watch"],
    });
  });
});
