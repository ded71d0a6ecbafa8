// The Komposer as the controller reads it from the API server, plus the names and labels the operator puts
// on what it generates. Only metadata the reconcile needs is typed; spec and imports are validated by the
// core's zod schemas inside composeBundle, never trusted from this shape.
import type { KubernetesObject } from "@kubernetes/client-node";
import { KOMPOSER_GROUP, KOMPOSER_PLURAL, KOMPOSER_VERSION } from "../../api/komposer-crd.js";
import type { KomposerStatus } from "../../api/komposer-status.js";
import { BUNDLE_LABELS } from "../../core/bundle-objects.js";
import type { CustomResourceRef } from "../../kube/client.js";

export const KOMPOSER_API_VERSION = `${KOMPOSER_GROUP}/${KOMPOSER_VERSION}`;
export const KOMPOSER_KIND = "Komposer";
export const FINALIZER = "komposer.orkestra.orkspace.io/finalizer";

/** Marks revision ConfigMaps, so history pruning lists exactly those. */
export const REVISION_LABEL = "komposer.orkestra.orkspace.io/revision";

export const RevisionAnnotation = {
  createdAt: "komposer.orkestra.orkspace.io/created-at",
  /** The bundle's ClusterRole rules (JSON), so pruning knows the active rules without re-resolving. */
  rules: "komposer.orkestra.orkspace.io/rbac-rules",
} as const;

/** Pod template annotations that roll the runtime on activation (like `kubectl rollout restart`). */
export const RuntimeAnnotation = {
  restartToken: "orkestra.orkspace.io/restart-token",
  bundleDigest: "orkestra.orkspace.io/bundle-digest",
} as const;

/**
 * Revisions carry the bundle labels except deletion protection
 * (docs/reference/bundle.md#labels-and-annotations): pruning old revisions must never be blocked by the
 * upstream gateway's webhooks.
 */
export function revisionLabels(): Record<string, string> {
  const { "orkestra.io/deletion-protection": _protected, ...rest } = BUNDLE_LABELS;
  return { ...rest, [REVISION_LABEL]: "true" };
}

export interface KomposerMetadata {
  name: string;
  namespace: string;
  uid: string;
  generation?: number;
  resourceVersion?: string;
  // Typed as client-node types them; the JSON client actually returns RFC 3339 strings (handled below).
  creationTimestamp?: Date;
  deletionTimestamp?: Date;
  finalizers?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface KomposerObject extends KubernetesObject {
  metadata: KomposerMetadata;
  imports?: unknown;
  spec?: Record<string, unknown>;
  status?: KomposerStatus;
}

export function komposerRef(namespace: string, name: string): CustomResourceRef {
  return { apiVersion: KOMPOSER_API_VERSION, kind: KOMPOSER_KIND, plural: KOMPOSER_PLURAL, namespace, name };
}

/** Makes the Komposer the controller owner, so kube-controller-manager collects its namespaced children. */
export function ownerReference(komposer: KomposerObject): Record<string, unknown> {
  return {
    apiVersion: KOMPOSER_API_VERSION,
    kind: KOMPOSER_KIND,
    name: komposer.metadata.name,
    uid: komposer.metadata.uid,
    controller: true,
  };
}

export function involvedObject(komposer: KomposerObject) {
  return {
    apiVersion: KOMPOSER_API_VERSION,
    kind: KOMPOSER_KIND,
    name: komposer.metadata.name,
    namespace: komposer.metadata.namespace,
    uid: komposer.metadata.uid,
  };
}

export function isDeleting(komposer: KomposerObject): boolean {
  return komposer.metadata.deletionTimestamp !== undefined && komposer.metadata.deletionTimestamp !== null;
}

/** Oldest first by creationTimestamp, then name: the order that decides who owns a namespace. */
export function compareByAge(a: KomposerObject, b: KomposerObject): number {
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function timeOf(value: Date | string | undefined): number {
  if (value === undefined) return Number.MAX_SAFE_INTEGER;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}
