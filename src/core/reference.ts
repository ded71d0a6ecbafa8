// Artifact references (docs/reference/resolution.md#references): the OCI distribution grammar
// `host[:port]/path[:tag][@digest]`, with an optional `oci://` prefix and upstream Orkestra's shorthand
// `repo@v1.0.0` (an `@` not followed by an algorithm means a tag). Pure: no I/O. The host part is split off
// before looking for a tag, so a port can never be mistaken for a tag (upstream's parser splits at the last
// `:` and gets `localhost:5000/x` wrong).
import type { ArtifactReference } from "./artifact.js";
import { InvalidInputError, type Problem } from "./errors.js";

export interface ParseReferenceOptions {
  /** Tag to use when the reference carries neither tag nor digest (the import's `version` field). */
  defaultTag?: string;
  /** Where the reference was written, so the error names the file and field. */
  location?: { file: string; path: string; line?: number };
}

const SCHEME = "oci://";
const FULL_FORM = "oci://ghcr.io/org/repo:tag";

// Grammar pieces, anchored where used. Same language as github.com/distribution/reference.
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::(\\d{1,5}))?$`,
);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^\w[\w.-]{0,127}$/;
const ALGORITHM_PREFIX_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:/;
const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };
const MAX_NAME_LENGTH = 255;

export function parseReference(input: string, options: ParseReferenceOptions = {}): ArtifactReference {
  const fail = (message: string): never => {
    const problem: Problem = {
      file: options.location?.file ?? `reference "${input}"`,
      path: options.location?.path ?? "",
      message: options.location ? `reference "${input}": ${message}` : message,
      severity: "error",
    };
    if (options.location?.line !== undefined) problem.line = options.location.line;
    throw new InvalidInputError("InvalidReference", [problem]);
  };

  let rest = input.trim();
  if (rest.toLowerCase().startsWith(SCHEME)) rest = rest.slice(SCHEME.length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
    fail(`only oci:// references are supported; write the full form, e.g. ${FULL_FORM}`);
  }
  if (rest === "") fail(`empty reference; write the full form, e.g. ${FULL_FORM}`);

  let digest: string | undefined;
  let tag: string | undefined;
  const lastAt = rest.lastIndexOf("@");
  if (lastAt >= 0 && ALGORITHM_PREFIX_RE.test(rest.slice(lastAt + 1))) {
    digest = validateDigest(rest.slice(lastAt + 1), fail);
    rest = rest.slice(0, lastAt);
  }
  const shorthandAt = rest.indexOf("@");
  if (shorthandAt >= 0) {
    // Upstream shorthand: `repo@v1.0.0` is a tag.
    tag = rest.slice(shorthandAt + 1);
    rest = rest.slice(0, shorthandAt);
    if (rest.includes("@")) fail("more than one '@'; use `repo:tag` or `repo@sha256:<hex>`");
  }

  const slash = rest.indexOf("/");
  const registryPart = slash >= 0 ? rest.slice(0, slash) : "";
  if (slash < 0 || !looksLikeRegistry(registryPart)) {
    fail(
      `no registry host in "${input}" (short names are not expanded to docker.io); write the full form, e.g. ${FULL_FORM}`,
    );
  }
  let remote = rest.slice(slash + 1);
  const colon = remote.indexOf(":");
  if (colon >= 0) {
    if (tag !== undefined) fail("both a ':tag' and an '@tag'; keep one");
    tag = remote.slice(colon + 1);
    remote = remote.slice(0, colon);
  }

  const hostMatch = HOST_RE.exec(registryPart);
  const port = hostMatch?.[1];
  if (!hostMatch || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    fail(`invalid registry host "${registryPart}"; expected host[:port], e.g. ghcr.io or 127.0.0.1:5000`);
  }
  if (remote === "") fail(`missing repository path after "${registryPart}/"; e.g. ${FULL_FORM}`);
  for (const component of remote.split("/")) {
    if (!PATH_COMPONENT_RE.test(component)) {
      const hint = component !== component.toLowerCase() ? " (repository names must be lowercase)" : "";
      fail(`invalid repository path component "${component}"${hint}`);
    }
  }
  if (registryPart.length + 1 + remote.length > MAX_NAME_LENGTH) {
    fail(`repository name longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (tag !== undefined && !TAG_RE.test(tag)) {
    fail(`invalid tag "${tag}": up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'`);
  }
  if (tag === undefined && digest === undefined) {
    tag = options.defaultTag ?? "latest";
    if (!TAG_RE.test(tag)) fail(`invalid version "${tag}" used as tag`);
  }

  const ref: ArtifactReference = { registry: registryPart.toLowerCase(), repository: remote };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** The canonical form: `oci://host/repo:tag@digest` (tag and digest when present). */
export function formatReference(ref: ArtifactReference): string {
  const tag = ref.tag !== undefined ? `:${ref.tag}` : "";
  const digest = ref.digest !== undefined ? `@${ref.digest}` : "";
  return `${SCHEME}${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** The first path component names a registry only if it could not be a repository name (as Docker decides). */
function looksLikeRegistry(component: string): boolean {
  return (
    component === "localhost" ||
    component.includes(".") ||
    component.includes(":") ||
    component.startsWith("[")
  );
}

function validateDigest(digest: string, fail: (message: string) => never): string {
  const match = DIGEST_RE.exec(digest);
  if (!match) return fail(`invalid digest "${digest}"; expected sha256:<64 hex digits>`);
  const [, algorithm = "", encoded = ""] = match;
  const length = HEX_LENGTH[algorithm];
  if (length === undefined) return fail(`unsupported digest algorithm "${algorithm}"; use sha256`);
  if (encoded.length !== length || !/^[a-f0-9]+$/.test(encoded)) {
    return fail(`invalid ${algorithm} digest: expected ${length} lowercase hex digits`);
  }
  return digest;
}
