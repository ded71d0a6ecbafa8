// An informer that stays up. client-node's ListWatch reconnects after a clean close or a 410, but on any
// other error (API server restarting, connection refused, 5xx, RBAC briefly missing) it reports `error` and
// stops for good. This wrapper restarts it with capped exponential backoff, reports health for /readyz
// (synced once the first list completed; watching while the stream is up; the last error), and gives the
// controller a cache read by `namespace/name` key.
import {
  ListWatch,
  Watch,
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type ObjectCache,
} from "@kubernetes/client-node";
import { systemClock, type Clock, type TimerHandle } from "./clock.js";
import { apiErrorMessage } from "./errors.js";

export type CachingInformer<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

export type InformerFactory = <T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  path: string,
  list: () => Promise<KubernetesListObject<T>>,
  labelSelector?: string,
) => CachingInformer<T>;

export interface SupervisedInformerOptions<T extends KubernetesObject> {
  /** For health reports and logs, e.g. `komposers`. */
  name: string;
  kubeConfig: KubeConfig;
  /** Collection path, e.g. `/apis/orkestra.orkspace.io/v1/komposers` or `/api/v1/namespaces/ns/configmaps`. */
  path: string;
  /** Lists the same collection (client-node's informer calls it on start and after a 410). */
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  clock?: Clock;
  /** Restart backoff: first wait, doubled per consecutive failure up to `maxMs`. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Told about every failure and when the next attempt is due. */
  onError?: (error: unknown, retryInMs: number) => void;
  /**
   * Applied to every object before the cache keeps it (list and watch alike), e.g. to drop fields the
   * controller never reads: the cache holds every object for the life of the process.
   */
  trim?: (obj: T) => T;
  /** Replaceable for unit tests; defaults to client-node's ListWatch over a Watch that applies `trim`. */
  makeInformer?: InformerFactory;
}

/** client-node's makeInformer, with `trim` applied to what the list and the watch deliver. */
export function trimmingInformerFactory<T extends KubernetesObject>(trim: (obj: T) => T) {
  return (
    kubeConfig: KubeConfig,
    path: string,
    list: () => Promise<KubernetesListObject<T>>,
    labelSelector?: string,
  ): CachingInformer<T> => {
    const trimmedList = async (): Promise<KubernetesListObject<T>> => {
      const listed = await list();
      return { ...listed, items: listed.items.map(trim) };
    };
    return new ListWatch<T>(path, new TrimmingWatch(kubeConfig, trim), trimmedList, false, labelSelector);
  };
}

class TrimmingWatch<T> extends Watch {
  constructor(
    kubeConfig: KubeConfig,
    private readonly trim: (obj: T) => T,
  ) {
    super(kubeConfig);
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    // ERROR and BOOKMARK events carry a Status or a bare object, not a full T: only objects are trimmed.
    const trimmed = (phase: string, obj: unknown, raw?: unknown): void =>
      callback(phase, phase === "ADDED" || phase === "MODIFIED" ? this.trim(obj as T) : obj, raw);
    return super.watch(path, queryParams, trimmed, done);
  }
}

/** Drops `metadata.managedFields` (server-side apply bookkeeping, often the largest part of an object). */
export function withoutManagedFields<T extends KubernetesObject>(obj: T): T {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export interface InformerHealth {
  name: string;
  /** The first full list has been loaded into the cache (stays true, as in client-go). */
  synced: boolean;
  /** The watch is believed to be connected. */
  watching: boolean;
  restarts: number;
  lastError?: string;
  lastErrorAt?: number;
}

type ObjectHandler<T> = (obj: T) => void;

export class SupervisedInformer<T extends KubernetesObject> {
  private readonly informer: CachingInformer<T>;
  private readonly clock: Clock;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private stopped = true;
  private everStarted = false;
  private failures = 0;
  private failedThisAttempt = false;
  private retry: TimerHandle | undefined;
  private readonly state: InformerHealth;
  private readonly syncWaiters: Array<() => void> = [];

  constructor(private readonly options: SupervisedInformerOptions<T>) {
    this.informer = options.makeInformer
      ? options.makeInformer<T>(options.kubeConfig, options.path, options.list, options.labelSelector)
      : trimmingInformerFactory<T>(options.trim ?? ((obj) => obj))(
          options.kubeConfig,
          options.path,
          options.list,
          options.labelSelector,
        );
    this.clock = options.clock ?? systemClock;
    this.baseMs = options.backoff?.baseMs ?? 1_000;
    this.maxMs = options.backoff?.maxMs ?? 30_000;
    this.state = { name: options.name, synced: false, watching: false, restarts: 0 };
    this.informer.on("error", (error: unknown) => this.handleError(error));
  }

  on(event: "add" | "update" | "delete", handler: ObjectHandler<T>): void {
    this.informer.on(event, handler);
  }

  /** One handler for add, update and delete: what a level-based controller needs (it only enqueues a key). */
  onChange(handler: ObjectHandler<T>): void {
    this.informer.on("change", handler);
  }

  /** Starts listing and watching; resolves after the first attempt (see `waitForSync` for the cache). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.everStarted = true;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.cancel();
    this.retry = undefined;
    this.state.watching = false;
    await this.informer.stop();
    for (const wake of this.syncWaiters.splice(0)) wake();
  }

  /** Resolves once the cache holds a full list (or the informer is stopped). May be called before `start`. */
  waitForSync(): Promise<void> {
    if (this.state.synced || (this.stopped && this.everStarted)) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  health(): InformerHealth {
    return { ...this.state };
  }

  /** Cached object by `namespace/name` (or `name` for cluster-scoped kinds). */
  getByKey(key: string): T | undefined {
    const slash = key.indexOf("/");
    return slash < 0 ? this.informer.get(key) : this.informer.get(key.slice(slash + 1), key.slice(0, slash));
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.informer.list(namespace);
  }

  // ListWatch.start() lists, opens the watch and resolves; a failure on the way is reported through the
  // `error` event before it resolves, so "resolved without an error" means the attempt worked.
  private async attempt(): Promise<void> {
    this.retry = undefined;
    this.failedThisAttempt = false;
    try {
      await this.informer.start();
    } catch (error) {
      this.handleError(error);
    }
    if (this.stopped || this.failedThisAttempt) return;
    this.failures = 0;
    this.state.watching = true;
    if (!this.state.synced) {
      this.state.synced = true;
      for (const wake of this.syncWaiters.splice(0)) wake();
    }
  }

  private handleError(error: unknown): void {
    // Stopping aborts the watch request, which surfaces as an error: that is not a failure.
    if (this.stopped) return;
    this.failedThisAttempt = true;
    this.state.watching = false;
    this.state.lastError = apiErrorMessage(error);
    this.state.lastErrorAt = this.clock.now();
    if (this.retry) return; // one restart pending is enough
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 20));
    this.failures++;
    this.options.onError?.(error, delay);
    this.retry = this.clock.setTimer(() => {
      this.state.restarts++;
      void this.attempt();
    }, delay);
  }
}
