// Artifacts kept across reconciles, so a periodic re-check costs one HEAD per tag and nothing per pinned
// digest (docs/reference/operator.md#controller-mechanics). Access is keyed per namespace
// (`<namespace>|<registry>/<repo>@<digest>`): an artifact one namespace fetched with its own pull secret must
// not be served to another namespace that merely knows the digest. The bytes themselves are shared by digest,
// so 1,000 namespaces importing the same 20 artifacts hold 20 copies, not 20,000
// (docs/decisions/0006-operator-activation.md).
import type { FetchedArtifact } from "../../core/artifact.js";

interface Entry {
  artifact: FetchedArtifact;
  /** Every file of the artifact is present (a pack fetch), not just the ones a katalog fetch asked for. */
  complete: boolean;
  /** Namespace grants pointing at this entry. */
  refs: number;
}

export interface ArtifactCacheOptions {
  /** Namespace grants kept at most; the least recently used go first. */
  maxGrants?: number;
}

export class ArtifactCache {
  private readonly entries = new Map<string, Entry>();
  /** `namespace|content key` → content key, in least-recently-used order. */
  private readonly grants = new Map<string, string>();
  /** Downloads running now, by content key: concurrent misses for one digest share one download. */
  private readonly downloads = new Map<string, Promise<unknown>>();
  private readonly maxGrants: number;

  constructor(options: ArtifactCacheOptions = {}) {
    this.maxGrants = options.maxGrants ?? 50_000;
  }

  static contentKey(registry: string, repository: string, digest: string): string {
    return `${registry}/${repository}@${digest}`;
  }

  /** The artifact, when `namespace` fetched it before and it holds every file in `files` (all when omitted). */
  get(namespace: string, key: string, files?: readonly string[]): FetchedArtifact | undefined {
    const grant = `${namespace}|${key}`;
    const contentKey = this.grants.get(grant);
    const entry = contentKey === undefined ? undefined : this.entries.get(contentKey);
    if (!entry) return undefined;
    if (files === undefined ? !entry.complete : files.some((f) => !entry.artifact.files.has(f)))
      return undefined;
    this.grants.delete(grant);
    this.grants.set(grant, key);
    return entry.artifact;
  }

  /**
   * The artifact as another namespace fetched it, without checking this namespace's grant. Only for callers
   * that just proved this namespace's access to the repository (a HEAD or manifest GET with its credentials)
   * and then call `grant`.
   */
  peek(key: string, files?: readonly string[]): FetchedArtifact | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (files === undefined ? !entry.complete : files.some((f) => !entry.artifact.files.has(f)))
      return undefined;
    return entry.artifact;
  }

  /** Lets `namespace` use an artifact already held (its access was just proven). */
  grant(namespace: string, key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const grant = `${namespace}|${key}`;
    if (this.grants.has(grant)) this.grants.delete(grant);
    else entry.refs++;
    this.grants.set(grant, key);
    this.evict();
  }

  /** Records a verified artifact fetched on behalf of `namespace`. */
  put(namespace: string, key: string, artifact: FetchedArtifact, complete: boolean): void {
    const existing = this.entries.get(key);
    const merged: Entry = existing
      ? {
          artifact: { ...artifact, files: new Map([...existing.artifact.files, ...artifact.files]) },
          complete: existing.complete || complete,
          refs: existing.refs,
        }
      : { artifact, complete, refs: 0 };
    this.entries.set(key, merged);
    const grant = `${namespace}|${key}`;
    if (this.grants.has(grant)) this.grants.delete(grant);
    else merged.refs++;
    this.grants.set(grant, key);
    this.evict();
  }

  /** The download of `key` running now, if any. Waiting on it proves nothing about the waiter's access. */
  inFlight(key: string): Promise<unknown> | undefined {
    return this.downloads.get(key);
  }

  /**
   * Registers `download` as THE download of `key` until it settles. A failure is not remembered: the next
   * miss starts a new download (it may have other credentials, and the registry may be back).
   */
  track<T>(key: string, download: Promise<T>): Promise<T> {
    this.downloads.set(key, download);
    const forget = () => {
      if (this.downloads.get(key) === download) this.downloads.delete(key);
    };
    download.then(forget, forget);
    return download;
  }

  /** Distinct artifacts held (for tests and the benchmark). */
  size(): { artifacts: number; grants: number } {
    return { artifacts: this.entries.size, grants: this.grants.size };
  }

  private evict(): void {
    while (this.grants.size > this.maxGrants) {
      const [grant, key] = this.grants.entries().next().value as [string, string];
      this.grants.delete(grant);
      const entry = this.entries.get(key);
      if (entry && --entry.refs <= 0) this.entries.delete(key);
    }
  }
}
