// Every byte the client reads, from a response body or a local file, is read through here with a cap. Bodies
// count decoded bytes (fetch has already undone Content-Encoding, so a gzip bomb is counted as what it
// inflates to), and reading stops as soon as the cap is passed: a hostile server, a 1 GiB stream or /dev/zero
// cannot make us buffer more than the cap plus one chunk.
import type { FileHandle } from "node:fs/promises";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { InvalidInputError, RegistryError } from "../core/errors.js";

export const BodyLimits = {
  /** A token response is a few hundred bytes of JSON; 64 KiB is generous. */
  tokenBytes: 64 * 1024,
  /** Error bodies are only quoted in messages. */
  errorBytes: 64 * 1024,
} as const;

export interface BoundedRead {
  /** What is being read, for messages: `token response of ghcr.io`. */
  what: string;
  maxBytes: number;
  /** Sees every chunk as it arrives (digest verification). */
  onChunk?: (chunk: Uint8Array) => void;
  /** The error to throw once more than `maxBytes` arrived; a TooLarge RegistryError by default. */
  tooLarge?: (maxBytes: number) => Error;
}

/** Reads a response body fully, refusing it once more than `maxBytes` decoded bytes arrived. */
export async function readBody(
  body: AsyncIterable<Uint8Array> | null,
  limit: BoundedRead,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early (the throw) cancels the stream, which closes the connection.
  for await (const chunk of body ?? []) {
    total += chunk.byteLength;
    if (total > limit.maxBytes) throw (limit.tooLarge ?? tooLargeBody(limit.what))(limit.maxBytes);
    limit.onChunk?.(chunk);
    chunks.push(chunk);
  }
  return concat(chunks, total);
}

/** Reads a body as text, at most `maxBytes` of it, for quoting in an error message (never throws). */
export async function readBodyExcerpt(res: Response, maxBytes = BodyLimits.errorBytes): Promise<string> {
  try {
    return new TextDecoder().decode(await readBody(res.body, { what: "error body", maxBytes }));
  } catch {
    return "";
  }
}

/** Reads a body as JSON, refusing more than `maxBytes`; undefined when it is not JSON. */
export async function readJsonBody(res: Response, limit: BoundedRead): Promise<unknown> {
  const bytes = await readBody(res.body, limit);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

export interface FileRead {
  /** The name to show (as the user wrote it, or `oci-layout:PATH/index.json`). */
  file: string;
  maxBytes: number;
}

/**
 * Reads a local file that must be a regular file (not a device, FIFO or socket: /dev/zero has size 0 and never
 * ends), reading at most `maxBytes + 1` bytes, so an endless or growing file is refused with an error naming it.
 * ENOENT and other open errors are left to the caller, who knows what a missing file means.
 */
export async function readFileBounded(path: string, limit: FileRead): Promise<Uint8Array> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever, before the check below
  // could refuse it. It changes nothing for regular files.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw fileError(limit.file, "is not a regular file (a device, FIFO or socket); refusing to read it");
    if (stats.size > limit.maxBytes)
      throw fileError(limit.file, `is ${stats.size} bytes, above the ${limit.maxBytes}-byte limit`);
    return await readAtMost(handle, limit);
  } finally {
    await handle.close();
  }
}

async function readAtMost(handle: FileHandle, limit: FileRead): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.min(limit.maxBytes + 1, 64 * 1024 + 1));
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > limit.maxBytes)
      throw fileError(limit.file, `grew past the ${limit.maxBytes}-byte limit while being read`);
    chunks.push(buffer.slice(0, bytesRead));
  }
  return concat(chunks, total);
}

function fileError(file: string, message: string): InvalidInputError {
  return new InvalidInputError("FileTooLarge", [{ file, path: "", message, severity: "error" }]);
}

function tooLargeBody(what: string) {
  return (maxBytes: number) =>
    new RegistryError("TooLarge", `${what} is larger than the ${maxBytes}-byte limit; refusing to read it`);
}

export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
