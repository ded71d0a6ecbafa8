// Kubernetes Events (core/v1) about a Komposer: Resolved, Staged, Activated, Pruned, Restored, and a Warning
// per failure with the condition's reason. Like client-go's recorder, a repeat of the same event (same
// object, type, reason and message) bumps `count` and `lastTimestamp` on the existing Event instead of
// creating another, so a Komposer failing every backoff step does not flood etcd. Recording is best-effort:
// it never throws into a reconcile.
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
} from "@kubernetes/client-node";
import { systemClock, type Clock } from "./clock.js";
import { isNotFound } from "./errors.js";

export type EventType = "Normal" | "Warning";

/** The object an Event is about; it must be namespaced (the Event lives in its namespace). */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
}

/** The two writes a recorder needs; the real one is `coreV1EventSink`, tests pass their own. */
export interface EventSink {
  create(namespace: string, event: CoreV1Event): Promise<void>;
  /** Resolves `false` when the Event no longer exists (Events expire after an hour by default). */
  bump(namespace: string, name: string, count: number, lastTimestamp: Date): Promise<boolean>;
}

export function coreV1EventSink(kubeConfig: KubeConfig): EventSink {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
  return {
    async create(namespace, body) {
      await api.createNamespacedEvent({ namespace, body });
    },
    async bump(namespace, name, count, lastTimestamp) {
      try {
        const body = { count, lastTimestamp: lastTimestamp.toISOString() };
        await api.patchNamespacedEvent({ namespace, name, body }, merge);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}

export interface EventRecorderOptions {
  sink: EventSink;
  /** `source.component` / `reportingComponent`, e.g. `komposer-operator`. */
  component: string;
  /** `source.host` / `reportingInstance`: the pod name. */
  instance: string;
  clock?: Clock;
  /** How many distinct events to remember for de-duplication. */
  cacheSize?: number;
  /** Told when a write failed; the event is dropped. */
  onError?: (error: unknown) => void;
}

interface Seen {
  name: string;
  count: number;
}

/** core/v1 caps nothing, but events.k8s.io/v1 caps notes at 1 KiB; stay within both. */
const MAX_MESSAGE = 1024;

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly clock: Clock;
  private readonly cacheSize: number;
  private sequence = 0;

  constructor(private readonly options: EventRecorderOptions) {
    this.clock = options.clock ?? systemClock;
    this.cacheSize = options.cacheSize ?? 4096;
  }

  async normal(obj: InvolvedObject, reason: string, message: string): Promise<void> {
    await this.record(obj, "Normal", reason, message);
  }

  async warning(obj: InvolvedObject, reason: string, message: string): Promise<void> {
    await this.record(obj, "Warning", reason, message);
  }

  async record(obj: InvolvedObject, type: EventType, reason: string, message: string): Promise<void> {
    const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
    const key = [obj.uid ?? "", obj.kind, obj.namespace, obj.name, type, reason, text].join("\u0000");
    try {
      await this.write(key, obj, type, reason, text);
    } catch (error) {
      this.seen.delete(key);
      this.options.onError?.(error);
    }
  }

  private async write(
    key: string,
    obj: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date(this.clock.now());
    const previous = this.seen.get(key);
    if (previous && (await this.options.sink.bump(obj.namespace, previous.name, previous.count + 1, now))) {
      this.remember(key, { name: previous.name, count: previous.count + 1 });
      return;
    }
    const name = this.eventName(obj.name, now);
    await this.options.sink.create(obj.namespace, this.newEvent(name, obj, type, reason, message, now));
    this.remember(key, { name, count: 1 });
  }

  private newEvent(
    name: string,
    obj: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    now: Date,
  ): CoreV1Event {
    const { component, instance } = this.options;
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: obj.namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.name,
        namespace: obj.namespace,
        ...(obj.uid ? { uid: obj.uid } : {}),
        ...(obj.resourceVersion ? { resourceVersion: obj.resourceVersion } : {}),
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component, host: instance },
      reportingComponent: component,
      reportingInstance: instance,
    };
  }

  // client-go names events `<object>.<unix nanos in hex>`; a sequence number keeps two events in the same
  // millisecond apart. The object part is shortened so the name stays a 253-character DNS subdomain.
  private eventName(objectName: string, now: Date): string {
    const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    const suffix = nanos.toString(16);
    return `${objectName.slice(0, 252 - suffix.length).replace(/[.-]+$/, "")}.${suffix}`;
  }

  private remember(key: string, entry: Seen): void {
    this.seen.delete(key); // re-insert: Map order is our LRU order
    this.seen.set(key, entry);
    if (this.seen.size > this.cacheSize) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
