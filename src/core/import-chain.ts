// The chain of Komposers from the root down to the one being resolved: how cycles (`a:v1 → b:v2 → a:v1`) and
// excessive depth are detected. Identity is the artifact digest, so a cycle through different tags of the same
// content is still caught.
import type { ArtifactRequest } from "./artifact-loader.js";
import { where } from "./artifact-loader.js";
import { shortDigest } from "./digest.js";
import { ConflictError } from "./errors.js";

export interface ChainLink {
  /** Full reference or file. */
  label: string;
  /** `repo:tag` (or `repo@<short digest>`), for the one-line path. */
  short: string;
  identity: string;
}

/** The chain extended by the pack `request` resolved to `digest`, or a ConflictError. */
export function assertNoCycle(
  chain: readonly ChainLink[],
  request: ArtifactRequest,
  digest: string,
  maxDepth: number,
): ChainLink[] {
  const link: ChainLink = { label: request.display, short: shortName(request), identity: digest };
  const next = [...chain, link];
  const start = chain.findIndex((l) => l.identity === digest);
  if (start >= 0) {
    const cycle = next.slice(start);
    throw new ConflictError(
      "ImportCycle",
      `import cycle: ${cycle.map((l) => l.short).join(" → ")} (${where(request.location)}); ` +
        `references: ${cycle.map((l) => l.label).join(" → ")}`,
    );
  }
  if (next.length > maxDepth) {
    throw new ConflictError(
      "DepthExceeded",
      `imports nest more than ${maxDepth} Komposers deep (${where(request.location)}): ` +
        next.map((l) => l.short).join(" → "),
    );
  }
  return next;
}

function shortName(request: ArtifactRequest): string {
  const name = request.ref.repository.split("/").pop() ?? request.ref.repository;
  if (request.ref.tag !== undefined) return `${name}:${request.ref.tag}`;
  // A digest-pinned import shows the same 10 hex digits as `kubectl get komposers`.
  return request.pinned === undefined ? `${name}:latest` : `${name}@${shortDigest(request.pinned)}`;
}
