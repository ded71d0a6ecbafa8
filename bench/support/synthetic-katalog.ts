// A synthetic katalog with `crds` CRDs of its own (distinct groups and kinds), so any number of them compose
// into one bundle without conflicts: the shape the pull and generate benchmarks import by the hundred.
import type { PatternFile } from "../../src/oci/index.js";
import { komposerText } from "../../test/cli/offline-example.js";

export const CRDS_PER_KATALOG = 5;

export function syntheticKatalog(index: number, crds = CRDS_PER_KATALOG): PatternFile[] {
  const name = `synthetic-${index}`;
  const entries = Array.from({ length: crds }, (_, c) => {
    const kind = `Thing${index}x${c}`;
    return [
      `    thing-${index}-${c}:`,
      `      description: CRD ${c} of katalog ${index}`,
      `      apiTypes: {group: k${index}.bench.example.io, version: v1, kind: ${kind}, plural: ${kind.toLowerCase()}s}`,
      "      workers: 2",
      "      resync: 60s",
      "      operatorBox:",
      "        onCreate:",
      `          ${["deployments", "services", "configMaps", "jobs", "secrets"][c % 5]}: [{name: "{{ .metadata.name }}"}]`,
    ].join("\n");
  });
  const text = [
    "apiVersion: orkestra.orkspace.io/v1",
    "kind: Katalog",
    `metadata: {name: ${name}, version: v1.0.0}`,
    "spec:",
    "  crds:",
    ...entries,
    "",
  ].join("\n");
  return [{ name: "katalog.yaml", bytes: new TextEncoder().encode(text) }];
}

/** A Komposer importing every reference (`oci://host/repo:tag`): the same text the CLI tests write. */
export function komposerImporting(name: string, refs: readonly string[]): string {
  return komposerText(name, refs);
}
