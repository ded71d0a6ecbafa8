// `ork validate --for-kubectl` (docs/reference/documents.md#files-meant-for-kubectl-apply): can this file be
// applied as-is with `kubectl apply`? kubectl's default strict field validation rejects fields the Komposer
// CRD does not declare — notably upstream's metadata.version/description/author, which belong in annotations
// for applied files.
import { KomposerImportsSchema, KomposerSpecSchema } from "../api/komposer.js";
import { MetadataAnnotation } from "../api/metadata.js";
import type { Problem } from "./errors.js";
import type { ParsedDocument } from "./parse-document.js";
import { OBJECT_META_FIELDS } from "./object-meta.js";
import { problemAt } from "./schema-problems.js";

const TOP_LEVEL = new Set(["apiVersion", "kind", "metadata", "imports", "spec", "status"]);

/** Problems that would make `kubectl apply` refuse the document; empty when it applies as-is. */
export function kubectlProblems(parsed: ParsedDocument): Problem[] {
  const at = (path: string[], message: string) => problemAt(parsed, path, message);
  if (parsed.kind !== "Komposer") {
    return [at(["kind"], "only a Komposer can be applied with kubectl; a Katalog is imported by a Komposer")];
  }
  const doc = parsed.document;
  const problems: Problem[] = [];
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key))
      problems.push(at([key], `the Komposer CRD has no top-level ${key}; kubectl rejects it`));
  }
  for (const key of Object.keys(doc.metadata)) {
    if (OBJECT_META_FIELDS.has(key)) continue;
    const annotation = (MetadataAnnotation as Record<string, string>)[key];
    const fix = annotation ? `move it to annotation ${annotation}` : "remove it from files meant for kubectl";
    problems.push(at(["metadata", key], `Kubernetes metadata has no ${key}; ${fix}`));
  }
  const known = (shape: object) => new Set(Object.keys(shape));
  const specKeys = known(KomposerSpecSchema.shape);
  for (const key of Object.keys(doc.spec ?? {})) {
    if (!specKeys.has(key))
      problems.push(at(["spec", key], `the Komposer CRD has no spec.${key}; kubectl rejects it`));
  }
  const importKeys = known(KomposerImportsSchema.shape);
  for (const key of Object.keys(doc.imports ?? {})) {
    if (!importKeys.has(key))
      problems.push(at(["imports", key], `the Komposer CRD has no imports.${key}; kubectl rejects it`));
  }
  return problems;
}
