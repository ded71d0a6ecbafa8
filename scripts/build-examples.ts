// Publishes examples/katalogs/* into the OCI image layout examples/registry, under the references that
// examples/pattern-zoo/komposer.yaml imports. The layout is committed so the demo runs offline;
// test/examples/examples.test.ts fails when it is out of date. Run: npm run build:examples
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXAMPLE_ARTIFACTS, EXAMPLE_CREATED } from "../src/cli/example-pack.js";
import { parseReference } from "../src/core/reference.js";
import { pushArtifact, readPatternDirectory } from "../src/oci/index.js";

export async function buildExampleLayout(examplesDir: string, layoutDir: string): Promise<string[]> {
  const mirrors = new Map([["ghcr.io", { kind: "layout" as const, path: layoutDir }]]);
  const digests: string[] = [];
  // Sequential, in a fixed order: index.json lists manifests in push order, and the layout must be byte-stable.
  for (const artifact of EXAMPLE_ARTIFACTS) {
    const files = await readPatternDirectory(join(examplesDir, "katalogs", artifact.dir));
    const pushed = await pushArtifact(parseReference(artifact.ref), files, {
      env: {},
      mirrors,
      created: EXAMPLE_CREATED,
    });
    digests.push(`${pushed.ref} ${pushed.digest}`);
  }
  return digests;
}

if (process.argv[1] && resolve(process.argv[1]).endsWith("build-examples.ts")) {
  const examples = resolve("examples");
  rmSync(join(examples, "registry"), { recursive: true, force: true });
  for (const line of await buildExampleLayout(examples, join(examples, "registry")))
    process.stdout.write(`${line}\n`);
}
