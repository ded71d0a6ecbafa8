// The installed chart's RBAC, asked of the real authorizer: the operator's ServiceAccount may do exactly what
// the operator needs (every verb, yes) and not more (a list of things it must not do, no). Then the same
// identity through a real TokenRequest token, and RBAC's escalation check with and without rbacCeiling.
import { createTestNamespace, kubectl } from "../support/kube.js";
import {
  canI,
  canIWith,
  describeQuestion,
  serviceAccountKubeconfig,
  serviceAccountUser,
  type AccessQuestion,
} from "../support/impersonate.js";
import { CHART_DIR, helmOk } from "./chart.js";

const KOMPOSERS = "komposers.orkestra.orkspace.io";

function verbs(
  list: string[],
  resource: string,
  where: Omit<AccessQuestion, "verb" | "resource">,
): AccessQuestion[] {
  return list.map((verb) => ({ verb, resource, ...where }));
}

/** Asks every question and returns those whose answer differs from `expected`, readable in a failure. */
async function wrongAnswers(user: string, questions: AccessQuestion[], expected: boolean): Promise<string[]> {
  const answers = await Promise.all(questions.map((q) => canI(user, q)));
  return questions.filter((_, i) => answers[i] !== expected).map(describeQuestion);
}

/** Server-side dry-run create as `kubeconfig`: RBAC's escalation checks run, nothing is stored. */
async function dryRunCreate(kubeconfig: string, args: string[]): Promise<string> {
  return kubectl(["create", ...args, "--dry-run=server", "-o", "name"], { kubeconfig });
}

describe("the chart's RBAC, default values", () => {
  let ns: string;
  let other: string;
  let user: string;

  beforeAll(async () => {
    [ns, other] = await Promise.all([createTestNamespace("komposer-rbac"), createTestNamespace("tenant")]);
    await helmOk([
      "install",
      "komposer",
      CHART_DIR,
      "-n",
      ns,
      "--set",
      "replicaCount=1",
      "--wait",
      "--timeout",
      "150s",
    ]);
    user = serviceAccountUser({ namespace: ns, name: "komposer" });
  });

  afterAll(async () => {
    await helmOk(["uninstall", "komposer", "-n", ns, "--wait"]);
  });

  it("allows every verb the operator needs", async () => {
    const any = { namespace: other };
    const all = { allNamespaces: true };
    const needed: AccessQuestion[] = [
      ...verbs(["get", "list", "watch", "patch", "update"], KOMPOSERS, all),
      ...verbs(["get", "patch", "update"], KOMPOSERS, { ...any, subresource: "status" }),
      ...verbs(["update"], KOMPOSERS, { ...any, subresource: "finalizers" }),
      ...verbs(["get", "list", "watch", "create", "update", "patch", "delete"], "configmaps", all),
      ...verbs(["get", "list", "watch", "create", "update", "patch", "delete"], "serviceaccounts", all),
      ...verbs(["get", "list", "watch", "patch"], "deployments.apps", all),
      ...verbs(["create", "patch"], "events", all),
      ...verbs(
        ["get", "list", "watch", "create", "update", "patch", "delete"],
        "clusterroles.rbac.authorization.k8s.io",
        {},
      ),
      ...verbs(
        ["get", "list", "watch", "create", "update", "patch", "delete"],
        "clusterrolebindings.rbac.authorization.k8s.io",
        {},
      ),
      ...verbs(["escalate", "bind"], "clusterroles.rbac.authorization.k8s.io", {}),
      ...verbs(["get", "create", "update"], "leases.coordination.k8s.io", { namespace: ns }),
      ...verbs(["get"], "secrets", any),
    ];
    expect(await wrongAnswers(user, needed, true)).toEqual([]);
  });

  it("refuses what the operator never does", async () => {
    const refused: AccessQuestion[] = [
      ...verbs(["list", "watch"], "secrets", { allNamespaces: true }),
      ...verbs(["list", "watch", "create", "update", "delete"], "secrets", { namespace: other }),
      ...verbs(["create", "delete"], KOMPOSERS, { namespace: other }),
      ...verbs(["create", "delete", "update"], "deployments.apps", { namespace: other }),
      ...verbs(["get", "create", "update"], "leases.coordination.k8s.io", { namespace: other }),
      ...verbs(["delete", "list", "watch"], "leases.coordination.k8s.io", { namespace: ns }),
      ...verbs(["create", "delete"], "namespaces", {}),
      ...verbs(["create", "update", "delete"], "customresourcedefinitions.apiextensions.k8s.io", {}),
      ...verbs(["create", "get"], "pods", { namespace: other }),
      ...verbs(["create", "escalate", "bind"], "roles.rbac.authorization.k8s.io", { namespace: other }),
      ...verbs(["impersonate"], "serviceaccounts", { namespace: other }),
      ...verbs(["create"], "serviceaccounts", { namespace: other, subresource: "token" }),
    ];
    expect(await wrongAnswers(user, refused, false)).toEqual([]);
  });

  it("authenticates as the ServiceAccount with a TokenRequest token and gets the same answers", async () => {
    const kubeconfig = await serviceAccountKubeconfig({ namespace: ns, name: "komposer" });
    const whoami = JSON.parse(await kubectl(["auth", "whoami", "-o", "json"], { kubeconfig })) as {
      status: { userInfo: { username: string } };
    };
    expect(whoami.status.userInfo.username).toBe(user);
    expect(await canIWith(kubeconfig, { verb: "list", resource: KOMPOSERS, allNamespaces: true })).toBe(true);
    expect(await canIWith(kubeconfig, { verb: "list", resource: "secrets", allNamespaces: true })).toBe(
      false,
    );
    await kubectl(["get", "configmaps", "-n", other], { kubeconfig });
    await expect(kubectl(["get", "secrets", "-n", other], { kubeconfig })).rejects.toThrow(
      /Forbidden|forbidden/,
    );
  });

  it("may write runtime ClusterRoles with rules it does not hold (escalate) and bind them (bind)", async () => {
    const kubeconfig = await serviceAccountKubeconfig({ namespace: ns, name: "komposer" });
    expect(
      await dryRunCreate(kubeconfig, [
        "clusterrole",
        `orkestra-${other}`,
        "--verb=list",
        "--resource=secrets",
      ]),
    ).toContain("clusterrole");
    expect(
      await dryRunCreate(kubeconfig, [
        "clusterrolebinding",
        `orkestra-${other}`,
        "--clusterrole=cluster-admin",
        `--serviceaccount=${other}:orkestra`,
      ]),
    ).toContain("clusterrolebinding");
  });
});

describe("the chart's RBAC with rbacCeiling, watchNamespace and pullSecretNamespaces", () => {
  let ns: string;
  let watched: string;
  let other: string;
  let ceiling: string;
  let user: string;

  beforeAll(async () => {
    [ns, watched, other] = await Promise.all([
      createTestNamespace("komposer-ceiling"),
      createTestNamespace("watched"),
      createTestNamespace("tenant"),
    ]);
    // What the platform team allows runtime operators to do: manage Deployments and Services, lead-elect, emit
    // events. Everything a bundle may grant must be in here.
    ceiling = `orkestra-ceiling-${ns}`;
    await kubectl([
      "create",
      "clusterrole",
      ceiling,
      "--verb=get,list,watch,create,update,patch,delete",
      "--resource=deployments.apps,services",
    ]);
    await helmOk([
      "install",
      "komposer",
      CHART_DIR,
      "-n",
      ns,
      "--set",
      "replicaCount=1",
      "--set",
      `rbacCeiling=${ceiling}`,
      "--set",
      `watchNamespace=${watched}`,
      "--set",
      `rbac.pullSecretNamespaces={${watched}}`,
      "--wait",
      "--timeout",
      "150s",
    ]);
    user = serviceAccountUser({ namespace: ns, name: "komposer" });
  });

  afterAll(async () => {
    await helmOk(["uninstall", "komposer", "-n", ns, "--wait"]);
    await kubectl(["delete", "clusterrole", ceiling]);
  });

  it("allows the operator's verbs in the watch namespace only, and Secrets get in the listed namespace only", async () => {
    const inWatched = { namespace: watched };
    const allowed: AccessQuestion[] = [
      ...verbs(["get", "list", "watch", "patch", "update"], KOMPOSERS, inWatched),
      ...verbs(["get", "patch", "update"], KOMPOSERS, { ...inWatched, subresource: "status" }),
      ...verbs(["get", "list", "watch", "create", "update", "patch", "delete"], "configmaps", inWatched),
      ...verbs(["get", "list", "watch", "create", "update", "patch", "delete"], "serviceaccounts", inWatched),
      ...verbs(["get", "list", "watch", "patch"], "deployments.apps", inWatched),
      ...verbs(["create", "patch"], "events", inWatched),
      ...verbs(["get"], "secrets", inWatched),
      ...verbs(["get", "create", "update", "delete"], "clusterroles.rbac.authorization.k8s.io", {}),
      ...verbs(["get", "create", "update", "delete"], "clusterrolebindings.rbac.authorization.k8s.io", {}),
      ...verbs(["get", "create", "update"], "leases.coordination.k8s.io", { namespace: ns }),
    ];
    expect(await wrongAnswers(user, allowed, true)).toEqual([]);
    const refused: AccessQuestion[] = [
      ...verbs(["list", "watch"], KOMPOSERS, { allNamespaces: true }),
      ...verbs(["get", "list"], KOMPOSERS, { namespace: other }),
      ...verbs(["create", "update"], "configmaps", { namespace: other }),
      ...verbs(["get"], "secrets", { namespace: other }),
      ...verbs(["list"], "secrets", inWatched),
      ...verbs(["escalate", "bind"], "clusterroles.rbac.authorization.k8s.io", {}),
    ];
    expect(await wrongAnswers(user, refused, false)).toEqual([]);
  });

  it("may grant what the ceiling holds and nothing more: the API server's escalation check enforces it", async () => {
    const kubeconfig = await serviceAccountKubeconfig({ namespace: ns, name: "komposer" });
    // Within the ceiling: allowed without escalate, because the operator holds these rules itself.
    expect(
      await dryRunCreate(kubeconfig, [
        "clusterrole",
        `orkestra-${watched}`,
        "--verb=get,create",
        "--resource=deployments.apps",
      ]),
    ).toContain("clusterrole");
    expect(
      await dryRunCreate(kubeconfig, [
        "clusterrolebinding",
        `orkestra-${watched}`,
        `--clusterrole=${ceiling}`,
        `--serviceaccount=${watched}:orkestra`,
      ]),
    ).toContain("clusterrolebinding");
    // Beyond it: refused, even if the operator's own --rbac-ceiling check were wrong.
    await expect(
      dryRunCreate(kubeconfig, ["clusterrole", `orkestra-${watched}`, "--verb=list", "--resource=secrets"]),
    ).rejects.toThrow(/attempting to grant RBAC permissions not currently held/);
    await expect(
      dryRunCreate(kubeconfig, [
        "clusterrolebinding",
        `orkestra-${watched}`,
        "--clusterrole=cluster-admin",
        `--serviceaccount=${watched}:orkestra`,
      ]),
    ).rejects.toThrow(/forbidden/);
  });
});
