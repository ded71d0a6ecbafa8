// A scratch folder that resolves the embedded example katalogs offline: a copy of examples/registry (the OCI
// image layout) and examples/.ork/config.yaml (ghcr.io → that layout), plus whatever komposer the test writes.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const EXAMPLES = fileURLToPath(new URL("../../examples", import.meta.url));

export const WEBAPP_REF = "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0";
export const REDIS_REF = "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/redis:v7.2.0";
export const POSTGRES_REF = "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0";

export function offlineFolder(parent: string, name: string): string {
  const dir = mkdtempSync(join(parent, `${name}-`));
  cpSync(join(EXAMPLES, "registry"), join(dir, "registry"), { recursive: true });
  mkdirSync(join(dir, ".ork"));
  cpSync(join(EXAMPLES, ".ork", "config.yaml"), join(dir, ".ork", "config.yaml"));
  return dir;
}

/** A Komposer importing `refs`, with `crds` (YAML, indented under spec.crds) as inline overrides. */
export function komposerText(name: string, refs: readonly string[], crds = ""): string {
  return [
    "apiVersion: orkestra.orkspace.io/v1",
    "kind: Komposer",
    `metadata: {name: ${name}}`,
    "imports:",
    "  registry:",
    ...refs.map((r) => `    - ${r}`),
    ...(crds ? ["spec:", "  crds:", ...crds.split("\n").map((l) => `    ${l}`)] : []),
    "",
  ].join("\n");
}

export function writeKomposer(dir: string, text: string, file = "komposer.yaml"): string {
  writeFileSync(join(dir, file), text);
  return file;
}
