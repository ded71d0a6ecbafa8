// The registry artifacts a resolution used: what the CLI writes to komposer.lock and the operator reports in
// status.resolved (docs/reference/resolution.md#lock-file, docs/reference/operator.md#status), with the
// quality signals users inspected before importing.
import { compareKeys } from "./canonical-yaml.js";
import { parseQualitySignals, type QualitySignals } from "./signals.js";

export interface ResolvedImport {
  /** `oci://host/repo:tag` as imported (the komposer.lock key). */
  ref: string;
  digest: string;
  kind: "Katalog" | "Komposer";
  /** CRD keys the artifact provides (for a pack: after its own overrides), sorted. */
  crds: string[];
  annotations: Readonly<Record<string, string>>;
  signals: QualitySignals;
}

export class ResolvedImports {
  private readonly byKey = new Map<string, ResolvedImport>();

  add(entry: Omit<ResolvedImport, "signals">): void {
    const key = `${entry.ref} ${entry.kind}`;
    if (this.byKey.has(key)) return;
    this.byKey.set(key, {
      ...entry,
      crds: [...entry.crds].sort(),
      signals: parseQualitySignals(entry.annotations),
    });
  }

  /** Sorted by reference, then kind: stable whatever order the fetches finished in. */
  list(): ResolvedImport[] {
    return [...this.byKey.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, v]) => v);
  }
}
