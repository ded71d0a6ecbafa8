// Response bodies from the Kubernetes API server, read with a cap. client-node buffers whatever arrives
// (`response.text()`), so a misbehaving server or a proxy in front of it streaming without end would grow the
// operator's memory until it is killed. One object is at most a few MiB (etcd's request limit) and lists are
// read in pages, so 64 MiB leaves room for a full page and stops an endless body early.
import type { ResponseContext } from "@kubernetes/client-node";
import { KubeApiError } from "./api-error.js";

/** The largest API response body read (decoded bytes). */
export const MAX_API_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Error bodies are only quoted in messages. */
export const MAX_API_ERROR_BYTES = 64 * 1024;

/**
 * The body as text, at most `maxBytes` of it. Over the cap: throws, or with `truncate` returns what arrived
 * up to the cap (for error bodies, which are only quoted).
 */
export async function readApiBody(
  response: ResponseContext,
  maxBytes: number,
  options: { truncate?: boolean } = {},
): Promise<string> {
  const stream = response.body.stream();
  if (stream === null) {
    // Already in memory (client-node's SelfDecodingBody); only the cap remains to check.
    const text = await response.body.text();
    return cap(text, maxBytes, response, options.truncate === true);
  }
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let total = 0;
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - total;
      total += value.byteLength;
      if (total > maxBytes) {
        if (options.truncate === true) return text + decoder.decode(value.subarray(0, Math.max(0, room)));
        throw tooLarge(response, maxBytes);
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    // Stops the transfer (and frees the connection) when we leave early.
    await reader.cancel().catch(() => undefined);
  }
}

function cap(text: string, maxBytes: number, response: ResponseContext, truncate: boolean): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  if (truncate) return Buffer.from(text).subarray(0, maxBytes).toString("utf8");
  throw tooLarge(response, maxBytes);
}

/**
 * APIRequestFailed (transient, see src/core/reasons.ts): the request got an answer the operator cannot use. No
 * status code is attached, so nothing mistakes it for the status the server sent (200).
 */
function tooLarge(response: ResponseContext, maxBytes: number): KubeApiError {
  return new KubeApiError(
    "APIRequestFailed",
    `a Kubernetes API response (HTTP ${response.httpStatusCode}) is larger than ${maxBytes} bytes; refusing to read ` +
      `more of it. Check that the kubeconfig points at the API server and not at a proxy or another service`,
    undefined,
    undefined,
  );
}
