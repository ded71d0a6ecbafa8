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
  const fail = failureFor(input, options);
  // Read right to left: the digest, then upstream's `@tag` shorthand, then the host, then `:tag`.
  const withoutScheme = stripScheme(input.trim(), fail);
  const { rest, digest, shorthandTag } = splitDigestAndShorthand(withoutScheme, fail);
  const { registry, repository, tag: colonTag } = splitRegistry(rest, input, fail);
  if (colonTag !== undefined && shorthandTag !== undefined) fail("both a ':tag' and an '@tag'; keep one");
  checkRegistryHost(registry, fail);
  checkRepository(registry, repository, fail);
  let tag = colonTag ?? shorthandTag;
  if (tag !== undefined && !TAG_RE.test(tag)) {
    fail(`invalid tag "${tag}": up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'`);
  }
  if (tag === undefined && digest === undefined) {
    tag = options.defaultTag ?? "latest";
    if (!TAG_RE.test(tag)) fail(`invalid version "${tag}" used as tag`);
  }

  const ref: ArtifactReference = { registry: registry.toLowerCase(), repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

type Fail = (message: string) => never;

/** Every parse error is an InvalidReference problem located where the reference was written. */
function failureFor(input: string, options: ParseReferenceOptions): Fail {
  return (message) => {
    const problem: Problem = {
      file: options.location?.file ?? `reference "${input}"`,
      path: options.location?.path ?? "",
      message: options.location ? `reference "${input}": ${message}` : message,
      severity: "error",
    };
    if (options.location?.line !== undefined) problem.line = options.location.line;
    throw new InvalidInputError("InvalidReference", [problem]);
  };
}

function stripScheme(reference: string, fail: Fail): string {
  let rest = reference;
  if (rest.toLowerCase().startsWith(SCHEME)) rest = rest.slice(SCHEME.length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
    fail(`only oci:// references are supported; write the full form, e.g. ${FULL_FORM}`);
  }
  if (rest === "") fail(`empty reference; write the full form, e.g. ${FULL_FORM}`);
  return rest;
}

/** `…@sha256:<hex>` is a digest; any other `@x` is upstream's shorthand for the tag x. */
function splitDigestAndShorthand(
  reference: string,
  fail: Fail,
): { rest: string; digest?: string; shorthandTag?: string } {
  let rest = reference;
  let digest: string | undefined;
  const lastAt = rest.lastIndexOf("@");
  if (lastAt >= 0 && ALGORITHM_PREFIX_RE.test(rest.slice(lastAt + 1))) {
    digest = validateDigest(rest.slice(lastAt + 1), fail);
    rest = rest.slice(0, lastAt);
  }
  const shorthandAt = rest.lastIndexOf("@");
  if (shorthandAt < 0) return digest === undefined ? { rest } : { rest, digest };
  const shorthandTag = rest.slice(shorthandAt + 1);
  rest = rest.slice(0, shorthandAt);
  if (rest.includes("@")) fail("more than one '@'; use `repo:tag` or `repo@sha256:<hex>`");
  return digest === undefined ? { rest, shorthandTag } : { rest, digest, shorthandTag };
}

/** The host is split off first, so a port can never be read as a tag. */
function splitRegistry(
  reference: string,
  input: string,
  fail: Fail,
): { registry: string; repository: string; tag?: string } {
  const slash = reference.indexOf("/");
  const registry = slash >= 0 ? reference.slice(0, slash) : "";
  if (slash < 0 || !looksLikeRegistry(registry)) {
    fail(
      `no registry host in "${input}" (short names are not expanded to docker.io); write the full form, e.g. ${FULL_FORM}`,
    );
  }
  const remote = reference.slice(slash + 1);
  const colon = remote.indexOf(":");
  if (colon < 0) return { registry, repository: remote };
  return { registry, repository: remote.slice(0, colon), tag: remote.slice(colon + 1) };
}

function checkRegistryHost(registry: string, fail: Fail): void {
  const hostMatch = HOST_RE.exec(registry);
  const port = hostMatch?.[1];
  if (!hostMatch || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    fail(`invalid registry host "${registry}"; expected host[:port], e.g. ghcr.io or 127.0.0.1:5000`);
  }
}

function checkRepository(registry: string, repository: string, fail: Fail): void {
  if (repository === "") fail(`missing repository path after "${registry}/"; e.g. ${FULL_FORM}`);
  for (const component of repository.split("/")) {
    if (!PATH_COMPONENT_RE.test(component)) {
      const hint = component !== component.toLowerCase() ? " (repository names must be lowercase)" : "";
      fail(`invalid repository path component "${component}"${hint}`);
    }
  }
  if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
    fail(`repository name longer than ${MAX_NAME_LENGTH} characters`);
  }
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

function validateDigest(digest: string, fail: Fail): string {
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
