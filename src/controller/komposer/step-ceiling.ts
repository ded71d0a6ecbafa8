// RBAC ceiling (--rbac-ceiling): every rule a composition generates must be covered by that ClusterRole,
// otherwise nothing is staged and the Komposer is Stalled with RBACCeilingExceeded listing the excess.
// Without a ceiling, creating a Komposer is as powerful as cluster-admin (README, security).
import { PolicyError } from "../../core/errors.js";
import { excessOver } from "../../core/rbac-rules.js";
import { proceed, type NoFacts, type Step } from "../steps.js";
import { readClusterRole } from "./cluster-role.js";
import type { Composed, ReconcileStart } from "./context.js";

export const ceilingStep: Step<ReconcileStart & Composed, NoFacts> = {
  name: "rbac-ceiling",
  run: async (ctx) => {
    const ceiling = ctx.deps.rbacCeiling;
    if (!ceiling) return proceed({});
    const role = await readClusterRole(ctx.deps.client, ceiling);
    const excess = excessOver(ctx.desired.rules, role?.rules ?? []);
    if (excess.length === 0) return proceed({});
    const missing = role ? "" : ` (ClusterRole ${ceiling} does not exist, so nothing is allowed)`;
    throw new PolicyError(
      "RBACCeilingExceeded",
      `the bundle needs RBAC beyond the ceiling ClusterRole ${ceiling}${missing}: ${excess.join("; ")}; ` +
        `disable the CRDs that need it or ask an administrator to extend ${ceiling}`,
    );
  },
};
