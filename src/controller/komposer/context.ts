// What the Komposer reconcile's steps share: the dependencies (built once by the manager) and the context of
// one reconcile, which steps fill in as they go and the status step reads at the end.
import { shortDigest } from "../../core/digest.js";
import type { KomposerStatus } from "../../api/komposer-status.js";
import type { ComposeResult } from "../../core/compose.js";
import type { PolicyRule } from "../../core/rbac-rules.js";
import type { EventRecorder } from "../../kube/events.js";
import type { KubeClient } from "../../kube/client.js";
import type { CredentialStore, OciArtifactFetcher } from "../../oci/index.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { RegistryFetchRecorder } from "../metrics.js";
import type { ArtifactCache } from "./artifact-cache.js";
import type { CompositionMemo } from "./composition-memo.js";
import type { KomposerObject } from "./komposer-object.js";
import type { KomposerSettings } from "./settings.js";

export interface KomposerDeps {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  clock: Clock;
  cache: ArtifactCache;
  /** Compositions kept per Komposer, so an unchanged resync does no YAML work (optional: tests may omit). */
  compositions?: CompositionMemo;
  recordFetch: RegistryFetchRecorder;
  /** A fresh OCI fetcher for one reconcile with these credentials (its own per-run de-duplication). */
  createFetcher: (credentials: CredentialStore) => OciArtifactFetcher;
  /** The operator's own registry credentials (--registry-config), after a Komposer's pull secrets. */
  operatorCredentials?: CredentialStore;
  allowedRegistries: readonly string[];
  rbacCeiling?: string;
  /** The informer's view: a Komposer by key, and all Komposers of a namespace (for the one-per-namespace rule). */
  cached: (key: string) => KomposerObject | undefined;
  listNamespace: (namespace: string) => readonly KomposerObject[];
}

/** The bundle chosen as desired this reconcile, with its revision ConfigMap. */
export interface DesiredBundle {
  digest: string;
  configMap: string;
  rules: PolicyRule[];
}

export interface KomposerContext {
  key: string;
  namespace: string;
  name: string;
  deps: KomposerDeps;
  log: Logger;
  komposer?: KomposerObject;
  settings?: KomposerSettings;
  /** The Komposer is gone or was finalized: there is no status to write. */
  gone?: boolean;
  suspended?: boolean;
  /** The informer copy lagged the live object: nothing this reconcile decided may be written as status. */
  stale?: boolean;
  composed?: ComposeResult;
  /** Composition was attempted: true when it succeeded. */
  resolved?: boolean;
  desired?: DesiredBundle;
  /** The status fields this reconcile decided (active, observedRestartToken, desired…), merged by the status step. */
  next: Partial<KomposerStatus>;
  runtimeFound?: boolean;
  rollingOut?: boolean;
}

export function revisionName(digest: string): string {
  return `orkestra-katalog-${shortDigest(digest)}`;
}
