// guard: what stops a Komposer before any resolution. spec.suspend → only the status is written. One Komposer
// per namespace (docs/reference/operator.md#one-komposer-per-namespace): the oldest (creationTimestamp, then
// name) owns it; any other is Stalled with NamespaceTaken until the owner is deleted (the manager then
// requeues the namespace).
import { PolicyError } from "../../core/errors.js";
import { success } from "../reconcile-result.js";
import { proceed, stop, type Step } from "../steps.js";
import type { Loaded, NamespaceOwned, ReconcileStart } from "./context.js";
import { compareByAge, isDeleting, type KomposerObject } from "./komposer-object.js";

export const guardStep: Step<ReconcileStart & Loaded, NamespaceOwned> = {
  name: "guard",
  run: (ctx) => {
    const { komposer, settings } = ctx;
    if (settings.suspend) return stop(success(settings.intervalMs));
    const owner = namespaceOwner(ctx.deps.listNamespace(ctx.namespace), komposer);
    if (owner.metadata.uid !== komposer.metadata.uid) {
      throw new PolicyError(
        "NamespaceTaken",
        `namespace ${ctx.namespace} already has Komposer ${owner.metadata.name}, created earlier; only one ` +
          `Komposer per namespace drives a runtime: merge this one into ${owner.metadata.name} or move it to another namespace`,
      );
    }
    return proceed({ namespaceOwned: true });
  },
};

function namespaceOwner(peers: readonly KomposerObject[], self: KomposerObject): KomposerObject {
  const live = peers.filter((k) => !isDeleting(k) && k.metadata.uid !== self.metadata.uid);
  return [...live, self].sort(compareByAge)[0] ?? self;
}
