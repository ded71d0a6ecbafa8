// formatPlan's text, line by line: `ork plan` output is read by people and grepped by CI scripts, so every
// section header, sign, grouping and truncation rule is pinned with exact expected text.
import { formatPlan, type BundlePlan, type RbacGrant } from "./plan.js";

const CURRENT = `sha256:${"a".repeat(64)}`;
const DESIRED = `sha256:${"b".repeat(64)}`;

function plan(overrides: Partial<BundlePlan> = {}): BundlePlan {
  return {
    current: { digest: CURRENT },
    desired: { digest: DESIRED },
    crds: { added: [], removed: [], changed: [] },
    katalog: [],
    rbac: { added: [], removed: [], compared: true },
    unchanged: false,
    ...overrides,
  };
}

const runtime = (grant: Omit<RbacGrant, "clusterRole">): RbacGrant => ({
  clusterRole: "orkestra-orkestra-system",
  ...grant,
});
const gateway = (grant: Omit<RbacGrant, "clusterRole">): RbacGrant => ({
  clusterRole: "orkestra-gateway-orkestra-system",
  ...grant,
});

describe("formatPlan", () => {
  it("says no changes with the desired digest's 10 hex digits when unchanged", () => {
    expect(formatPlan(plan({ unchanged: true }))).toBe(
      "No changes: the desired bundle matches the current one (bbbbbbbbbb).\n",
    );
  });

  it("says (no digest) for a side without one", () => {
    expect(formatPlan(plan({ unchanged: true, desired: {} }))).toBe(
      "No changes: the desired bundle matches the current one ((no digest)).\n",
    );
    expect(formatPlan(plan({ current: {}, katalog: [{ path: "x", after: 1 }] })).split("\n")[0]).toBe(
      "Bundle (no digest) → bbbbbbbbbb; a restart would apply:",
    );
  });

  it("lists added, removed and changed CRDs in that order, changes indented under their CRD", () => {
    const text = formatPlan(
      plan({
        crds: {
          added: ["cache", "queue"],
          removed: ["legacy"],
          changed: [
            {
              key: "webapp",
              changes: [
                { path: "operatorBox.reconcile.workers", before: 2, after: 4 },
                { path: "webhooks", before: { enabled: true } },
                { path: "", after: "x" },
              ],
            },
          ],
        },
      }),
    );
    expect(text).toBe(
      [
        "Bundle aaaaaaaaaa → bbbbbbbbbb; a restart would apply:",
        "CRDs:",
        "  + cache",
        "  + queue",
        "  - legacy",
        "  ~ webapp",
        "      operatorBox.reconcile.workers: 2 → 4",
        '      webhooks: {"enabled":true} → (absent)',
        "      (entry): (absent) → x",
        "",
      ].join("\n"),
    );
  });

  it("prints only the sections that have something to say", () => {
    const text = formatPlan(plan({ katalog: [{ path: "metadata.name", before: "a", after: "b" }] }));
    expect(text).toBe(
      [
        "Bundle aaaaaaaaaa → bbbbbbbbbb; a restart would apply:",
        "Katalog:",
        "  ~ metadata.name: a → b",
        "",
      ].join("\n"),
    );
  });

  it("shortens values longer than 80 characters to 77 and an ellipsis, and keeps 80 as they are", () => {
    const eighty = "x".repeat(80);
    const eightyOne = "y".repeat(81);
    const text = formatPlan(
      plan({
        katalog: [
          { path: "a", before: eighty, after: eightyOne },
          { path: "b", before: null, after: ["é"] },
        ],
      }),
    );
    expect(text).toContain(`  ~ a: ${eighty} → ${"y".repeat(77)}...\n`);
    expect(text).toContain('  ~ b: null → ["é"]\n');
  });

  it("groups RBAC grants per group and resource, added before removed, gateway and names marked", () => {
    const text = formatPlan(
      plan({
        rbac: {
          added: [
            runtime({ apiGroup: "", resource: "services", verb: "get" }),
            runtime({ apiGroup: "", resource: "services", verb: "list" }),
            runtime({ apiGroup: "apps", resource: "deployments", verb: "watch" }),
            gateway({ apiGroup: "", resource: "secrets", verb: "get", resourceNames: ["tls", "ca"] }),
          ],
          removed: [runtime({ apiGroup: "batch", resource: "jobs", verb: "delete" })],
          compared: true,
        },
      }),
    );
    expect(text).toBe(
      [
        "Bundle aaaaaaaaaa → bbbbbbbbbb; a restart would apply:",
        "RBAC:",
        "  + core/services: get, list",
        "  + apps/deployments: watch",
        "  + gateway core/secrets [tls, ca]: get",
        "  - batch/jobs: delete",
        "",
      ].join("\n"),
    );
  });

  it("says RBAC was not compared when one side has no ClusterRole", () => {
    const text = formatPlan(
      plan({
        crds: { added: ["cache"], removed: [], changed: [] },
        rbac: { added: [], removed: [], compared: false },
      }),
    );
    expect(text.split("\n").slice(-2)).toEqual([
      "RBAC: not compared (one side has no ClusterRole; pass the whole bundle, or the ConfigMap and the ClusterRole)",
      "",
    ]);
    expect(text).not.toContain("RBAC:\n");
  });
});
