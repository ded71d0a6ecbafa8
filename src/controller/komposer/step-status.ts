// status (runs after a success, a stop or a failure): computes the status and writes it through the status
// subresource only when it differs from what is stored, so a steady-state resync writes nothing. A failure
// is also told as a Warning event with the condition's reason and message (the recorder counts repeats on
// one Event). Without a loaded Komposer (the load itself failed) there is nothing to write to.
import type { KomposerStatus } from "../../api/komposer-status.js";
import type { FinalStep } from "../steps.js";
import type { Reached } from "./context.js";
import { involvedObject, komposerRef } from "./komposer-object.js";
import { buildStatus, failureOf, statusPatch } from "./status.js";
import { jsonEqual } from "./write-if-changed.js";

export const statusStep: FinalStep<Reached> = {
  name: "status",
  run: async (reached, soFar) => {
    if (!("komposer" in reached)) return;
    const previous: KomposerStatus = reached.komposer.status ?? {};
    const failure = failureOf(soFar.result);
    if (failure)
      await reached.deps.events.warning(involvedObject(reached.komposer), failure.reason, failure.message);
    const next = buildStatus(reached, soFar, new Date(reached.deps.clock.now()).toISOString());
    if (jsonEqual(previous, next)) return;
    await reached.deps.client.patchStatus(
      komposerRef(reached.namespace, reached.name),
      statusPatch(previous, next),
    );
  },
};
