// status (always runs, after a success, a stop or a failure): computes the status and writes it through the
// status subresource only when it differs from what is stored, so a steady-state resync writes nothing.
import type { KomposerStatus } from "../../api/komposer-status.js";
import { proceed, type Step } from "../steps.js";
import type { KomposerContext } from "./context.js";
import { komposerRef } from "./komposer-object.js";
import { buildStatus, statusPatch } from "./status.js";
import { jsonEqual } from "./write-if-changed.js";

export const statusStep: Step<KomposerContext> = {
  name: "status",
  always: true,
  async run(ctx, resultSoFar) {
    const komposer = ctx.komposer;
    if (ctx.gone || ctx.stale || !komposer) return proceed;
    const previous: KomposerStatus = komposer.status ?? {};
    const next = buildStatus(ctx, resultSoFar, new Date(ctx.deps.clock.now()).toISOString());
    if (jsonEqual(previous, next)) return proceed;
    await ctx.deps.client.patchStatus(komposerRef(ctx.namespace, ctx.name), statusPatch(previous, next));
    return proceed;
  },
};
