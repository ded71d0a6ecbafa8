// The embedded example: five katalogs of the pattern zoo, shipped as an OCI image layout in examples/registry
// (see scripts/build-examples.ts) and used by `npm run demo` and `ork init --pack registry-guide`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/cli/example-pack.js and src/cli/example-pack.ts both sit two levels below the package root. */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");

/** A fixed creation time keeps the example artifacts (and so their digests) reproducible. */
export const EXAMPLE_CREATED = "2026-11-24T00:00:00Z";

export const EXAMPLE_ARTIFACTS = [
  { dir: "webapp-operator", ref: "oci://ghcr.io/myorg/katalogs/webapp-operator:v1.0.0" },
  { dir: "cache-operator", ref: "oci://ghcr.io/myorg/katalogs/cache-operator:v1.0.0" },
  { dir: "postgres", ref: "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/postgres:v1.0.0" },
  { dir: "kafka", ref: "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/kafka:v3.6.0" },
  { dir: "redis", ref: "oci://ghcr.io/orkspace/orkestra-registry/patterns/katalogs/redis:v7.2.0" },
] as const;
