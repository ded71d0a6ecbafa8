// load: the Komposer from the informer cache, or a GET when the cache does not have it yet. Gone → stop;
// there is nothing to do (namespaced children are garbage-collected, the finalizer handled RBAC).
import { proceed, stop, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import { komposerRef, type KomposerObject } from "./komposer-object.js";
import { readSettings } from "./settings.js";

export const loadStep: Step<KomposerContext> = {
  name: "load",
  async run(ctx) {
    const found =
      ctx.deps.cached(ctx.key) ??
      (await ctx.deps.client.get<KomposerObject>(komposerRef(ctx.namespace, ctx.name)));
    if (!found) {
      ctx.gone = true;
      return stop();
    }
    ctx.komposer = found;
    ctx.settings = readSettings(found);
    return proceed;
  },
};
