// An in-memory ArtifactFetcher for unit tests and benchmarks (not product code, so it stays out of dist): a
// registry held in a Map. Digests are content digests of the files and annotations, so equal content pushed
// under two tags has one digest, as in a real registry.
import type {
  ArtifactFetcher,
  ArtifactReference,
  FetchedArtifact,
  FetchOptions,
} from "../../src/core/artifact.js";
import { contentDigest } from "../../src/core/digest.js";
import { RegistryError } from "../../src/core/errors.js";
import { formatReference, parseReference } from "../../src/core/reference.js";

interface StoredArtifact {
  files: Map<string, Uint8Array>;
  annotations: Record<string, string>;
}

export class MemoryArtifactFetcher implements ArtifactFetcher {
  private readonly byDigest = new Map<string, StoredArtifact>();
  private readonly tags = new Map<string, string>();
  /** Every fetch, in call order. */
  readonly calls: { ref: ArtifactReference; options: FetchOptions }[] = [];

  /** Stores an artifact under `ref` (moving the tag if it existed) and returns its digest. */
  put(
    ref: string,
    files: Readonly<Record<string, string>>,
    annotations: Readonly<Record<string, string>> = {},
  ): string {
    const parsed = parseReference(ref);
    const digest = contentDigest({ files, annotations });
    const encoder = new TextEncoder();
    this.byDigest.set(digest, {
      files: new Map(Object.entries(files).map(([name, text]) => [name, encoder.encode(text)])),
      annotations: { ...annotations },
    });
    this.tags.set(repoKey(parsed), digest);
    return digest;
  }

  fetch(ref: ArtifactReference, options: FetchOptions = {}): Promise<FetchedArtifact> {
    this.calls.push({ ref, options });
    const digest = ref.digest ?? this.tags.get(repoKey(ref));
    const stored = digest === undefined ? undefined : this.byDigest.get(digest);
    if (digest === undefined || stored === undefined) {
      return Promise.reject(new RegistryError("ArtifactNotFound", `${formatReference(ref)} not found`));
    }
    const wanted = options.files;
    const files = new Map(
      [...stored.files].filter(([name]) => wanted === undefined || wanted.includes(name)),
    );
    return Promise.resolve({
      ref: formatReference({ ...ref, digest: undefined }),
      digest,
      files,
      names: [...stored.files.keys()],
      annotations: stored.annotations,
    });
  }
}

function repoKey(ref: ArtifactReference): string {
  return `${ref.registry}/${ref.repository}:${ref.tag ?? "latest"}`;
}
