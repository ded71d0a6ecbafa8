// What the Komposer reconcile's steps share: the dependencies (built once by the manager), and the facts one
// reconcile establishes, one interface per step that adds them. A step's input names the facts it needs, so
// a step placed before the one that establishes them does not compile (src/controller/steps.ts). Facts are
// either observations (what was read) or decisions (what this reconcile chose); each says which.
import { shortDigest } from "../../core/digest.js";
import type { KomposerStatus } from "../../api/komposer-status.js";
import type { PolicyRule } from "../../core/rbac-rules.js";
import type { EventRecorder } from "../../kube/events.js";
import type { KubeClient } from "../../kube/client.js";
import type { CredentialStore, OciArtifactFetcher } from "../../oci/index.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { RegistryFetchRecorder } from "../metrics.js";
import type { ArtifactCache } from "./artifact-cache.js";
import type { ComposedBundle, CompositionMemo } from "./composition-memo.js";
import type { KomposerObject } from "./komposer-object.js";
import type { KomposerSettings } from "./settings.js";
import type { SharedTagHeads } from "./shared-tag-heads.js";

export interface KomposerDeps {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  clock: Clock;
  cache: ArtifactCache;
  /** Compositions kept per Komposer, so an unchanged resync does no YAML work (optional: tests may omit). */
  compositions?: CompositionMemo;
  recordFetch: RegistryFetchRecorder;
  /** Tag HEADs shared across namespaces with identical credentials (optional: without it, one HEAD each). */
  sharedHeads?: SharedTagHeads;
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

/** Where every reconcile starts: which Komposer, and what to reach the world with. */
export interface ReconcileStart {
  key: string;
  namespace: string;
  name: string;
  deps: KomposerDeps;
  log: Logger;
}

/** load, finalizer (observation): the Komposer as last read or written, and its operator settings. */
export interface Loaded {
  komposer: KomposerObject;
  settings: KomposerSettings;
}

/** guard (decision): not suspended and the namespace's owner, so it may write the runtime's objects. */
export interface NamespaceOwned {
  namespaceOwned: true;
}

/** The bundle chosen as desired this reconcile, with its revision ConfigMap. */
export interface DesiredBundle {
  digest: string;
  configMap: string;
  rules: PolicyRule[];
}

/** compose: what the composition produced (observation) and the bundle chosen as desired (decision). */
export interface Composed {
  composition: ComposedBundle;
  desired: DesiredBundle;
}

export type DesiredStatus = NonNullable<KomposerStatus["desired"]>;
export type ActiveStatus = NonNullable<KomposerStatus["active"]>;

/** stage: the desired bundle exists as a revision ConfigMap; this is its status entry. */
export interface Staged {
  staged: DesiredStatus;
}

/** What an activation in this reconcile wrote. */
export interface ActivatedBundle {
  active: ActiveStatus;
  observedRestartToken: string;
  runtimeFound: boolean;
}

/** activate (decision): the bundle activated in this reconcile, or null when none was. */
export interface Activation {
  activated: ActivatedBundle | null;
}

/** prune (observation): whether the runtime Deployment exists and its rollout is still under way. */
export interface RuntimeObserved {
  runtimeFound: boolean;
  rollingOut: boolean;
}

/** Every fact set the ordinary steps can end with (the final steps narrow it with `in`). */
export type Reached =
  | ReconcileStart
  | (ReconcileStart & Loaded)
  | (ReconcileStart & Loaded & NamespaceOwned)
  | (ReconcileStart & Loaded & NamespaceOwned & Composed)
  | (ReconcileStart & Loaded & NamespaceOwned & Composed & Staged)
  | (ReconcileStart & Loaded & NamespaceOwned & Composed & Staged & Activation)
  | (ReconcileStart & Loaded & NamespaceOwned & Composed & Staged & Activation & RuntimeObserved);

export function revisionName(digest: string): string {
  return `orkestra-katalog-${shortDigest(digest)}`;
}
