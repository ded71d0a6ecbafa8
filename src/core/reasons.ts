// Every reason an error of Komposer can carry, in one closed table: what the CLI exits with and what the
// operator does next (backoff or Stalled). The reason itself is the condition reason on Ready/Stalled/
// Resolved AND the reason of the Warning event about the same failure, so `kubectl get events` and
// `kubectl describe` say the same word. docs/troubleshooting.md has a line for each (a test checks it).

/** Process exit codes of `ork` (docs/reference/cli.md#exit-codes). */
export const ExitCode = {
  Ok: 0,
  UserError: 1,
  Usage: 2,
  Registry: 3,
  Bug: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What the caller should do after an error. */
export const Disposition = {
  /** Retry later with backoff: the input may be fine, the world was not (registry down, 503, timeout). */
  Transient: "transient",
  /** The input (or the operator's permissions) is wrong; retrying without a change cannot help. */
  Terminal: "terminal",
} as const;
export type Disposition = (typeof Disposition)[keyof typeof Disposition];

interface ReasonEntry {
  exitCode: ExitCode;
  /** The default; a RegistryError may be marked transient (a 5xx, a tag not pushed yet). */
  disposition: Disposition;
}

const input: ReasonEntry = { exitCode: ExitCode.UserError, disposition: Disposition.Terminal };
const registry: ReasonEntry = { exitCode: ExitCode.Registry, disposition: Disposition.Terminal };
/** Kubernetes API answers only the operator meets; `ork` never talks to the API server. */
const apiTerminal: ReasonEntry = { exitCode: ExitCode.Bug, disposition: Disposition.Terminal };
const apiTransient: ReasonEntry = { exitCode: ExitCode.Bug, disposition: Disposition.Transient };
const cluster: ReasonEntry = { exitCode: ExitCode.UserError, disposition: Disposition.Transient };

export const INPUT_REASONS = [
  "ConflictingFields",
  "ConflictingRuntimeVersions",
  "FileNotFound",
  "FileTooLarge",
  "IncompatibleWithRuntime",
  "InvalidBundle",
  "InvalidConfig",
  "InvalidDocument",
  "InvalidKomposer",
  "InvalidLockFile",
  "InvalidMirror",
  "InvalidNamespace",
  "InvalidOverride",
  "InvalidPatternFolder",
  "InvalidReference",
  "InvalidRegistryConfig",
  "LocalFilesUnsupported",
  "NoDocuments",
  "OutputNotWritable",
  "PackExists",
  "UnknownRuntimeVersion",
  "UnsafePath",
  "WrongArtifactKind",
] as const;
/** Reasons of InvalidInputError: a document, an override, a reference, a file is wrong. */
export type InputReason = (typeof INPUT_REASONS)[number];

/** Reasons of ConflictError: the composition contradicts itself. */
export type ConflictReason =
  "DuplicateCRD" | "ImportCycle" | "DiamondConflict" | "DepthExceeded" | "BundleTooLarge" | "DigestMismatch";

/** Reasons of RegistryError. */
export type RegistryReason =
  | "RegistryUnavailable"
  | "ArtifactNotFound"
  | "Unauthorized"
  | "IntegrityError"
  | "TooLarge"
  | "UnsupportedArtifact"
  | "RegistryNotAllowed"
  | "InsecureRedirect";

/** Reasons of PolicyError: what the operator was told not to allow. */
export type PolicyReason = "RBACCeilingExceeded" | "NamespaceTaken";

/** Reasons of KubeApiError (src/kube/errors.ts): how the Kubernetes API server refused a request. */
export type KubeApiReason =
  | "Forbidden"
  | "Invalid"
  | "Conflict"
  | "TooManyRequests"
  | "APIServerError"
  | "APIRequestFailed"
  | "APIUnreachable";

/** Reasons of ClusterError: `ork reconcile` reaches the cluster through the user's kubectl. */
export type ClusterReason = "KubectlNotFound" | "KubectlFailed" | "ReconcileTimeout" | "NotReady";

export type Reason =
  | InputReason
  | ConflictReason
  | RegistryReason
  | PolicyReason
  | KubeApiReason
  | ClusterReason
  | "Usage"
  | "InternalError";

export const REASONS: Readonly<Record<Reason, ReasonEntry>> = {
  ...(Object.fromEntries(INPUT_REASONS.map((r) => [r, input])) as Record<InputReason, ReasonEntry>),
  DuplicateCRD: input,
  ImportCycle: input,
  DiamondConflict: input,
  DepthExceeded: input,
  BundleTooLarge: input,
  // A wrong digest or a refused registry is the user's to fix, but it is still a registry problem to a script.
  DigestMismatch: input,
  RegistryUnavailable: registry,
  ArtifactNotFound: registry,
  Unauthorized: registry,
  IntegrityError: registry,
  TooLarge: registry,
  UnsupportedArtifact: registry,
  RegistryNotAllowed: registry,
  InsecureRedirect: registry,
  RBACCeilingExceeded: input,
  NamespaceTaken: input,
  // The operator lacks a permission, or wrote an object the API server refuses: only a change of RBAC or of
  // the Komposer helps, so the Komposer is Stalled instead of retried forever (issue 10b).
  Forbidden: apiTerminal,
  Invalid: apiTerminal,
  Conflict: apiTransient,
  TooManyRequests: apiTransient,
  APIServerError: apiTransient,
  APIRequestFailed: apiTransient,
  APIUnreachable: apiTransient,
  // `ork reconcile` only: kubectl is missing or failed, or the operator did not (or could not) answer in time.
  KubectlNotFound: cluster,
  KubectlFailed: cluster,
  ReconcileTimeout: cluster,
  NotReady: cluster,
  Usage: { exitCode: ExitCode.Usage, disposition: Disposition.Terminal },
  // Anything unrecognised: a bug to the CLI; the operator backs off (the cap keeps it to every few minutes).
  InternalError: { exitCode: ExitCode.Bug, disposition: Disposition.Transient },
};

export const ALL_REASONS = Object.keys(REASONS) as Reason[];

/**
 * Condition reasons that describe a state, not an error: set by the operator's status computation
 * (src/controller/komposer/conditions.ts). Listed so the troubleshooting guide covers them too.
 */
export const STATE_REASONS = [
  "Reconciled",
  "Retrying",
  "Suspended",
  "Resolved",
  "ResolveFailed",
  "RollingOut",
  "Idle",
  "RestartPending",
  "TokenWaiting",
  "UpToDate",
  "Found",
  "NotFound",
] as const;
