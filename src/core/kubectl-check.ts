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
import { isPlainObject } from "./field-path.js";

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
    // Own keys only: metadata.constructor must not find Object as "its annotation".
    const annotations = MetadataAnnotation as Record<string, string>;
    const annotation = Object.hasOwn(annotations, key) ? annotations[key] : undefined;
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
  problems.push(...droppedNulls(parsed));
  return problems;
}

/**
 * Every `null` in the file: kubectl's client-side apply sends the file as a JSON merge patch, where `null`
 * means "no such field", so the API server never stores it. Inside `spec.crds.<key>` a null is a removal
 * that the operator would then never see (the CLI would apply it): name the `remove` spelling that survives.
 */
function droppedNulls(parsed: ParsedDocument): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (value === null) {
      problems.push(problemAt(parsed, path, nullAdvice(path)));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(parsed.document, []);
  return problems;
}

function nullAdvice(path: readonly (string | number)[]): string {
  const drop = "kubectl apply drops this null before the API server sees it";
  const [spec, crds, key, ...field] = path;
  if (spec === "spec" && crds === "crds" && typeof key === "string" && field.length > 0) {
    const dotted = field.every((s) => typeof s === "string") ? field.join(".") : undefined;
    if (dotted !== undefined)
      return (
        `${drop}, so the operator would keep ${dotted} while ork generate bundle removes it; write ` +
        `\`remove: [${dotted}]\` under spec.crds.${key} instead (it works with ork and every apply path)`
      );
  }
  return `${drop}; leave the field out instead (a null here means the same as no field)`;
}
