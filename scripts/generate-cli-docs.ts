// Writes docs/cli.md from the CLI's help text (npm run generate:cli-docs).
import { writeFileSync } from "node:fs";
import { renderCliReference } from "./help-doc.js";

writeFileSync("docs/cli.md", await renderCliReference());
process.stdout.write("wrote docs/cli.md\n");
