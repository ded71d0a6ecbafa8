// Drives the Komposer reconcile directly, the way kubebuilder's envtest suites call Reconcile: the real
// dependencies (KubeClient, EventRecorder, OCI fetcher, artifact cache) against the test env's kube-apiserver
// and registry, but no manager, informer or work queue. The "cache" is a live GET and the namespace listing is
// read before each call, so every reconcile sees the world as it is.
import type * as k8s from "@kubernetes/client-node";
import { systemClock } from "../../../src/controller/clock.js";
import { ArtifactCache } from "../../../src/controller/komposer/artifact-cache.js";
import { CompositionMemo } from "../../../src/controller/komposer/composition-memo.js";
import type { KomposerDeps } from "../../../src/controller/komposer/context.js";
import { komposerRef, type KomposerObject } from "../../../src/controller/komposer/komposer-object.js";
import {
  reconcileKomposer,
  type KomposerReconcileOutcome,
} from "../../../src/controller/komposer/reconciler.js";
import { silentLogger } from "../../../src/controller/logger.js";
import { KubeClient } from "../../../src/kube/client.js";
import { coreV1EventSink, EventRecorder } from "../../../src/kube/events.js";
import { createArtifactFetcher } from "../../../src/oci/index.js";
import { KOMPOSER_GROUP, KOMPOSER_VERSION } from "../../../src/api/komposer-crd.js";
import { loadTestEnv } from "../../env/state.js";
import { adminKubeConfig } from "../../support/kube.js";

export interface Reconciler {
  client: KubeClient;
  deps: KomposerDeps;
  /** One reconcile of namespace/name, as the work queue would run it. */
  reconcile(namespace: string, name: string): Promise<KomposerReconcileOutcome>;
}

export function createReconciler(
  options: { kubeConfig?: k8s.KubeConfig; rbacCeiling?: string } = {},
): Reconciler {
  const kubeConfig = options.kubeConfig ?? adminKubeConfig();
  const client = new KubeClient(kubeConfig);
  const events = new EventRecorder({
    sink: coreV1EventSink(kubeConfig),
    component: "komposer-reconcile-test",
    instance: `reconcile-test-${process.pid}`,
  });
  let peers: KomposerObject[] = [];
  const deps: KomposerDeps = {
    client,
    events,
    log: silentLogger,
    clock: systemClock,
    cache: new ArtifactCache(),
    compositions: new CompositionMemo(),
    recordFetch: () => {},
    createFetcher: (credentials) =>
      createArtifactFetcher({ env: { HOME: loadTestEnv().workDir }, credentials }),
    allowedRegistries: [],
    ...(options.rbacCeiling ? { rbacCeiling: options.rbacCeiling } : {}),
    cached: () => undefined,
    listNamespace: () => peers,
  };
  return {
    client,
    deps,
    async reconcile(namespace, name) {
      // The admin client lists peers, so a restricted reconciler still sees who owns the namespace.
      peers = await new KubeClient(adminKubeConfig()).list<KomposerObject>(
        `${KOMPOSER_GROUP}/${KOMPOSER_VERSION}`,
        "Komposer",
        { namespace },
      );
      return reconcileKomposer(deps, `${namespace}/${name}`);
    },
  };
}

/** The Komposer as stored now (admin view), or undefined once it is gone. */
export async function liveKomposer(namespace: string, name: string): Promise<KomposerObject | undefined> {
  return new KubeClient(adminKubeConfig()).get<KomposerObject>(komposerRef(namespace, name));
}
