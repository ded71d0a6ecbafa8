// Turns what one reconcile observed into the Komposer's conditions (docs/reference/operator.md#conditions).
// Pure: the clock's `now` is passed in, and a condition keeps its lastTransitionTime while its status does
// not change, so an unchanged world produces an identical status and the status step writes nothing.
import { shortDigest } from "../../core/digest.js";
import { ConditionType, type Condition } from "../../api/komposer-status.js";

export interface ReconcileObservation {
  generation: number;
  /** The composition of this generation succeeded (or `undefined` when it was not attempted). */
  resolved?: boolean;
  /** The error that ended the reconcile: its reason and message go to Ready (and Stalled when terminal). */
  failure?: { reason: string; message: string; terminal: boolean };
  desiredDigest?: string;
  activeDigest?: string;
  /** The runtime Deployment exists (undefined: not checked). */
  runtimeFound?: boolean;
  runtimeName: string;
  /** A rollout started by an activation has not completed yet. */
  rollingOut?: boolean;
  suspended?: boolean;
  /** spec.restartToken, and the token last acted upon (status.observedRestartToken). */
  requestedToken?: string;
  observedToken?: string;
}

type Draft = Omit<Condition, "lastTransitionTime" | "observedGeneration">;

/** Ready and Stalled: a failure, a suspension, or the active (and possibly staged) bundle. */
function readyAndStalled(o: ReconcileObservation): Draft[] {
  if (o.failure) {
    const { reason, message } = o.failure;
    return [
      { type: ConditionType.Ready, status: "False", reason, message },
      o.failure.terminal
        ? { type: ConditionType.Stalled, status: "True", reason, message }
        : {
            type: ConditionType.Stalled,
            status: "False",
            reason: "Retrying",
            message: "Retrying with backoff",
          },
    ];
  }
  if (o.suspended)
    return [
      {
        type: ConditionType.Ready,
        status: "False",
        reason: "Suspended",
        message: "spec.suspend is true; nothing is reconciled",
      },
      {
        type: ConditionType.Stalled,
        status: "False",
        reason: "Suspended",
        message: "Suspended by spec.suspend",
      },
    ];
  return [
    { type: ConditionType.Ready, status: "True", reason: "Reconciled", message: readyMessage(o) },
    { type: ConditionType.Stalled, status: "False", reason: "Reconciled", message: "Not stalled" },
  ];
}

/** Names the active bundle, and the staged one that waits for a restartToken. */
function readyMessage(o: ReconcileObservation): string {
  if (!o.activeDigest) return "Bundle staged";
  const staged = o.desiredDigest !== undefined && o.desiredDigest !== o.activeDigest;
  return (
    `Bundle ${shortDigest(o.activeDigest)} is active` +
    (staged ? `; bundle ${shortDigest(o.desiredDigest ?? "")} staged: set spec.restartToken to activate` : "")
  );
}

/** Resolved, only when this reconcile attempted the composition. */
function resolvedCondition(o: ReconcileObservation): Draft[] {
  if (o.resolved === undefined) return [];
  return [
    o.resolved
      ? { type: ConditionType.Resolved, status: "True", reason: "Resolved", message: "Every import resolved" }
      : {
          type: ConditionType.Resolved,
          status: "False",
          reason: o.failure?.reason ?? "ResolveFailed",
          message: o.failure?.message ?? "Resolution failed",
        },
  ];
}

function reconcilingCondition(o: ReconcileObservation): Draft {
  return o.rollingOut
    ? {
        type: ConditionType.Reconciling,
        status: "True",
        reason: "RollingOut",
        message: `Waiting for Deployment ${o.runtimeName} to finish its rollout`,
      }
    : { type: ConditionType.Reconciling, status: "False", reason: "Idle", message: "Nothing in progress" };
}

function restartPendingCondition(o: ReconcileObservation): Draft {
  const pending = o.desiredDigest !== undefined && o.desiredDigest !== o.activeDigest;
  const tokenWaits =
    o.failure !== undefined && o.requestedToken !== undefined && o.requestedToken !== (o.observedToken ?? "");
  if (tokenWaits)
    return {
      // The user asked for a restart, but this generation does not resolve: say the token waits, and why.
      type: ConditionType.RestartPending,
      status: "True",
      reason: "TokenWaiting",
      message:
        `restartToken ${JSON.stringify(o.requestedToken)} waits: this generation does not resolve ` +
        `(${o.failure?.reason}); it activates as soon as it does, and the runtime keeps its active bundle`,
    };
  if (pending)
    return {
      type: ConditionType.RestartPending,
      status: "True",
      reason: "RestartPending",
      message: `bundle ${shortDigest(o.desiredDigest ?? "")} staged; set spec.restartToken to activate`,
    };
  return {
    type: ConditionType.RestartPending,
    status: "False",
    reason: "UpToDate",
    message: "The active bundle is the desired one",
  };
}

/** RuntimeFound, only when this reconcile looked for the Deployment. */
function runtimeFoundCondition(o: ReconcileObservation): Draft[] {
  if (o.runtimeFound === undefined) return [];
  return [
    o.runtimeFound
      ? {
          type: ConditionType.RuntimeFound,
          status: "True",
          reason: "Found",
          message: `Deployment ${o.runtimeName} found`,
        }
      : {
          type: ConditionType.RuntimeFound,
          status: "False",
          reason: "NotFound",
          message: `Deployment ${o.runtimeName} not found; the bundle is staged and will be read when it starts`,
        },
  ];
}

function draftConditions(o: ReconcileObservation): Draft[] {
  return [
    ...readyAndStalled(o),
    ...resolvedCondition(o),
    reconcilingCondition(o),
    restartPendingCondition(o),
    ...runtimeFoundCondition(o),
  ];
}

/** The new conditions, keeping transition times (and conditions this reconcile did not evaluate). */
export function computeConditions(
  previous: readonly Condition[],
  o: ReconcileObservation,
  now: string,
): Condition[] {
  const byType = new Map(previous.map((c) => [c.type, c]));
  for (const draft of draftConditions(o)) {
    const old = byType.get(draft.type);
    const lastTransitionTime = old && old.status === draft.status ? old.lastTransitionTime : now;
    byType.set(draft.type, { ...draft, observedGeneration: o.generation, lastTransitionTime });
  }
  const order: string[] = Object.values(ConditionType);
  return [...byType.values()].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}
