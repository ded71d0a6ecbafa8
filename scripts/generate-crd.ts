// Writes crds/komposers.orkestra.orkspace.io.yaml from the zod schemas (npm run generate:crd).
import { writeFileSync } from "node:fs";
import { renderCrdYaml, CRD_FILE } from "./komposer-crd-yaml.js";

writeFileSync(CRD_FILE, renderCrdYaml());
process.stdout.write(`wrote ${CRD_FILE}\n`);
