// The katalog.yaml each runtime generation receives: entries converted to its layout and stamped where it has
// stamps, disabled entries left out, only the blocks its serializer writes, and what it would refuse reported
// instead of written.
import type { EffectiveCrd, EffectiveKatalog } from "../api/effective.js";
import { InvalidInputError } from "./errors.js";
import { buildRuntimePayload } from "./runtime-payload.js";
import { explicitTarget, type RuntimeTarget } from "./runtime-schema/detect.js";
import { apiTypesFor, effectiveCrd } from "../../test/support/test-documents.js";

function target(version: string): RuntimeTarget {
  const found = explicitTarget(version, "flag");
  if (!found.ok) throw new Error(found.message);
  return found.target;
}

const web: EffectiveCrd = {
  ...effectiveCrd("web", { operatorBox: { reconcile: { workers: 2 } } }),
  moves: [["workers", "operatorBox.reconcile.workers"]],
  source: {
    katalogName: "web-k",
    katalogNamespace: "default",
    katalogVersion: "1.0.0",
    origin: "oci://r.io/web:1",
    identity: "sha256:1",
  },
};

const katalog = (over: Partial<EffectiveKatalog> = {}): EffectiveKatalog => ({
  metadata: { name: "root", namespace: "default", version: "1.0.0" },
  sources: ["k.yaml"],
  crds: [web, effectiveCrd("off", { enabled: false })],
  blocks: {
    gateway: { enabled: true },
    notification: { enabled: true },
    security: { certManager: { autoRotate: true } },
    lifecycle: { a: 1 },
    profiles: null,
  },
  ...over,
});

const head = {
  apiVersion: "orkestra.orkspace.io/v1",
  kind: "Katalog",
  metadata: { name: "root", version: "1.0.0" },
};
const blocks12 = {
  security: { certManager: { autoRotate: true } },
  gateway: { enabled: true },
  notification: { enabled: true },
};
const stamps = { katalogName: "web-k", katalogNamespace: "default", katalogVersion: "1.0.0" };

describe("buildRuntimePayload", () => {
  it("writes generation 1 without stamps, with the fields where it keeps them", () => {
    const payload = buildRuntimePayload(katalog(), target("0.7.8"));
    expect(payload.document).toEqual({
      ...head,
      spec: { crds: { web: { apiTypes: apiTypesFor("web"), workers: 2 } } },
      ...blocks12,
    });
    expect([...payload.entries.keys()]).toEqual(["web"]);
    // Written at CRD level, read at CRD level: nothing moved.
    expect(payload.moves).toEqual([]);
    expect(payload.target.generation).toBe(1);
  });

  it("writes generation 2 with stamps, under operatorBox.reconciler, and lists the net move", () => {
    const payload = buildRuntimePayload(katalog(), target("0.7.9"));
    expect(payload.document).toEqual({
      ...head,
      spec: {
        crds: {
          web: { apiTypes: apiTypesFor("web"), operatorBox: { reconciler: { workers: 2 } }, ...stamps },
        },
      },
      ...blocks12,
    });
    expect(payload.moves).toEqual([{ crd: "web", from: "workers", to: "operatorBox.reconciler.workers" }]);
  });

  it("writes generation 3 without the blocks its serializer dropped, and always a security block", () => {
    const payload = buildRuntimePayload(
      katalog({ blocks: { notification: { enabled: true } } }),
      target("0.7.18"),
    );
    expect(payload.document).toEqual({
      ...head,
      spec: {
        crds: {
          web: { apiTypes: apiTypesFor("web"), operatorBox: { reconcile: { workers: 2 } }, ...stamps },
        },
      },
      security: {},
    });
    expect(payload.entries.get("web")).toEqual(
      (payload.document.spec as { crds: Record<string, unknown> }).crds.web,
    );
  });

  it("refuses what the target would not decode, in entries and blocks, naming where each came from", () => {
    let error: unknown;
    try {
      buildRuntimePayload(
        katalog({
          crds: [effectiveCrd("bad", { colour: 1 })],
          blocks: { notification: { x: 1 } },
        }),
        target("0.7.8"),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).reason).toBe("IncompatibleWithRuntime");
    expect((error as InvalidInputError).problems.map((p) => `${p.file}: ${p.path}`)).toEqual([
      "oci://r.io/bad:v1: spec.crds.bad.colour",
      "the merged katalog.yaml: notification.x",
    ]);
    expect((error as Error).message.split("\n")[0]).toBe(
      "the merged katalog.yaml would be refused by the target runtime — runtime 0.7.8 (--runtime-version): " +
        "Katalog schema generation 1 (runtime 0.7.0–0.7.8):",
    );
  });

  it("refuses an entry whose conversion meets a value in the way, naming the generation's layout", () => {
    const blocked = effectiveCrd("bad", { operatorBox: { reconciler: 5, reconcile: { workers: 2 } } });
    expect(() => buildRuntimePayload(katalog({ crds: [blocked] }), target("0.7.9"))).toThrow(
      "oci://r.io/bad:v1: spec.crds.bad.operatorBox.reconcile.workers: is set here and, with a different value, at " +
        "spec.crds.bad.operatorBox.reconciler.workers (its place in the generation 2 (runtime 0.7.9–0.7.17) " +
        "layout); keep one of the two",
    );
  });
});
