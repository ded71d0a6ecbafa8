// A steady-state resync of an unchanged Komposer used to parse every katalog and render the bundle again
// only to find the same digest (a quarter of the operator's CPU in the 100-Komposer profile). Composition is
// a pure function of the Komposer document and the artifacts' bytes, and the bytes are fixed by their
// digests, so the result is kept per Komposer together with every reference it fetched (nested packs
// included) and the digest each resolved to. The next reconcile with the same document re-resolves exactly
// those references (a HEAD per tag, as before, with this namespace's credentials; nothing for a pinned
// digest) and reuses the result when every digest is unchanged. Entries are per Komposer (namespace/name
// and uid), so nothing is ever served across namespaces.
import type { KubeObject } from "../../api/effective.js";
import type { ArtifactFetcher, ArtifactReference } from "../../core/artifact.js";
import type { ComposeResult } from "../../core/compose.js";
import type { Problem } from "../../core/errors.js";
import type { ResolvedImport } from "../../core/resolve-imports.js";
import type { RuntimeTarget } from "../../core/runtime-schema/detect.js";

export interface TracedFetch {
  ref: ArtifactReference;
  digest: string;
}

/**
 * What a reconcile reads of a composition, whether fresh or kept: a fifth of a full ComposeResult's memory
 * (the bundle's YAML text, the merged blocks and the payload document are not needed after rendering).
 */
export interface ComposedBundle {
  digest: string;
  objects: readonly KubeObject[];
  resolved: ResolvedImport[];
  target: RuntimeTarget;
  /** The enabled CRD keys, sorted. */
  crdKeys: string[];
  warnings: Problem[];
}

export function composedBundle(result: ComposeResult): ComposedBundle {
  return {
    digest: result.bundle.digest,
    objects: result.bundle.objects,
    resolved: result.resolved,
    target: result.payload.target,
    crdKeys: result.effective.crds
      .filter((c) => c.entry.enabled !== false)
      .map((c) => c.key)
      .sort(),
    warnings: result.warnings,
  };
}

export interface Composition {
  uid: string;
  /** The Komposer document composition read, serialized: any change to it means a new composition. */
  input: string;
  trace: readonly TracedFetch[];
  result: ComposedBundle;
  /** When the tags of `trace` were last resolved (clock ms), the generation and the requestedAt seen then. */
  checked: TagCheck;
}

export interface TagCheck {
  at: number;
  generation: number;
  requestedAt?: string;
}

/**
 * Whether the tags must be resolved again (pure): once `spec.interval` has passed since the last check, on a
 * new generation, or when the requestedAt annotation asks for it. Otherwise the digests the last check pinned
 * are reused, so the reconciles a status write, a rollout poll or a finalizer patch cause cost no request.
 */
export function tagsDue(last: TagCheck, now: TagCheck & { intervalMs: number }): boolean {
  return now.at - last.at >= now.intervalMs || recheckAskedFor(last, now);
}

/** Whether something asked for a re-check since `last` (a new generation or reconcile request), pure. */
export function recheckAskedFor(last: TagCheck, now: TagCheck): boolean {
  return now.generation !== last.generation || (now.requestedAt ?? "") !== (last.requestedAt ?? "");
}

export class CompositionMemo {
  private readonly entries = new Map<string, Composition>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The kept composition of Komposer `key` when it was made from the same object and document. */
  get(key: string, uid: string, input: string): Composition | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.uid !== uid || entry.input !== input) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The bundle digest last composed for Komposer `key` (any document), to announce a new one only once. */
  lastDigest(key: string, uid: string): string | undefined {
    const entry = this.entries.get(key);
    return entry?.uid === uid ? entry.result.digest : undefined;
  }

  set(key: string, entry: Composition): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  size(): number {
    return this.entries.size;
  }
}

/** `inner`, recording every reference fetched and the digest it resolved to into `trace`. */
export function tracingFetcher(inner: ArtifactFetcher, trace: TracedFetch[]): ArtifactFetcher {
  return {
    async fetch(ref, options) {
      const artifact = await inner.fetch(ref, options);
      // A pack and a katalog fetch of one reference are one re-check, not two.
      const same = (t: TracedFetch) => JSON.stringify(t.ref) === JSON.stringify(ref);
      if (!trace.some(same)) trace.push({ ref, digest: artifact.digest });
      return artifact;
    },
  };
}

/** Whether every traced reference still resolves to the digest it had (tags re-checked by `currentDigest`). */
export async function digestsUnchanged(
  trace: readonly TracedFetch[],
  currentDigest: (ref: ArtifactReference) => Promise<string>,
): Promise<boolean> {
  const now = await Promise.all(trace.map((t) => currentDigest(t.ref)));
  return now.every((digest, i) => digest === trace[i]?.digest);
}
