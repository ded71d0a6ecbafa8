// Counts the operator's own API writes (komposer_api_writes_total{verb}), so "a steady-state resync makes
// zero writes" is measurable from /metrics (the benchmark reads it) instead of being a claim.
import type { CoreV1Event } from "@kubernetes/client-node";
import type { KubernetesObject } from "@kubernetes/client-node";
import { Counter, type Registry } from "prom-client";
import {
  KubeClient,
  type ApplyOptions,
  type CustomResourceRef,
  type KubeClientOptions,
  type ObjectRef,
  type StatusPatchStrategy,
} from "../kube/client.js";
import type { EventSink } from "../kube/events.js";
import type { KubeConfig } from "@kubernetes/client-node";

export type WriteVerb = "apply" | "patch" | "delete" | "status" | "event";

export function createApiWriteCounter(registry: Registry): (verb: WriteVerb) => void {
  const counter = new Counter({
    name: "komposer_api_writes_total",
    help: "Write requests the operator sent to the API server, by verb (apply, patch, delete, status, event).",
    labelNames: ["verb"],
    registers: [registry],
  });
  return (verb) => counter.inc({ verb });
}

/** A KubeClient that reports every write it sends. */
export class CountingKubeClient extends KubeClient {
  constructor(
    kubeConfig: KubeConfig,
    private readonly count: (verb: WriteVerb) => void,
    options: KubeClientOptions = {},
  ) {
    super(kubeConfig, options);
  }

  override apply<T extends KubernetesObject>(desired: T, options?: ApplyOptions): Promise<T> {
    this.count("apply");
    return super.apply(desired, options);
  }

  override mergePatch<T extends KubernetesObject>(
    ref: ObjectRef,
    patch: Record<string, unknown>,
  ): Promise<T | undefined> {
    this.count("patch");
    return super.mergePatch<T>(ref, patch);
  }

  override delete(
    ref: ObjectRef,
    propagationPolicy?: "Background" | "Foreground" | "Orphan",
  ): Promise<boolean> {
    this.count("delete");
    return super.delete(ref, propagationPolicy);
  }

  override patchStatus<T extends KubernetesObject>(
    ref: CustomResourceRef,
    status: Record<string, unknown>,
    options?: { strategy?: StatusPatchStrategy; resourceVersion?: string },
  ): Promise<T | undefined> {
    this.count("status");
    return super.patchStatus<T>(ref, status, options);
  }
}

export function countingEventSink(sink: EventSink, count: (verb: WriteVerb) => void): EventSink {
  return {
    create(namespace: string, event: CoreV1Event) {
      count("event");
      return sink.create(namespace, event);
    },
    bump(namespace, name, n, lastTimestamp) {
      count("event");
      return sink.bump(namespace, name, n, lastTimestamp);
    },
  };
}
