// The OCI distribution API for one registry host: manifests and blobs, read and write. Everything read is
// verified (digest and size) before it is returned; sizes are checked before bodies are read.
import { RegistryError } from "../core/errors.js";
import { readBodyExcerpt } from "./bounded-read.js";
import { algorithmOf, checkDeclaredSize, digestOf, readVerified, verifyBytes } from "./digest-stream.js";
import { unexpectedStatus, type HttpTransport, type RegistryRequest } from "./http-transport.js";
import type { Descriptor } from "./manifest.js";
import { Limits, MANIFEST_ACCEPT } from "./media-types.js";
import { isDigest, type ContentStore, type FetchedManifest, type ManifestTarget } from "./store.js";

/** Chunk size for the chunked-upload fallback when a registry refuses monolithic uploads. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export class RegistryClient implements ContentStore {
  readonly label: string;

  /** `repositoryPrefix` lets a mirror registry keep another registry's repositories under a path. */
  constructor(
    readonly host: string,
    private readonly transport: HttpTransport,
    private readonly repositoryPrefix = "",
  ) {
    this.label = repositoryPrefix ? `${host}/${repositoryPrefix}` : host;
  }

  async resolve(target: ManifestTarget): Promise<Descriptor> {
    const req = this.manifestRequest("HEAD", target);
    const head = await this.transport.request(req, (res) => {
      if (res.status === 404) throw notFound(this.label, target);
      if (!res.ok) throw unexpectedStatus(req, res);
      return Promise.resolve({
        digest: res.headers.get("docker-content-digest") ?? undefined,
        size: contentLength(res),
        mediaType: contentType(res),
      });
    });
    if (head.digest && isDigest(target.reference) && head.digest !== target.reference) {
      throw new RegistryError(
        "IntegrityError",
        `${target.what}: the registry answered with digest ${head.digest} for ${target.reference}`,
      );
    }
    // Registries may omit the digest header on HEAD (it is optional): fall back to reading the manifest.
    if (!head.digest || head.size === undefined || !head.mediaType)
      return (await this.fetchManifest(target)).descriptor;
    return { mediaType: head.mediaType, digest: head.digest, size: head.size };
  }

  async fetchManifest(target: ManifestTarget): Promise<FetchedManifest> {
    const req = this.manifestRequest("GET", target);
    return this.transport.request(req, async (res) => {
      if (res.status === 404) throw notFound(this.label, target);
      if (!res.ok) throw unexpectedStatus(req, res);
      const announced = res.headers.get("docker-content-digest") ?? undefined;
      const pinned = isDigest(target.reference) ? target.reference : undefined;
      const bytes = await readVerified(
        res.body,
        {
          what: `manifest of ${target.what}`,
          maxBytes: Limits.manifestBytes,
          ...(pinned ? { digest: pinned } : {}),
        },
        contentLength(res),
      );
      const digest = pinned ?? digestOf(bytes, announced ? algorithmOf(announced) : "sha256");
      if (announced && announced !== digest) {
        throw new RegistryError(
          "IntegrityError",
          `manifest of ${target.what}: the registry announced ${announced}, the content is ${digest}`,
        );
      }
      return { descriptor: { mediaType: contentType(res) ?? "", digest, size: bytes.byteLength }, bytes };
    });
  }

  async fetchBlob(
    repository: string,
    descriptor: Descriptor,
    what: string,
    maxBytes: number,
  ): Promise<Uint8Array> {
    const expectation = { what, digest: descriptor.digest, size: descriptor.size, maxBytes };
    checkDeclaredSize(descriptor.size, expectation); // before any request
    const req = this.request("GET", repository, `/blobs/${descriptor.digest}`, "blob", what, "pull");
    return this.transport.request(req, async (res) => {
      if (res.status === 404)
        throw new RegistryError(
          "ArtifactNotFound",
          `${what}: blob ${descriptor.digest} is missing from ${this.label}`,
        );
      if (!res.ok) throw unexpectedStatus(req, res);
      return readVerified(res.body, expectation, contentLength(res));
    });
  }

  async hasBlob(repository: string, descriptor: Descriptor): Promise<boolean> {
    const req = this.request(
      "HEAD",
      repository,
      `/blobs/${descriptor.digest}`,
      "blob",
      descriptor.digest,
      "pull,push",
    );
    return this.transport.request(req, (res) => {
      if (res.status === 404) return Promise.resolve(false);
      if (!res.ok) throw unexpectedStatus(req, res);
      return Promise.resolve(contentLength(res) === undefined || contentLength(res) === descriptor.size);
    });
  }

  async pushBlob(repository: string, descriptor: Descriptor, bytes: Uint8Array, what: string): Promise<void> {
    verifyBytes(bytes, {
      what,
      digest: descriptor.digest,
      size: descriptor.size,
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    const location = await this.startUpload(repository, what);
    const put = this.finishUploadRequest(repository, location, descriptor, what);
    put.headers = { "content-type": "application/octet-stream" };
    put.body = bytes;
    const refused = await this.transport.request(put, async (res) => {
      await res.body?.cancel();
      if (res.status === 201 || res.status === 204) return false;
      // Some registries only take chunked uploads; they refuse a monolithic PUT with one of these.
      if ([400, 405, 413, 416, 501].includes(res.status)) return true;
      throw unexpectedStatus(put, res);
    });
    if (refused) await this.uploadChunked(repository, descriptor, bytes, what);
  }

  /** The PUT that completes an upload session (monolithic, or after the last chunk) with the blob's digest. */
  private finishUploadRequest(repository: string, location: string, descriptor: Descriptor, what: string) {
    return this.request(
      "PUT",
      repository,
      withDigest(location, descriptor.digest),
      "upload",
      what,
      "pull,push",
    );
  }

  async pushManifest(
    repository: string,
    tag: string,
    descriptor: Descriptor,
    bytes: Uint8Array,
    what: string,
  ): Promise<void> {
    const req = this.request("PUT", repository, `/manifests/${tag}`, "manifest", what, "pull,push");
    req.headers = { "content-type": descriptor.mediaType };
    req.body = bytes;
    await this.transport.request(req, async (res) => {
      const detail = res.ok ? "" : (await readBodyExcerpt(res)).slice(0, 300);
      if (!res.ok)
        throw new RegistryError(
          "UnsupportedArtifact",
          `${res.status} from ${this.host} storing the manifest of ${what}: ${detail}`,
        );
      const stored = res.headers.get("docker-content-digest");
      if (stored && stored !== descriptor.digest) {
        throw new RegistryError(
          "IntegrityError",
          `${what}: the registry stored digest ${stored}, expected ${descriptor.digest}`,
        );
      }
    });
  }

  private async startUpload(repository: string, what: string): Promise<string> {
    const req = this.request("POST", repository, "/blobs/uploads/", "upload", what, "pull,push");
    return this.transport.request(req, async (res) => {
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (res.status !== 202 || !location) throw unexpectedStatus(req, res);
      return new URL(location, `${this.transport.baseUrl(this.host)}/`).toString();
    });
  }

  private async uploadChunked(
    repository: string,
    descriptor: Descriptor,
    bytes: Uint8Array,
    what: string,
  ): Promise<void> {
    let location = await this.startUpload(repository, what);
    for (let start = 0; start < bytes.byteLength; start += CHUNK_BYTES) {
      const chunk = bytes.subarray(start, Math.min(bytes.byteLength, start + CHUNK_BYTES));
      const patch = this.request("PATCH", repository, location, "upload", what, "pull,push");
      patch.headers = {
        "content-type": "application/octet-stream",
        "content-range": `${start}-${start + chunk.byteLength - 1}`,
      };
      patch.body = chunk;
      location = await this.transport.request(patch, async (res) => {
        await res.body?.cancel();
        const next = res.headers.get("location");
        if (res.status !== 202 || !next) throw unexpectedStatus(patch, res);
        return new URL(next, `${this.transport.baseUrl(this.host)}/`).toString();
      });
    }
    const put = this.finishUploadRequest(repository, location, descriptor, what);
    await this.transport.request(put, async (res) => {
      await res.body?.cancel();
      if (res.status !== 201 && res.status !== 204) throw unexpectedStatus(put, res);
    });
  }

  private manifestRequest(method: "GET" | "HEAD", target: ManifestTarget): RegistryRequest {
    const req = this.request(
      method,
      target.repository,
      `/manifests/${target.reference}`,
      "manifest",
      target.what,
      "pull",
    );
    req.headers = { accept: MANIFEST_ACCEPT };
    return req;
  }

  private request(
    method: string,
    repository: string,
    pathOrUrl: string,
    kind: RegistryRequest["kind"],
    what: string,
    actions: string,
  ): RegistryRequest {
    const repo = this.repositoryPrefix ? `${this.repositoryPrefix}/${repository}` : repository;
    const path = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `/v2/${repo}${pathOrUrl}`;
    return { host: this.host, method, path, kind, what, scope: `repository:${repo}:${actions}` };
  }
}

function notFound(label: string, target: ManifestTarget): RegistryError {
  const kind = isDigest(target.reference) ? "digest" : "tag";
  // Transient: a tag is often pushed after the Komposer that imports it; the operator retries with capped
  // backoff instead of waiting for spec.interval (the CLI exits 3 either way).
  return new RegistryError(
    "ArtifactNotFound",
    `${target.what} not found: ${label} has no ${kind} "${target.reference}" in repository ${target.repository}; check the reference (\`oras repo tags\` lists the tags)`,
    { transient: true },
  );
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  return url.toString();
}

function contentLength(res: Response): number | undefined {
  const value = res.headers.get("content-length");
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

function contentType(res: Response): string | undefined {
  return res.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
}
