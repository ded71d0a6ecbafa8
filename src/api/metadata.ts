// Effective document metadata. Kubernetes metadata cannot carry upstream's version/description/author (strict
// field validation rejects them), so files meant for `kubectl apply` put them in annotations
// (docs/reference/documents.md#files-meant-for-kubectl-apply); the fields win when both are present.
import type { Metadata } from "./common.js";

export const MetadataAnnotation = {
  version: "orkestra.orkspace.io/version",
  description: "orkestra.orkspace.io/description",
  author: "orkestra.orkspace.io/author",
} as const;

export const DEFAULT_LOGICAL_NAMESPACE = "default";

export interface DocumentMetadata {
  name: string;
  /** Logical grouping (docs/reference/documents.md#common-to-both-kinds), default `default`. */
  namespace: string;
  version?: string;
  description?: string;
  author?: string;
  license?: string;
  tags?: readonly string[];
}

export function readDocumentMetadata(metadata: Metadata): DocumentMetadata {
  const annotations = metadata.annotations ?? {};
  const out: DocumentMetadata = {
    name: metadata.name,
    namespace: metadata.namespace ?? DEFAULT_LOGICAL_NAMESPACE,
  };
  for (const field of ["version", "description", "author"] as const) {
    const value = metadata[field] ?? annotations[MetadataAnnotation[field]];
    if (value !== undefined) out[field] = value;
  }
  if (metadata.license !== undefined) out.license = metadata.license;
  if (metadata.tags !== undefined) out.tags = metadata.tags;
  return out;
}
