// guard: what stops a Komposer before any resolution. spec.suspend → only the status is written. One Komposer
// per namespace (docs/reference/operator.md#one-komposer-per-namespace): the oldest (creationTimestamp, then
// name) owns it; any other is Stalled with NamespaceTaken until the owner is deleted (the manager then
// requeues the namespace).
import { PolicyError } from "../../core/errors.js";
import { success } from "../reconcile-result.js";
import { proceed, stop, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import { compareByAge, involvedObject, isDeleting, type KomposerObject } from "./komposer-object.js";

export const guardStep: Step<KomposerContext> = {
  name: "guard",
  async run(ctx) {
    const komposer = ctx.komposer as KomposerObject;
    if (ctx.settings?.suspend) {
      ctx.suspended = true;
      return stop(success(ctx.settings.intervalMs));
    }
    const owner = namespaceOwner(ctx.deps.listNamespace(ctx.namespace), komposer);
    if (owner.metadata.uid !== komposer.metadata.uid) {
      const error = new PolicyError(
        "NamespaceTaken",
        `namespace ${ctx.namespace} already has Komposer ${owner.metadata.name}, created earlier; only one ` +
          `Komposer per namespace drives a runtime: merge this one into ${owner.metadata.name} or move it to another namespace`,
      );
      await ctx.deps.events.warning(involvedObject(komposer), "Conflict", error.message);
      throw error;
    }
    return proceed;
  },
};

function namespaceOwner(peers: readonly KomposerObject[], self: KomposerObject): KomposerObject {
  const live = peers.filter((k) => !isDeleting(k) && k.metadata.uid !== self.metadata.uid);
  return [...live, self].sort(compareByAge)[0] ?? self;
}
