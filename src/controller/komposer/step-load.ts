// load: the Komposer from the informer cache, or a GET when the cache does not have it yet. Gone → abandon;
// there is nothing to do (namespaced children are garbage-collected, the finalizer handled RBAC).
import { abandon, proceed, type Step } from "../steps.js";
import type { Loaded, ReconcileStart } from "./context.js";
import { komposerRef, type KomposerObject } from "./komposer-object.js";
import { readSettings } from "./settings.js";

export const loadStep: Step<ReconcileStart, Loaded> = {
  name: "load",
  run: async (ctx) => {
    const found =
      ctx.deps.cached(ctx.key) ??
      (await ctx.deps.client.get<KomposerObject>(komposerRef(ctx.namespace, ctx.name)));
    if (!found) return abandon("gone");
    return proceed({ komposer: found, settings: readSettings(found) });
  },
};
