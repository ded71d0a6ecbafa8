// Revision ConfigMaps (docs/reference/operator.md#revisions): one immutable ConfigMap per distinct bundle,
// named by its digest, owned by the Komposer. The same `katalog.yaml` as the bundle's ConfigMap, so
// activation is a copy and a rollback finds the old bytes in the cluster without asking a registry.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { KubeObject } from "../../api/effective.js";
import {
  BUNDLE_LABELS,
  BundleAnnotation,
  KATALOG_CONFIGMAP_KEY,
  KATALOG_CONFIGMAP_NAME,
} from "../../core/bundle-objects.js";
import type { PolicyRule } from "../../core/rbac-rules.js";
import { REVISION_LABEL, RevisionAnnotation, revisionLabels } from "./komposer-object.js";

export interface RevisionConfigMap extends KubernetesObject {
  immutable?: boolean;
  data?: Record<string, string>;
}

export interface RevisionInput {
  name: string;
  namespace: string;
  digest: string;
  rules: readonly PolicyRule[];
  bundleConfigMap: KubeObject;
  owner: Record<string, unknown>;
  createdAt: string;
}

export function revisionObject(input: RevisionInput): RevisionConfigMap {
  const data = (input.bundleConfigMap as KubeObject & { data?: Record<string, string> }).data ?? {};
  const source = input.bundleConfigMap.metadata.annotations?.[BundleAnnotation.source];
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: revisionLabels(),
      annotations: {
        [BundleAnnotation.digest]: input.digest,
        ...(source === undefined ? {} : { [BundleAnnotation.source]: source }),
        [RevisionAnnotation.createdAt]: input.createdAt,
        [RevisionAnnotation.rules]: JSON.stringify(input.rules),
      },
      ownerReferences: [input.owner as never],
    },
    immutable: true,
    data: { [KATALOG_CONFIGMAP_KEY]: data[KATALOG_CONFIGMAP_KEY] ?? "" },
  };
}

export const REVISION_SELECTOR = `${REVISION_LABEL}=true`;

/** Revisions to delete: all but the newest `keep`, never one of `protect` (active, desired). */
export function revisionsToDelete(
  revisions: readonly RevisionConfigMap[],
  keep: number,
  protect: ReadonlySet<string>,
): string[] {
  const created = (r: RevisionConfigMap): string =>
    r.metadata?.annotations?.[RevisionAnnotation.createdAt] ?? String(r.metadata?.creationTimestamp ?? "");
  const newestFirst = [...revisions].sort((a, b) =>
    created(a) < created(b) ? 1 : created(a) > created(b) ? -1 : 0,
  );
  return newestFirst
    .slice(keep)
    .map((r) => r.metadata?.name ?? "")
    .filter((name) => name !== "" && !protect.has(name));
}

export function rulesOfRevision(revision: RevisionConfigMap | undefined): PolicyRule[] | undefined {
  const text = revision?.metadata?.annotations?.[RevisionAnnotation.rules];
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as PolicyRule[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The active ConfigMap `orkestra-katalog` as activation wrote it, rebuilt from the active revision: the same
 * data, labels and annotations, so restoring it puts back exactly what was approved.
 */
export function activeConfigMapFromRevision(
  revision: RevisionConfigMap,
  owner: Record<string, unknown>,
): RevisionConfigMap {
  const annotations = revision.metadata?.annotations ?? {};
  const keep = Object.values(BundleAnnotation).filter((key) => annotations[key] !== undefined);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: KATALOG_CONFIGMAP_NAME,
      ...(revision.metadata?.namespace ? { namespace: revision.metadata.namespace } : {}),
      labels: { ...BUNDLE_LABELS },
      annotations: Object.fromEntries(keep.map((key) => [key, annotations[key] as string])),
      ownerReferences: [owner as never],
    },
    data: { ...(revision.data ?? {}) },
  };
}

/** Whether the live active ConfigMap is missing or its data is not the active bundle's (a hand edit). */
export function activeConfigMapDrifted(
  live: RevisionConfigMap | undefined,
  activeData: Readonly<Record<string, string>>,
): boolean {
  if (!live) return true;
  const data = live.data ?? {};
  const keys = new Set([...Object.keys(data), ...Object.keys(activeData)]);
  return [...keys].some((key) => data[key] !== activeData[key]);
}
