// Every write the reconcile makes goes through here: read what exists, compare with what we would write,
// and write only when they differ. A steady-state resync therefore makes no API writes at all, which keeps
// 1,000 Komposers from producing a constant stream of no-op applies.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { KubeClient } from "../../kube/client.js";

type Json = unknown;

/** Deep equality on JSON data (key order ignored). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const ra = a as Record<string, Json>;
  const rb = b as Record<string, Json>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(ra[k], rb[k]));
}

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ uid?: string }>;
}

/** Whether `live` already carries everything `desired` says (metadata maps as subsets, other fields equal). */
export function alreadyMatches(desired: KubernetesObject, live: KubernetesObject | undefined): boolean {
  if (!live) return false;
  const dm = (desired.metadata ?? {}) as Meta;
  const lm = (live.metadata ?? {}) as Meta;
  const subset = (want: Record<string, string> | undefined, have: Record<string, string> | undefined) =>
    Object.entries(want ?? {}).every(([k, v]) => have?.[k] === v);
  if (!subset(dm.labels, lm.labels) || !subset(dm.annotations, lm.annotations)) return false;
  const owners = new Set((lm.ownerReferences ?? []).map((o) => o.uid));
  if (!(dm.ownerReferences ?? []).every((o) => owners.has(o.uid))) return false;
  const body = (o: KubernetesObject) => {
    const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = o as Record<string, unknown>;
    return rest;
  };
  const want = body(desired);
  const have = body(live);
  return Object.keys(want).every((k) => jsonEqual(want[k], have[k]));
}

/** Server-side applies `desired` unless the live object already matches. Returns whether it wrote. */
export async function applyIfChanged(client: KubeClient, desired: KubernetesObject): Promise<boolean> {
  const metadata = desired.metadata ?? {};
  const live = await client.get({
    apiVersion: desired.apiVersion ?? "v1",
    kind: desired.kind ?? "",
    name: metadata.name ?? "",
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
  });
  if (alreadyMatches(desired, live)) return false;
  await client.apply(desired);
  return true;
}

/** `object` with an ownerReference to the Komposer added (namespaced children are garbage-collected). */
export function withOwner<T extends KubernetesObject>(object: T, owner: Record<string, unknown>): T {
  return {
    ...object,
    metadata: { ...object.metadata, ownerReferences: [owner] },
  };
}
