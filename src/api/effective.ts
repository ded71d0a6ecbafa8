// What composition produces, as opposed to what users wrote (KatalogDocument, KomposerDocument): the
// effective CRD set after imports and overrides, and the rendered bundle.
import type { CrdEntry } from "./crd-entry.js";
import type { DocumentMetadata } from "./metadata.js";
import type { GenerationNumber } from "./runtime-schema/generations.js";
import type { Move } from "./runtime-schema/moves.js";

/**
 * The Katalog a CRD entry came from; stamped onto the entry in the bundle
 * (docs/reference/bundle.md#the-katalog-configmap).
 */
export interface CrdSource {
  katalogName: string;
  katalogNamespace: string;
  katalogVersion?: string;
  katalogDescription?: string;
  /** Where it was loaded from: `oci://host/repo:tag`, a file path, or a Komposer for CRDs it adds. */
  origin: string;
  /** Content identity (artifact digest, or a hash for files): equal identities are the same source. */
  identity: string;
}

export interface EffectiveCrd {
  key: string;
  /**
   * The merged entry in the newest generation's layout: every entry is converted to it on import (and every
   * override before it is merged), then converted to the target generation when the payload is rendered.
   */
  entry: CrdEntry;
  /** The runtime generations the entry was written in, as imported (several when it fits several). */
  written: readonly GenerationNumber[];
  /** Moves applied to bring what was written to the newest layout (imported entry and overrides). */
  moves: readonly Move[];
  source: CrdSource;
  /** The import chain that brought it in, from the root document down to its source. */
  via: readonly string[];
}

export interface EffectiveKatalog {
  /** Metadata of the root document (the first, when several were given). */
  metadata: DocumentMetadata;
  /** Names of the root documents, for the bundle's source annotation. */
  sources: readonly string[];
  /** All CRDs, enabled or not, sorted by key. */
  crds: readonly EffectiveCrd[];
  /** Merged top-level blocks (security, gateway, …). */
  blocks: Readonly<Record<string, unknown>>;
}

/** A Kubernetes object as plain data. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface Bundle {
  namespace: string;
  /** In bundle order (docs/reference/bundle.md#objects); the Namespace first when included. */
  objects: readonly KubeObject[];
  /** Canonical multi-document YAML, `---` before every document. */
  yaml: string;
  /** `sha256:<hex>` of the canonical bundle without the digest annotation (and without the Namespace). */
  digest: string;
}
