// What the chart renders, with default and non-default values, checked field by field and then applied with
// a server-side dry run to the real API server (schema, field validation and admission, nothing stored).
import { createTestNamespace } from "../support/kube.js";
import { applyDryRun, findObject, parseManifests, renderChart, type K8sObject } from "./chart.js";

interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  args?: string[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: number } };
  readinessProbe?: { httpGet?: { path: string; port: number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
}

interface PodSpec {
  serviceAccountName: string;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
  imagePullSecrets?: { name: string }[];
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function podSpec(deployment: K8sObject): PodSpec {
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

function replicas(deployment: K8sObject): number {
  return (deployment.spec as { replicas: number }).replicas;
}

function rules(role: K8sObject): Rule[] {
  return (role.rules as Rule[] | undefined) ?? [];
}

function verbsFor(role: K8sObject, group: string, resource: string): string[] {
  return rules(role)
    .filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource))
    .flatMap((r) => r.verbs)
    .sort();
}

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 65532,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

describe("helm template with default values", () => {
  let ns: string;
  let text: string;
  let objects: K8sObject[];

  beforeAll(async () => {
    ns = await createTestNamespace("chart-default");
    text = await renderChart({ namespace: ns, includeCrds: true });
    objects = parseManifests(text);
  });

  it("renders the CRD, the operator, its ServiceAccount, RBAC and metrics Service, and no runtime", () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        "CustomResourceDefinition/komposers.orkestra.orkspace.io",
        "ClusterRole/komposer-" + ns,
        "ClusterRoleBinding/komposer-" + ns,
        "Deployment/komposer",
        "Role/komposer-leader-election",
        "RoleBinding/komposer-leader-election",
        "Service/komposer-metrics",
        "ServiceAccount/komposer",
      ].sort(),
    );
  });

  it("gives every chart object the standard labels", () => {
    for (const o of objects.filter((x) => x.kind !== "CustomResourceDefinition")) {
      expect(o.metadata.labels).toMatchObject({
        "app.kubernetes.io/name": "komposer",
        "app.kubernetes.io/instance": "komposer",
        "app.kubernetes.io/version": "0.1.0",
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/component": "operator",
        "app.kubernetes.io/part-of": "orkestra",
        "helm.sh/chart": "komposer-0.1.0",
      });
    }
  });

  it("runs two leader-elected, locked-down operator replicas with probes on the health port", () => {
    const deployment = findObject(objects, "Deployment", "komposer", ns);
    expect(replicas(deployment)).toBe(2);
    const spec = podSpec(deployment);
    expect(spec.serviceAccountName).toBe("komposer");
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    const [operator] = spec.containers;
    expect(spec.containers).toHaveLength(1);
    expect(operator!.image).toBe("ghcr.io/orkspace/komposer:0.1.0");
    expect(operator!.args).toEqual([
      "--leader-elect",
      `--leader-election-namespace=${ns}`,
      "--workers=16",
      "--log-level=info",
      "--health-address=0.0.0.0:8081",
    ]);
    expect(operator!.securityContext).toEqual({ ...restrictedContainer, runAsGroup: 65532 });
    expect(operator!.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(operator!.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(operator!.ports).toEqual([{ name: "http", containerPort: 8081, protocol: "TCP" }]);
    expect(operator!.resources?.requests).toEqual({ cpu: "50m", memory: "128Mi" });
    expect(operator!.resources?.limits).toEqual({ memory: "512Mi" });
    expect(operator!.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(operator!.env).toContainEqual({ name: "NODE_OPTIONS", value: "--max-old-space-size=192" });
  });

  it("grants escalate and bind on ClusterRoles (no ceiling) and get-only Secrets cluster-wide", () => {
    const role = findObject(objects, "ClusterRole", `komposer-${ns}`);
    expect(verbsFor(role, "rbac.authorization.k8s.io", "clusterroles")).toEqual(
      ["bind", "create", "delete", "escalate", "get", "list", "patch", "update", "watch"].sort(),
    );
    expect(verbsFor(role, "", "secrets")).toEqual(["get"]);
    expect(verbsFor(role, "apps", "deployments")).toEqual(["get", "list", "patch", "watch"]);
    expect(verbsFor(role, "orkestra.orkspace.io", "komposers/status")).toEqual(["get", "patch", "update"]);
    const lease = findObject(objects, "Role", "komposer-leader-election", ns);
    expect(verbsFor(lease, "coordination.k8s.io", "leases")).toEqual(["create", "get", "update"]);
  });

  it("exposes /metrics through a Service on the metrics port", () => {
    const service = findObject(objects, "Service", "komposer-metrics", ns);
    expect(service.spec).toMatchObject({
      type: "ClusterIP",
      ports: [{ name: "metrics", port: 8080, targetPort: "http", protocol: "TCP" }],
      selector: { "app.kubernetes.io/name": "komposer", "app.kubernetes.io/component": "operator" },
    });
  });

  it("is accepted by the real API server (server-side dry run)", async () => {
    const out = await applyDryRun(text);
    expect(out).toContain(`deployment.apps/komposer serverside-applied (server dry run)`);
    expect(out).toContain(
      `clusterrole.rbac.authorization.k8s.io/komposer-${ns} serverside-applied (server dry run)`,
    );
  });
});

describe("helm template with non-default values", () => {
  let ns: string;
  let watched: string;
  let teamNs: string;
  let text: string;
  let objects: K8sObject[];

  beforeAll(async () => {
    [ns, watched, teamNs] = await Promise.all([
      createTestNamespace("chart-custom"),
      createTestNamespace("chart-watched"),
      createTestNamespace("chart-team"),
    ]);
    text = await renderChart({
      release: "platform",
      namespace: ns,
      includeCrds: true,
      values: {
        replicaCount: 3,
        image: { repository: "registry.example.com/komposer", tag: "1.2.3", pullPolicy: "Always" },
        imagePullSecrets: ["regcred"],
        rbacCeiling: "orkestra-ceiling",
        allowedRegistries: ["ghcr.io/myorg", "registry.example.com:5000/katalogs"],
        watchNamespace: watched,
        workers: 8,
        heapLimitMiB: null,
        logLevel: "debug",
        port: 9091,
        registryConfigSecret: "komposer-registry",
        rbac: { pullSecretNamespaces: [watched, teamNs] },
        nodeSelector: { "kubernetes.io/os": "linux" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "platform", effect: "NoSchedule" }],
        podAnnotations: { "prometheus.io/scrape": "true" },
        runtime: { enabled: true, replicas: 2 },
      },
    });
    objects = parseManifests(text);
  });

  it("passes every flag to the operator", () => {
    const deployment = findObject(objects, "Deployment", "platform-komposer", ns);
    expect(replicas(deployment)).toBe(3);
    const spec = podSpec(deployment);
    const operator = spec.containers[0]!;
    expect(operator.image).toBe("registry.example.com/komposer:1.2.3");
    expect(operator.imagePullPolicy).toBe("Always");
    expect(operator.args).toEqual([
      "--leader-elect",
      `--leader-election-namespace=${ns}`,
      "--allowed-registries=ghcr.io/myorg,registry.example.com:5000/katalogs",
      "--rbac-ceiling=orkestra-ceiling",
      `--namespace=${watched}`,
      "--workers=8",
      "--log-level=debug",
      "--health-address=0.0.0.0:9091",
      "--registry-config=/etc/komposer/docker/config.json",
    ]);
    expect(operator.ports).toEqual([{ name: "http", containerPort: 9091, protocol: "TCP" }]);
    expect(operator.env?.map((variable) => variable.name)).not.toContain("NODE_OPTIONS");
    expect(spec.imagePullSecrets).toEqual([{ name: "regcred" }]);
    expect(spec.nodeSelector).toEqual({ "kubernetes.io/os": "linux" });
    expect(spec.tolerations).toHaveLength(1);
    expect(spec.volumes).toContainEqual({
      name: "docker-config",
      secret: { secretName: "komposer-registry", items: [{ key: ".dockerconfigjson", path: "config.json" }] },
    });
    const template = (deployment.spec as { template: { metadata: { annotations?: Record<string, string> } } })
      .template;
    expect(template.metadata.annotations).toEqual({ "prometheus.io/scrape": "true" });
  });

  it("binds the operator to the ceiling instead of granting escalate and bind", () => {
    const role = findObject(objects, "ClusterRole", `platform-komposer-${ns}`);
    expect(verbsFor(role, "rbac.authorization.k8s.io", "clusterroles")).not.toContain("escalate");
    expect(verbsFor(role, "rbac.authorization.k8s.io", "clusterroles")).not.toContain("bind");
    const ceiling = findObject(objects, "ClusterRoleBinding", `platform-komposer-${ns}-ceiling`);
    expect(ceiling.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "orkestra-ceiling",
    });
  });

  it("scopes the namespaced rules to the watch namespace and Secrets to the listed namespaces", () => {
    const cluster = findObject(objects, "ClusterRole", `platform-komposer-${ns}`);
    expect(verbsFor(cluster, "", "configmaps")).toEqual([]);
    expect(verbsFor(cluster, "", "secrets")).toEqual([]);
    const watchedRole = findObject(objects, "Role", "platform-komposer", watched);
    expect(verbsFor(watchedRole, "", "configmaps")).toContain("create");
    expect(verbsFor(watchedRole, "", "secrets")).toEqual([]);
    for (const secretsNs of [watched, teamNs]) {
      const role = findObject(objects, "Role", "platform-komposer-pull-secrets", secretsNs);
      expect(rules(role)).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]);
      findObject(objects, "RoleBinding", "platform-komposer-pull-secrets", secretsNs);
    }
  });

  it("adds the Orkestra runtime, mounting the active bundle read-only as ServiceAccount orkestra", () => {
    const runtime = findObject(objects, "Deployment", "orkestra-runtime", ns);
    expect(replicas(runtime)).toBe(2);
    expect(runtime.metadata.labels).toMatchObject({
      "app.kubernetes.io/name": "orkestra",
      "app.kubernetes.io/instance": "platform",
      "app.kubernetes.io/component": "runtime",
      "app.kubernetes.io/managed-by": "Helm",
    });
    // The runtime release, for the Komposer's spec.runtime.version (its schema generation decides the layout).
    expect(runtime.metadata.annotations).toMatchObject({ "orkestra.orkspace.io/runtime-version": "0.7.18" });
    const spec = podSpec(runtime);
    expect(spec.serviceAccountName).toBe("orkestra");
    const container = spec.containers[0]!;
    expect(container.image).toBe("ghcr.io/orkspace/orkestra:v0.7.18");
    expect(container.args).toEqual(["run", "--file", "/etc/orkestra/katalog/katalog.yaml"]);
    expect(container.securityContext).toMatchObject(restrictedContainer);
    expect(container.volumeMounts).toContainEqual({
      name: "katalog",
      mountPath: "/etc/orkestra/katalog",
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({ name: "katalog", configMap: { name: "orkestra-katalog" } });
    // Different selectors: neither Deployment may adopt the other's pods.
    const operator = findObject(objects, "Deployment", "platform-komposer", ns);
    expect((runtime.spec as { selector: unknown }).selector).not.toEqual(
      (operator.spec as { selector: unknown }).selector,
    );
  });

  it("is accepted by the real API server (server-side dry run)", async () => {
    const out = await applyDryRun(text);
    expect(out).toContain("deployment.apps/orkestra-runtime serverside-applied (server dry run)");
    expect(out).toContain(
      `role.rbac.authorization.k8s.io/platform-komposer-pull-secrets serverside-applied (server dry run)`,
    );
  });
});
