// The CRD as the YAML file committed under crds/ (and copied into the Helm chart).
import { stringify } from "yaml";
import { buildKomposerCrd, KOMPOSER_CRD_NAME } from "../src/api/komposer-crd.js";

export const CRD_FILE = `crds/${KOMPOSER_CRD_NAME}.yaml`;

export function renderCrdYaml(): string {
  return `# Generated from src/api by \`npm run generate:crd\`; do not edit.\n${stringify(buildKomposerCrd(), { lineWidth: 0 })}`;
}
