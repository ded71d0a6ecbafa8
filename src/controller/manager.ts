// The Manager runs the Komposer controller: a supervised informer over Komposers (all namespaces or one)
// feeding the work queue with keys, and N workers reconciling them. Level-based: every event, whatever its
// type, only enqueues keys. With leader election, informers and workers run only while this replica leads;
// a replica that loses leadership stops them (and the process exits, as controller-runtime's does).
import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from "@kubernetes/client-node";
import { KOMPOSER_GROUP, KOMPOSER_PLURAL, KOMPOSER_VERSION } from "../api/komposer-crd.js";
import { kubeLeaseStore } from "../kube/lease.js";
import { SupervisedInformer, withoutManagedFields } from "../kube/supervised-informer.js";
import { informersSyncedCheck, leaderElectionCheck, type ReadinessCheck } from "./health-server.js";
import { LeaderElector } from "./leader-election.js";
import type { Logger } from "./logger.js";
import type { ControllerMetrics } from "./metrics.js";
import type { KomposerDeps } from "./komposer/context.js";
import type { KomposerObject } from "./komposer/komposer-object.js";
import { CONTROLLER_NAME, komposerWorkHandler } from "./komposer/reconciler.js";
import { objectKey, WorkQueue } from "./work-queue.js";

export interface LeaderElectionSettings {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ManagerOptions {
  kubeConfig: KubeConfig;
  log: Logger;
  metrics: ControllerMetrics;
  /** Watch only this namespace; all when undefined. */
  namespace?: string;
  workers: number;
  /** Reconcile dependencies without the informer views, which the manager provides. */
  deps: Omit<KomposerDeps, "cached" | "listNamespace">;
  leaderElection?: LeaderElectionSettings;
}

export type ManagerExit = "shutdown" | "lost-leadership";

export class Manager {
  private informer: SupervisedInformer<KomposerObject> | undefined;
  private readonly elector: LeaderElector | undefined;

  constructor(private readonly options: ManagerOptions) {
    const election = options.leaderElection;
    if (election) {
      this.elector = new LeaderElector({
        store: kubeLeaseStore(options.kubeConfig, election.namespace, election.name),
        identity: election.identity,
        leaseDurationMs: election.leaseDurationMs,
        renewDeadlineMs: election.renewDeadlineMs,
        retryPeriodMs: election.retryPeriodMs,
        log: options.log,
        onStartedLeading: (signal) => this.runControllers(signal),
        onNewLeader: (identity) => options.log.info({ leader: identity }, "Observed new leader"),
      });
    }
  }

  /** /readyz: a standby is ready when it can reach its Lease; a single replica once its cache is synced. */
  readyChecks(): ReadinessCheck[] {
    if (this.elector) return [leaderElectionCheck(this.elector)];
    return [informersSyncedCheck([{ health: () => this.informerHealth() }])];
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : true;
  }

  /** Runs until `signal` aborts (shutdown) or leadership is lost. */
  async run(signal: AbortSignal): Promise<ManagerExit> {
    if (!this.elector) {
      await this.runControllers(signal);
      return "shutdown";
    }
    await this.elector.run(signal);
    return signal.aborted ? "shutdown" : "lost-leadership";
  }

  private informerHealth() {
    return this.informer?.health() ?? { name: "komposers", synced: false };
  }

  private async runControllers(signal: AbortSignal): Promise<void> {
    const { log, metrics } = this.options;
    const queue = new WorkQueue({
      onHandlerError: (key, error) => log.error({ komposer: key, err: error }, "Reconcile handler failed"),
    });
    metrics.trackQueueDepth(CONTROLLER_NAME, () => queue.len());
    const informer = this.createInformer();
    this.informer = informer;
    const enqueue = (k: KomposerObject): void => {
      const namespace = k.metadata?.namespace ?? "";
      queue.add(objectKey(namespace, k.metadata.name));
      // One Komposer per namespace: a change to one (its deletion above all) may change who owns it.
      for (const peer of informer.list(namespace)) queue.add(objectKey(namespace, peer.metadata.name));
    };
    informer.onChange(enqueue);
    await informer.start();
    await informer.waitForSync();
    log.info({ komposers: informer.list().length }, "Started Komposer controller");
    for (const k of informer.list()) queue.add(objectKey(k.metadata.namespace, k.metadata.name));
    const deps: KomposerDeps = {
      ...this.options.deps,
      cached: (key) => informer.getByKey(key),
      listNamespace: (namespace) => informer.list(namespace),
    };
    const handler = komposerWorkHandler({ deps, queue, metrics });
    await queue.runWorkers(this.options.workers, handler, signal);
    await informer.stop();
    log.info({}, "Stopped Komposer controller");
  }

  private createInformer(): SupervisedInformer<KomposerObject> {
    const { kubeConfig, namespace, log } = this.options;
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    const base = { group: KOMPOSER_GROUP, version: KOMPOSER_VERSION, plural: KOMPOSER_PLURAL };
    const prefix = `/apis/${KOMPOSER_GROUP}/${KOMPOSER_VERSION}`;
    return new SupervisedInformer<KomposerObject>({
      name: "komposers",
      kubeConfig,
      path: namespace
        ? `${prefix}/namespaces/${namespace}/${KOMPOSER_PLURAL}`
        : `${prefix}/${KOMPOSER_PLURAL}`,
      list: async () =>
        (namespace
          ? await api.listNamespacedCustomObject({ ...base, namespace })
          : await api.listClusterCustomObject(base)) as KubernetesListObject<KomposerObject>,
      onError: (error, retryInMs) =>
        log.warn({ err: error, retryInMs }, "Komposer informer failed; restarting"),
      // Nothing reads a Komposer's managedFields, and at 1,000 Komposers they are a large share of the cache.
      trim: withoutManagedFields,
    });
  }
}
