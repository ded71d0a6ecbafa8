// Content verification. Every byte we hand out was checked against its digest and its declared size, and
// oversized content is refused before it is read (from the descriptor or Content-Length) or, at the latest,
// as soon as the stream passes the limit: a hostile registry cannot make us buffer more than the cap.
import { createHash } from "node:crypto";
import { RegistryError } from "../core/errors.js";
import { readBody } from "./bounded-read.js";

const SUPPORTED = new Set(["sha256", "sha512"]);

export function algorithmOf(digest: string): string {
  const algorithm = digest.slice(0, digest.indexOf(":"));
  if (!SUPPORTED.has(algorithm)) {
    throw new RegistryError(
      "UnsupportedArtifact",
      `unsupported digest algorithm in "${digest}"; only sha256 and sha512 are`,
    );
  }
  return algorithm;
}

export function digestOf(bytes: Uint8Array, algorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

export interface Expectation {
  /** What is being read, for messages: `katalog.yaml of oci://host/repo:tag`. */
  what: string;
  digest?: string;
  size?: number;
  /** Hard cap, whatever the declared size. */
  maxBytes: number;
}

/** Refuses a declared size above the cap before any byte is requested. */
export function checkDeclaredSize(size: number | undefined, expectation: Expectation): void {
  if (size !== undefined && size > expectation.maxBytes) throw tooLarge(expectation, String(size));
}

function tooLarge(expectation: Expectation, size: string): RegistryError {
  return new RegistryError(
    "TooLarge",
    `${expectation.what} is ${size} bytes, above the ${expectation.maxBytes}-byte limit; refusing to download it`,
  );
}

/** Reads a body fully, verifying size and digest while streaming. */
export async function readVerified(
  body: AsyncIterable<Uint8Array> | null,
  expectation: Expectation,
  contentLength?: number,
): Promise<Uint8Array> {
  checkDeclaredSize(expectation.size, expectation);
  // A Content-Length that contradicts the descriptor is tampering, whatever its size: say so first.
  if (expectation.size !== undefined && contentLength !== undefined && contentLength !== expectation.size) {
    throw integrityError(
      expectation,
      `the server announced ${contentLength} bytes, the descriptor declares ${expectation.size}`,
    );
  }
  checkDeclaredSize(contentLength, expectation);
  const limit = expectation.size ?? expectation.maxBytes;
  const hash = expectation.digest ? createHash(algorithmOf(expectation.digest)) : undefined;
  const bytes = await readBody(body, {
    what: expectation.what,
    maxBytes: limit,
    onChunk: (chunk) => hash?.update(chunk),
    tooLarge: () =>
      expectation.size === undefined
        ? tooLarge(expectation, `more than ${limit}`)
        : integrityError(expectation, `more than the declared ${limit} bytes arrived`),
  });
  const total = bytes.byteLength;
  if (expectation.size !== undefined && total !== expectation.size) {
    throw integrityError(expectation, `${total} bytes arrived, the descriptor declares ${expectation.size}`);
  }
  if (hash && expectation.digest) {
    const actual = `${algorithmOf(expectation.digest)}:${hash.digest("hex")}`;
    if (actual !== expectation.digest) {
      throw integrityError(expectation, `digest ${actual} does not match the expected ${expectation.digest}`);
    }
  }
  return bytes;
}

/** Verifies bytes already in memory (image layouts, pushes). */
export function verifyBytes(bytes: Uint8Array, expectation: Expectation): void {
  checkDeclaredSize(bytes.byteLength, expectation);
  if (expectation.size !== undefined && bytes.byteLength !== expectation.size) {
    throw integrityError(
      expectation,
      `${bytes.byteLength} bytes found, the descriptor declares ${expectation.size}`,
    );
  }
  if (expectation.digest) {
    const actual = digestOf(bytes, algorithmOf(expectation.digest));
    if (actual !== expectation.digest) {
      throw integrityError(expectation, `digest ${actual} does not match the expected ${expectation.digest}`);
    }
  }
}

function integrityError(expectation: Expectation, detail: string): RegistryError {
  return new RegistryError(
    "IntegrityError",
    `${expectation.what}: ${detail}; the content was altered or corrupted, nothing was used`,
  );
}
