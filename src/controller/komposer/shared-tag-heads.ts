// Tag HEADs shared across namespaces. 1,000 Komposers importing the same 20 tags re-checked every interval
// used to send 20,000 HEADs per interval that all returned the same digest. A HEAD's answer depends only on
// the tag and on the credentials it was sent with, so the answer one namespace got is the answer any
// namespace with the SAME credentials for that registry would get: entries are keyed by a fingerprint of
// those credentials (a hash, never the secret itself), so a namespace with other (or no) credentials never
// sees a digest it did not prove it may read; it sends its own HEAD as before.
//
// Freshness: a caller names the oldest send time it accepts. A periodic re-check accepts a HEAD sent up to
// SHARED_HEAD_MAX_AGE_MS ago; a reconcile that something asked for (a new generation, a requested reconcile,
// a new composition) accepts only a HEAD sent after it started, so a tag moved before the request is seen.
import { createHash } from "node:crypto";
import type { Credentials } from "../../oci/index.js";
import type { Clock } from "../clock.js";

/** How old a shared HEAD answer a periodic re-check accepts. */
export const SHARED_HEAD_MAX_AGE_MS = 1_000;

interface Entry {
  sentAt: number;
  digest: Promise<string>;
}

export class SharedTagHeads {
  /** `fingerprint|registry/repository:tag` → the last HEAD sent for it, in least-recently-sent order. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
  ) {}

  static key(fingerprint: string, registry: string, repository: string, tag: string): string {
    return `${fingerprint}|${registry}/${repository}:${tag}`;
  }

  /**
   * The digest of `key` from a HEAD sent at or after `notBefore` (clock ms), in flight or answered; else the
   * digest `head()` finds now, shared with later callers. A failed HEAD is not kept: the next caller sends
   * its own.
   */
  resolve(key: string, notBefore: number, head: () => Promise<string>): Promise<string> {
    const kept = this.entries.get(key);
    if (kept && kept.sentAt >= notBefore) return kept.digest;
    const entry: Entry = { sentAt: this.clock.now(), digest: head() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.digest.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry.digest;
  }

  size(): number {
    return this.entries.size;
  }
}

/**
 * Identifies credentials without holding them: equal credentials give equal fingerprints, anonymous access
 * its own. SHA-256 over every field, so no field of one namespace's secret can be read back from the key.
 */
export function credentialFingerprint(credentials: Credentials | undefined): string {
  if (credentials === undefined) return "anonymous";
  const fields = [
    credentials.username,
    credentials.password,
    credentials.identityToken,
    credentials.registryToken,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}
