// Checks a rendered bundle's katalog.yaml against the strict model of the generation its runtime-schema
// annotation names: what upstream's runtime decoder would refuse, listed as problems (empty: it runs).
import { parseAllDocuments } from "yaml";
import type { GenerationNumber } from "../../src/api/runtime-schema/generations.js";
import { crdEntryProblems, payloadProblems } from "../../src/core/runtime-schema/strict-problems.js";

interface BundleObject {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

export function strictPayloadProblems(bundleYaml: string): string[] {
  const objects = parseAllDocuments(bundleYaml).map((d) => d.toJS() as BundleObject);
  const configMap = objects.find((o) => o?.kind === "ConfigMap" && o.metadata?.name === "orkestra-katalog");
  if (!configMap) return ["no ConfigMap orkestra-katalog"];
  const schema = configMap.metadata?.annotations?.["komposer.orkestra.orkspace.io/runtime-schema"] ?? "";
  const generation = Number(/^generation-(\d)$/.exec(schema)?.[1]) as GenerationNumber;
  if (![1, 2, 3].includes(generation)) return [`no runtime-schema annotation (found "${schema}")`];
  const payload = parseAllDocuments(configMap.data?.["katalog.yaml"] ?? "")[0]?.toJS() as {
    spec?: { crds?: Record<string, unknown> };
  };
  const crds = payload.spec?.crds ?? {};
  const problems = [
    ...payloadProblems({ ...payload, spec: { ...payload.spec, crds: {} } }, generation, "katalog.yaml"),
    ...Object.entries(crds).flatMap(([key, entry]) =>
      crdEntryProblems(entry, generation, {
        file: "katalog.yaml",
        locate: () => undefined,
        prefix: ["spec", "crds", key],
      }),
    ),
  ];
  return problems.map((p) => `${p.path}: ${p.message}`);
}
