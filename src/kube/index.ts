// src/kube — the Kubernetes adapter over @kubernetes/client-node 2.x: where credentials come from
// (kubeconfig), server-side apply and status patches with field manager `komposer`, informers that restart
// themselves, Events, and the Lease store behind leader election. May import src/api and src/core only.
export { loadKubeConfig, type KubeConfigSource } from "./kubeconfig.js";
export {
  FIELD_MANAGER,
  KubeClient,
  splitApiVersion,
  type ApplyOptions,
  type CustomResourceRef,
  type KubeClientOptions,
  type ListOptions,
  type ObjectRef,
  type StatusPatchStrategy,
} from "./client.js";
export { JsonObjectApi } from "./json-object-api.js";
export {
  apiErrorMessage,
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
  orUndefinedOnNotFound,
  statusCodeOf,
} from "./errors.js";
export {
  SupervisedInformer,
  type CachingInformer,
  type InformerFactory,
  type InformerHealth,
  type SupervisedInformerOptions,
} from "./supervised-informer.js";
export {
  coreV1EventSink,
  EventRecorder,
  type EventRecorderOptions,
  type EventSink,
  type EventType,
  type InvolvedObject,
} from "./events.js";
export { kubeLeaseStore, type LeaderRecord, type LeaseStore, type StoredLease } from "./lease.js";
export { systemClock, type Clock, type TimerHandle } from "./clock.js";
