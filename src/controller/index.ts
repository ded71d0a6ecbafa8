// src/controller — the operator's runtime and reconcilers: the de-duplicating work queue, reconcile results
// and the step runner, leader election, the health/metrics server, JSON logs; the Komposer reconciler's steps
// build on these. May import api, core, oci and kube; never the CLI.
export { jitter, sleep, systemClock, type Clock, type TimerHandle } from "./clock.js";
export {
  objectKey,
  splitObjectKey,
  WorkQueue,
  type WorkHandler,
  type WorkQueueOptions,
} from "./work-queue.js";
export {
  defaultControllerRateLimiter,
  ExponentialBackoffLimiter,
  MaxOfLimiter,
  TokenBucketLimiter,
  type RateLimiter,
} from "./rate-limiter.js";
export {
  reasonOf,
  resultFromError,
  ResultKind,
  scheduleNext,
  success,
  waiting,
  type ReconcileResult,
  type RequeuePolicy,
} from "./reconcile-result.js";
export {
  abandon,
  Pipeline,
  proceed,
  stop,
  type FinalStep,
  type PipelineRun,
  type Step,
  type StepOutcome,
  type StepTrace,
} from "./steps.js";
export { LeaderElector, leaderIdentity, type LeaderElectionOptions } from "./leader-election.js";
export {
  ControllerMetrics,
  FetchResult,
  type MetricsOptions,
  type RegistryFetchRecorder,
} from "./metrics.js";
export {
  HealthServer,
  informersSyncedCheck,
  leaderElectionCheck,
  type CheckResult,
  type HealthServerOptions,
  type ReadinessCheck,
} from "./health-server.js";
export {
  createLogger,
  isSecretField,
  redact,
  scrubSecrets,
  silentLogger,
  type Logger,
  type LogLevel,
} from "./logger.js";
