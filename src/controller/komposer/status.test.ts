import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import type { KomposerObject } from "./komposer-object.js";
import { readSettings } from "./settings.js";
import { buildStatus, type LoadedReached } from "./status.js";

/** A reconcile that loaded the Komposer and went no further (what a suspended one reaches). */
function reachedFor(annotations: Record<string, string>, suspended = false): LoadedReached {
  const komposer: KomposerObject = {
    metadata: { name: "p", namespace: "ns", uid: "u", generation: 2, annotations },
    spec: { suspend: suspended },
    status: { lastHandledReconcileAt: "earlier" },
  };
  return {
    key: "ns/p",
    namespace: "ns",
    name: "p",
    komposer,
    settings: readSettings(komposer),
  } as unknown as LoadedReached;
}

describe("status.lastHandledReconcileAt", () => {
  const now = "2026-12-04T00:00:00.000Z";

  it("echoes the requestedAt annotation once a reconcile handled it", () => {
    const status = buildStatus(reachedFor({ [RECONCILE_REQUEST_ANNOTATION]: "r2" }), { failed: false }, now);
    expect(status.lastHandledReconcileAt).toBe("r2");
  });

  it("keeps the last value while suspended (a suspended Komposer handles no request)", () => {
    const status = buildStatus(
      reachedFor({ [RECONCILE_REQUEST_ANNOTATION]: "r2" }, true),
      { failed: false },
      now,
    );
    expect(status.lastHandledReconcileAt).toBe("earlier");
  });
});
