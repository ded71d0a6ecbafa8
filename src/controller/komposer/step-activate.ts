// activate (docs/reference/operator.md#activation): only at first install (no active bundle yet) or when
// spec.restartToken differs from status.observedRestartToken. Order matters: RBAC first (the union of old and
// new rules, so old pods keep their permissions mid-rollout), then the active ConfigMap, then the Deployment
// restart. Each write is skipped when the object already matches, so a crash half-way is repaired by simply
// running again.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { KubeObject } from "../../api/effective.js";
import { success } from "../reconcile-result.js";
import { abandon, proceed, type Step } from "../steps.js";
import { shortDigest } from "../../core/digest.js";
import type {
  ActivatedBundle,
  Activation,
  Composed,
  Loaded,
  NamespaceOwned,
  ReconcileStart,
  Staged,
} from "./context.js";
import { involvedObject, komposerRef, ownerReference, type KomposerObject } from "./komposer-object.js";
import { rulesOf, unionRules } from "../../core/rbac-rules.js";
import { readClusterRole } from "./cluster-role.js";
import { restartRuntime } from "./runtime-deployment.js";
import { applyIfChanged, withOwner } from "./write-if-changed.js";

/** The informer event of the newer generation re-queues the key anyway; this is only a safety net. */
const STALE_RETRY_MS = 1_000;

export function needsActivation(komposer: KomposerObject, restartToken: string | undefined): boolean {
  const status = komposer.status;
  return !status?.active || (restartToken ?? "") !== (status.observedRestartToken ?? "");
}

export type ActivationDecision = "activate" | "up-to-date" | "stale";

/**
 * Whether to activate now (pure). The informer copy a reconcile starts from can lag our own last status
 * write (a reconcile queued by the finalizer patch sees the object without the status that recorded the
 * activation), so a "yes" from the cached copy is confirmed on the live object: one token activates once.
 * A live object of another generation (or none) means this composition is stale: the next reconcile decides.
 */
export function decideActivation(
  cached: KomposerObject,
  live: KomposerObject | undefined,
  restartToken: string | undefined,
): ActivationDecision {
  if (!needsActivation(cached, restartToken)) return "up-to-date";
  if (!live || live.metadata.generation !== cached.metadata.generation) return "stale";
  return needsActivation(live, restartToken) ? "activate" : "up-to-date";
}

/**
 * The Activated event's text. A new token with an unchanged bundle is a deliberate "restart now" (like `kubectl
 * rollout restart`): it rolls the runtime onto the same bundle, and the event says so (docs/gitops.md).
 */
export function activationMessage(options: {
  digest: string;
  previousDigest: string | undefined;
  token: string | undefined;
  deployment: string | undefined;
}): string {
  const { digest, previousDigest, token, deployment } = options;
  const what =
    previousDigest === digest
      ? `Restart requested by restartToken ${JSON.stringify(token ?? "")}: bundle ${digest} is unchanged`
      : `Activated bundle ${digest}`;
  return `${what}; ${deployment ? `restarting Deployment ${deployment}` : "runtime Deployment not found"}`;
}

type Input = ReconcileStart & Loaded & NamespaceOwned & Composed & Staged;

/** Adds the activation decided, and the Komposer to report from (the live copy when it was newer). */
export const activateStep: Step<Input, Activation & Pick<Loaded, "komposer">> = {
  name: "activate",
  run: async (ctx) => {
    const { komposer } = ctx;
    const token = ctx.settings.restartToken;
    if (!needsActivation(komposer, token)) return proceed({ komposer, activated: null });
    // Activation is rare, so one live GET to confirm it costs nothing in steady state.
    const live = await ctx.deps.client.get<KomposerObject>(komposerRef(ctx.namespace, ctx.name));
    const decision = decideActivation(komposer, live, token);
    // Nothing decided from a stale copy may be written, status included; the next reconcile decides.
    if (decision === "stale") return abandon("stale", success(STALE_RETRY_MS));
    // Report from the live status (it has the activation the cache has not seen yet).
    if (decision === "up-to-date") return proceed({ komposer: live ?? komposer, activated: null });
    return proceed({ komposer, activated: await activate(ctx, token) });
  },
};

async function activate(ctx: Input, token: string | undefined): Promise<ActivatedBundle> {
  const { client } = ctx.deps;
  const { komposer, desired, settings } = ctx;
  const owner = ownerReference(komposer);
  for (const object of ctx.composition.objects) {
    await applyIfChanged(client, await activationObject(ctx, object, owner));
  }
  const digest = desired.digest;
  const runtimeFound = await restartRuntime(client, ctx.namespace, settings.runtimeDeployment, {
    restartToken: token ?? "",
    bundleDigest: digest,
  });
  ctx.log.info({ digest, restartToken: token, runtimeFound }, "Activated bundle");
  await ctx.deps.events.normal(
    involvedObject(komposer),
    "Activated",
    activationMessage({
      digest,
      previousDigest: komposer.status?.active?.digest,
      token,
      deployment: runtimeFound ? settings.runtimeDeployment : undefined,
    }),
  );
  return {
    active: {
      digest,
      shortDigest: shortDigest(digest),
      configMap: desired.configMap,
      ...(token === undefined ? {} : { restartToken: token }),
      activatedAt: new Date(ctx.deps.clock.now()).toISOString(),
    },
    observedRestartToken: token ?? "",
    runtimeFound,
  };
}

/** The bundle object as the operator writes it: namespaced ones owned by the Komposer; RBAC as a union. */
async function activationObject(
  ctx: Input,
  object: KubeObject,
  owner: Record<string, unknown>,
): Promise<KubernetesObject> {
  if (object.kind !== "ClusterRole") return object.metadata.namespace ? withOwner(object, owner) : object;
  // Each ClusterRole (the runtime's, and the gateway's when the katalog has one) keeps its old rules too.
  const live = await readClusterRole(ctx.deps.client, object.metadata.name);
  return { ...object, rules: unionRules(live?.rules ?? [], rulesOf(object)) } as KubernetesObject;
}
