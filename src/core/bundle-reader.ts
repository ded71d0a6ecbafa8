// Reads a rendered bundle back (an earlier `ork generate bundle` output, or the active ConfigMap's content):
// its digest, the merged Katalog's CRDs and other blocks, and the ClusterRole's grants. Used by `ork plan`.
import { LineCounter, parseAllDocuments } from "yaml";
import type { KubeObject } from "../api/effective.js";
import { BundleAnnotation, KATALOG_CONFIGMAP_KEY, KATALOG_CONFIGMAP_NAME } from "./bundle-objects.js";
import { InvalidInputError } from "./errors.js";
import { grantsOfRules, rulesOf, type RuleGrant } from "./rbac-rules.js";
import { isPlainObject } from "./field-path.js";
import { DEFAULT_YAML_LIMITS, parseYamlSource } from "./yaml-source.js";
import { structureProblems } from "./yaml-structure.js";

export interface RbacGrant extends RuleGrant {
  /** The ClusterRole: the runtime's `orkestra-<ns>` or the gateway's `orkestra-gateway-<ns>`. */
  clusterRole: string;
}

export interface BundleContent {
  digest?: string;
  crds: Record<string, unknown>;
  /** Top-level fields of the merged Katalog other than spec.crds (metadata, security, …). */
  katalog: Record<string, unknown>;
  /** Every ClusterRole's grants; undefined when the file has no ClusterRole (a bare ConfigMap). */
  grants?: RbacGrant[];
}

export function readBundle(file: string, text: string): BundleContent {
  const objects = readObjects(file, text);
  const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === KATALOG_CONFIGMAP_NAME);
  const data = configMap?.data;
  const katalogText = isPlainObject(data) ? data[KATALOG_CONFIGMAP_KEY] : undefined;
  if (configMap === undefined || typeof katalogText !== "string") {
    throw invalid(
      file,
      `no ConfigMap ${KATALOG_CONFIGMAP_NAME} with key ${KATALOG_CONFIGMAP_KEY}; pass a bundle written by \`ork generate bundle\``,
    );
  }
  const read = parseYamlSource(`${file} (ConfigMap ${KATALOG_CONFIGMAP_NAME})`, katalogText);
  if (!read.ok) throw new InvalidInputError("InvalidBundle", read.problems);
  const katalog = isPlainObject(read.source.value) ? read.source.value : {};
  const spec = isPlainObject(katalog.spec) ? katalog.spec : {};
  const crds = isPlainObject(spec.crds) ? spec.crds : {};
  const { spec: _spec, ...rest } = katalog;
  const otherSpec = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== "crds"));
  const digest = configMap.metadata.annotations?.[BundleAnnotation.digest];
  return {
    ...(digest === undefined ? {} : { digest }),
    crds,
    katalog: Object.keys(otherSpec).length > 0 ? { ...rest, spec: otherSpec } : rest,
    ...grantsOf(objects.filter((o) => o.kind === "ClusterRole")),
  };
}

function readObjects(file: string, text: string): KubeObject[] {
  if (new TextEncoder().encode(text).length > DEFAULT_YAML_LIMITS.maxBytes)
    throw invalid(file, "file is too large to be a bundle");
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { uniqueKeys: false, lineCounter });
  const list = Array.isArray(documents) ? documents : [];
  const error = list.flatMap((d) => d.errors)[0];
  if (error) throw invalid(file, `YAML syntax error: ${error.message.split("\n")[0] ?? ""}`);
  const problems = list.flatMap((d) => structureProblems(file, d, lineCounter));
  if (problems.length > 0) throw new InvalidInputError("InvalidBundle", problems);
  const objects: KubeObject[] = [];
  for (const doc of list) {
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS({ maxAliasCount: DEFAULT_YAML_LIMITS.maxAliasCount });
    // `kubectl get configmap/a clusterrole/b -o yaml` prints one List holding both.
    const items =
      isPlainObject(value) && value.kind === "List" && Array.isArray(value.items) ? value.items : [value];
    for (const item of items as unknown[]) {
      if (isPlainObject(item) && typeof item.kind === "string" && isPlainObject(item.metadata)) {
        objects.push(item as KubeObject);
      }
    }
  }
  return objects;
}

function grantsOf(roles: readonly KubeObject[]): { grants?: RbacGrant[] } {
  if (roles.length === 0) return {};
  return {
    grants: roles.flatMap((role) =>
      grantsOfRules(rulesOf(role)).map((grant) => ({ clusterRole: role.metadata.name, ...grant })),
    ),
  };
}

function invalid(file: string, message: string): InvalidInputError {
  return new InvalidInputError("InvalidBundle", [{ file, path: "", message, severity: "error" }]);
}
