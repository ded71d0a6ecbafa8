// An OCI image layout on disk (`oci-layout:PATH`): `oci-layout`, `index.json`, `blobs/<alg>/<hex>`. Read and
// written, so the examples can ship katalogs as a layout and `--mirror ghcr.io=oci-layout:./registry`
// resolves `oci://ghcr.io/...` with no network. Tags live in `org.opencontainers.image.ref.name` on index
// entries: we write `repo:tag` (one layout holds many repositories) and also read a bare `tag` (as `oras`
// writes it). Blobs are verified like registry blobs: a layout is as untrusted as a registry.
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { KomposerError, RegistryError } from "../core/errors.js";
import { readFileBounded } from "./bounded-read.js";
import { Annotation } from "../core/signals.js";
import { checkDeclaredSize, verifyBytes } from "./digest-stream.js";
import { parseManifestDocument, type Descriptor, type ImageIndex } from "./manifest.js";
import { Limits, MediaType } from "./media-types.js";
import type { RequestHook } from "./metrics.js";
import { isDigest, type ContentStore, type FetchedManifest, type ManifestTarget } from "./store.js";

const INDEX_LIMIT = 16 * 1024 * 1024;

export class ImageLayout implements ContentStore {
  readonly label: string;
  /** Serializes index.json updates from concurrent pushes in this process. */
  private indexWrite: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly onRequest?: RequestHook,
  ) {
    this.label = `oci-layout:${path}`;
  }

  async resolve(target: ManifestTarget): Promise<Descriptor> {
    const index = await this.readIndex(target.what);
    if (isDigest(target.reference)) {
      const listed = index.manifests.find((d) => d.digest === target.reference);
      if (listed) return withoutRefName(listed);
      const size = await this.blobSize(target.reference);
      if (size === undefined) throw this.notFound(target, index);
      checkDeclaredSize(size, { what: `manifest of ${target.what}`, maxBytes: Limits.manifestBytes });
      const bytes = await this.readBlob(
        { mediaType: "", digest: target.reference, size },
        target.what,
        Limits.manifestBytes,
      );
      const doc = parseManifestDocument(bytes, undefined, target.what);
      const mediaType =
        (doc.kind === "index" ? doc.index.mediaType : doc.manifest.mediaType) ?? MediaType.ociManifest;
      return { mediaType, digest: target.reference, size };
    }
    const found = findByName(index, target.repository, target.reference);
    if (!found) throw this.notFound(target, index);
    return withoutRefName(found);
  }

  async fetchManifest(target: ManifestTarget): Promise<FetchedManifest> {
    const descriptor = await this.resolve(target);
    const bytes = await this.readBlob(descriptor, `manifest of ${target.what}`, Limits.manifestBytes);
    return { descriptor, bytes };
  }

  fetchBlob(
    _repository: string,
    descriptor: Descriptor,
    what: string,
    maxBytes: number,
  ): Promise<Uint8Array> {
    return this.readBlob(descriptor, what, maxBytes);
  }

  async hasBlob(_repository: string, descriptor: Descriptor): Promise<boolean> {
    return (await this.blobSize(descriptor.digest)) === descriptor.size;
  }

  async pushBlob(
    _repository: string,
    descriptor: Descriptor,
    bytes: Uint8Array,
    what: string,
  ): Promise<void> {
    verifyBytes(bytes, {
      what,
      digest: descriptor.digest,
      size: descriptor.size,
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    if (await this.hasBlob(_repository, descriptor)) return;
    await writeAtomically(this.blobPath(descriptor.digest), bytes);
  }

  async pushManifest(
    repository: string,
    tag: string,
    descriptor: Descriptor,
    bytes: Uint8Array,
    what: string,
  ): Promise<void> {
    await this.pushBlob(repository, descriptor, bytes, what);
    const update = this.indexWrite.then(async () => {
      const index = await this.readIndex(what, true);
      const name = `${repository}:${tag}`;
      index.manifests = index.manifests.filter((d) => d.annotations?.[Annotation.refName] !== name);
      index.manifests.push({ ...descriptor, annotations: { [Annotation.refName]: name } });
      index.manifests.sort((a, b) =>
        (a.annotations?.[Annotation.refName] ?? "").localeCompare(b.annotations?.[Annotation.refName] ?? ""),
      );
      await writeAtomically(
        join(this.path, "oci-layout"),
        new TextEncoder().encode(`${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`),
      );
      await writeAtomically(
        join(this.path, "index.json"),
        new TextEncoder().encode(`${JSON.stringify(index, null, 2)}\n`),
      );
    });
    this.indexWrite = update.catch(() => undefined);
    await update;
  }

  private async readIndex(what: string, creating = false): Promise<ImageIndex> {
    const started = Date.now();
    let text: string;
    try {
      const file = join(this.path, "index.json");
      const bytes = await readFileBounded(file, { file: `${this.label}/index.json`, maxBytes: INDEX_LIMIT });
      text = new TextDecoder().decode(bytes);
    } catch (error: unknown) {
      if (error instanceof KomposerError) throw error;
      if (creating && (error as NodeJS.ErrnoException).code === "ENOENT") {
        return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
      }
      this.emit("GET", "not_found", started);
      throw new RegistryError(
        "ArtifactNotFound",
        `${what}: ${this.label} is not an OCI image layout (no readable index.json); check the --mirror path`,
      );
    }
    const doc = parseManifestDocument(
      new TextEncoder().encode(text),
      MediaType.ociIndex,
      `${this.label}/index.json`,
    );
    if (doc.kind !== "index")
      throw new RegistryError("UnsupportedArtifact", `${this.label}/index.json is not an image index`);
    return doc.index;
  }

  private async readBlob(descriptor: Descriptor, what: string, maxBytes: number): Promise<Uint8Array> {
    const expectation = { what, digest: descriptor.digest, size: descriptor.size, maxBytes };
    checkDeclaredSize(descriptor.size, expectation);
    const started = Date.now();
    const size = await this.blobSize(descriptor.digest);
    // Refuse before reading: the file on disk may be larger than its descriptor claims.
    if (size !== undefined) checkDeclaredSize(size, expectation);
    let bytes: Uint8Array;
    try {
      // Regular files only, at most maxBytes + 1 bytes: a blob linked to /dev/zero is refused, not read forever.
      bytes = await readFileBounded(this.blobPath(descriptor.digest), {
        file: `${this.label}/blobs/${descriptor.digest.replace(":", "/")}`,
        maxBytes,
      });
    } catch (error: unknown) {
      if (error instanceof KomposerError) {
        this.emit("GET", "integrity_error", started);
        throw error;
      }
      this.emit("GET", "not_found", started);
      throw new RegistryError(
        "ArtifactNotFound",
        `${what}: blob ${descriptor.digest} is missing from ${this.label}`,
      );
    }
    try {
      verifyBytes(bytes, expectation);
    } catch (error: unknown) {
      this.emit("GET", "integrity_error", started);
      throw error;
    }
    this.emit("GET", "ok", started);
    return bytes;
  }

  private async blobSize(digest: string): Promise<number | undefined> {
    try {
      return (await stat(this.blobPath(digest))).size;
    } catch {
      return undefined;
    }
  }

  private blobPath(digest: string): string {
    const [algorithm = "", encoded = ""] = digest.split(":");
    if (!/^[a-z0-9]+$/.test(algorithm) || !/^[a-zA-Z0-9=_-]+$/.test(encoded)) {
      throw new RegistryError("UnsupportedArtifact", `invalid digest "${digest}"`);
    }
    return join(this.path, "blobs", algorithm, encoded);
  }

  private notFound(target: ManifestTarget, index: ImageIndex): RegistryError {
    const names = index.manifests
      .map((d) => d.annotations?.[Annotation.refName])
      .filter((n): n is string => n !== undefined);
    const listed =
      names.length > 0
        ? `; it holds ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""}`
        : "; it is empty";
    return new RegistryError(
      "ArtifactNotFound",
      `${target.what} not found in ${this.label} (looked for ${target.repository}:${target.reference})${listed}`,
    );
  }

  private emit(method: string, result: "ok" | "not_found" | "integrity_error", started: number): void {
    this.onRequest?.({
      registry: this.label,
      method,
      kind: "layout",
      result,
      durationMs: Date.now() - started,
    });
  }
}

/** `repo:tag` (ours), `host/repo:tag` (fully qualified), or a bare `tag` (oras) when it is unambiguous. */
function findByName(index: ImageIndex, repository: string, tag: string): Descriptor | undefined {
  const qualified = `${repository}:${tag}`;
  const named = (d: Descriptor) => d.annotations?.[Annotation.refName] ?? "";
  const exact = index.manifests.find((d) => named(d) === qualified || named(d).endsWith(`/${qualified}`));
  if (exact) return exact;
  const bare = index.manifests.filter((d) => named(d) === tag);
  return bare.length === 1 ? bare[0] : undefined;
}

function withoutRefName(descriptor: Descriptor): Descriptor {
  const { annotations: _annotations, ...rest } = descriptor;
  return rest;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}
