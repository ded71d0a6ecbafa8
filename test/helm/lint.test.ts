// The chart passes the real `helm lint` (also --strict), values.schema.json refuses bad values before anything
// is rendered, and the chart's CRD copy is the generated one.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR, REPO_ROOT, kubeVersion, runHelm, templateArgs, writeValues } from "./chart.js";

const nonDefaultValues = {
  replicaCount: 3,
  rbacCeiling: "orkestra-ceiling",
  allowedRegistries: ["ghcr.io/myorg", "registry.example.com:5000/katalogs"],
  watchNamespace: "platform",
  workers: 8,
  logLevel: "debug",
  port: 9091,
  imagePullSecrets: ["regcred"],
  registryConfigSecret: "komposer-registry",
  rbac: { pullSecretNamespaces: ["platform", "team-a"] },
  nodeSelector: { "kubernetes.io/os": "linux" },
  tolerations: [{ key: "dedicated", operator: "Equal", value: "platform", effect: "NoSchedule" }],
  podAnnotations: { "prometheus.io/scrape": "true" },
  runtime: { enabled: true, replicas: 2 },
};

/** Lint output lines that are not purely informational. */
function complaints(output: string): string[] {
  return output.split("\n").filter((line) => /\[(WARNING|ERROR)\]/.test(line));
}

describe("helm lint", () => {
  it.each([
    ["default values", [] as string[]],
    ["default values, --strict", ["--strict"]],
    ["non-default values, --strict", ["--strict", "-f", "NON_DEFAULT"]],
  ])("passes with %s", async (_label, extra) => {
    const args = extra.map((a) => (a === "NON_DEFAULT" ? writeValues(nonDefaultValues) : a));
    const result = await runHelm(["lint", CHART_DIR, "--kube-version", await kubeVersion(), ...args]);
    expect(complaints(result.stdout + result.stderr)).toEqual([]);
    expect(result.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    expect(result.code).toBe(0);
  });
});

describe("values.schema.json", () => {
  // Each bad value, and the JSON pointer helm's schema validation reports for it.
  const badValues: [string, Record<string, unknown>, RegExp][] = [
    ["a misspelt top-level key", { replicaCont: 2 }, /additional properties 'replicaCont' not allowed/],
    ["replicas as a string", { replicaCount: "two" }, /\/replicaCount/],
    ["workers out of range", { workers: 0 }, /\/workers/],
    ["too many workers", { workers: 65 }, /\/workers/],
    ["an unknown log level", { logLevel: "verbose" }, /\/logLevel/],
    ["a registry with a scheme", { allowedRegistries: ["https://ghcr.io/myorg"] }, /\/allowedRegistries\/0/],
    ["a port out of range", { port: 70000 }, /\/port/],
    [
      "an unknown pull policy",
      { image: { repository: "x/y", pullPolicy: "Sometimes" } },
      /\/image\/pullPolicy/,
    ],
    ["an invalid watch namespace", { watchNamespace: "Not_A_Namespace" }, /\/watchNamespace/],
    // The error names what to change: replicaCount must be 1 when leaderElect is false.
    [
      "two replicas without leader election",
      { replicaCount: 2, leaderElect: false },
      /\/replicaCount': value must be 1/,
    ],
    ["a misspelt runtime key", { runtime: { enable: true } }, /additional properties 'enable' not allowed/],
  ];

  it.each(badValues)("rejects %s", async (_label, values, reported) => {
    const result = await runHelm(templateArgs({ namespace: "orkestra-system", values }, await kubeVersion()));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(result.stderr).toMatch(reported);
  });

  it("accepts the non-default values the other tests use", async () => {
    const result = await runHelm(
      templateArgs({ namespace: "orkestra-system", values: nonDefaultValues }, await kubeVersion()),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("the chart's CRD", () => {
  const chartCopy = join(CHART_DIR, "crds", "komposers.orkestra.orkspace.io.yaml");
  const generated = join(REPO_ROOT, "crds", "komposers.orkestra.orkspace.io.yaml");

  it("is byte-identical to the generated CRD (copy crds/*.yaml into helm/crds/ when it changes)", async () => {
    const copy = readFileSync(chartCopy, "utf8");
    if (existsSync(generated)) {
      expect(copy).toBe(readFileSync(generated, "utf8"));
    } else {
      // Until crds/ is committed, compare with what the generator in src/api renders right now.
      const { renderCrdYaml } = (await import("../../scripts/komposer-crd-yaml.js")) as {
        renderCrdYaml: () => string;
      };
      expect(copy).toBe(renderCrdYaml());
    }
  });
});
