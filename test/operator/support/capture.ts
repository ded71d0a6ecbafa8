// Writes real Komposer objects observed in the e2e run to test/argocd/fixtures/captured-*.json, so the
// Argo CD health tests assess what the operator actually writes rather than hand-made status. Refresh them with
// `CAPTURE_FIXTURES=1 npm test` after a change to the operator's status.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { KomposerJson } from "./cluster.js";

const DIR = fileURLToPath(new URL("../../argocd/fixtures/", import.meta.url));

export type CapturedState = "ready" | "restart-pending" | "stalled" | "transient";

/**
 * Only with CAPTURE_FIXTURES=1: a normal test run never rewrites files in the source tree (the committed
 * captures stay stable, and the health test does not race the e2e run that would rewrite them).
 */
export function captureKomposer(state: CapturedState, komposer: KomposerJson): void {
  if (process.env.CAPTURE_FIXTURES !== "1") return;
  mkdirSync(DIR, { recursive: true });
  const object = {
    apiVersion: "orkestra.orkspace.io/v1",
    kind: "Komposer",
    metadata: {
      name: komposer.metadata.name,
      namespace: komposer.metadata.namespace,
      generation: komposer.metadata.generation,
    },
    spec: komposer.spec,
    status: komposer.status,
  };
  writeFileSync(`${DIR}captured-${state}.json`, `${JSON.stringify(object, null, 2)}\n`);
}
