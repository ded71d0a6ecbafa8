import { RECONCILE_REQUEST_ANNOTATION } from "../../api/komposer.js";
import type { KomposerContext } from "./context.js";
import type { KomposerObject } from "./komposer-object.js";
import { buildStatus } from "./status.js";

function contextFor(annotations: Record<string, string>, suspended = false): KomposerContext {
  const komposer: KomposerObject = {
    metadata: { name: "p", namespace: "ns", uid: "u", generation: 2, annotations },
    status: { lastHandledReconcileAt: "earlier" },
  };
  return {
    key: "ns/p",
    namespace: "ns",
    name: "p",
    komposer,
    next: {},
    suspended,
  } as unknown as KomposerContext;
}

describe("status.lastHandledReconcileAt", () => {
  const now = "2026-12-04T00:00:00.000Z";

  it("echoes the requestedAt annotation once a reconcile handled it", () => {
    const status = buildStatus(contextFor({ [RECONCILE_REQUEST_ANNOTATION]: "r2" }), undefined, now);
    expect(status.lastHandledReconcileAt).toBe("r2");
  });

  it("keeps the last value while suspended (a suspended Komposer handles no request)", () => {
    const status = buildStatus(contextFor({ [RECONCILE_REQUEST_ANNOTATION]: "r2" }, true), undefined, now);
    expect(status.lastHandledReconcileAt).toBe("earlier");
  });
});
