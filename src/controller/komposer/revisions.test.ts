import { BUNDLE_LABELS, BundleAnnotation } from "../../core/bundle-objects.js";
import { RevisionAnnotation } from "./komposer-object.js";
import {
  activeConfigMapDrifted,
  activeConfigMapFromRevision,
  revisionObject,
  revisionsToDelete,
  rulesOfRevision,
  type RevisionConfigMap,
} from "./revisions.js";

const revision = (name: string, createdAt: string): RevisionConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, annotations: { [RevisionAnnotation.createdAt]: createdAt } },
});

describe("revisionsToDelete", () => {
  const history = [
    revision("r1", "2026-01-01T00:00:01Z"),
    revision("r3", "2026-01-01T00:00:03Z"),
    revision("r2", "2026-01-01T00:00:02Z"),
    revision("r4", "2026-01-01T00:00:04Z"),
  ];

  it("keeps the newest `keep` revisions by creation time, whatever the list order", () => {
    expect(revisionsToDelete(history, 2, new Set()).sort()).toEqual(["r1", "r2"]);
    expect(revisionsToDelete(history, 10, new Set())).toEqual([]);
  });

  it("never deletes the active or the desired revision, even when it is old", () => {
    expect(revisionsToDelete(history, 1, new Set(["r1", "r4"])).sort()).toEqual(["r2", "r3"]);
  });
});

describe("revision ConfigMaps", () => {
  const rules = [{ apiGroups: [""], resources: ["services"], verbs: ["get"] }];
  const stored = revisionObject({
    name: "orkestra-katalog-abc",
    namespace: "team",
    digest: "sha256:abc",
    rules,
    bundleConfigMap: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "orkestra-katalog",
        annotations: { [BundleAnnotation.source]: "platform", [BundleAnnotation.digest]: "sha256:abc" },
      },
      data: { "katalog.yaml": "kind: Katalog\n" },
    },
    owner: { uid: "u1", kind: "Komposer" },
    createdAt: "2026-01-01T00:00:00Z",
  });

  it("is immutable and remembers its rules", () => {
    expect(stored.immutable).toBe(true);
    expect(rulesOfRevision(stored)).toEqual(rules);
    expect(rulesOfRevision(undefined)).toBeUndefined();
  });

  it("rebuilds the active ConfigMap as activation wrote it: same data, bundle labels and annotations", () => {
    const restored = activeConfigMapFromRevision(stored, { uid: "u1", kind: "Komposer" });
    expect(restored.metadata).toEqual({
      name: "orkestra-katalog",
      namespace: "team",
      labels: { ...BUNDLE_LABELS },
      annotations: { [BundleAnnotation.digest]: "sha256:abc", [BundleAnnotation.source]: "platform" },
      ownerReferences: [{ uid: "u1", kind: "Komposer" }],
    });
    expect(restored.data).toEqual({ "katalog.yaml": "kind: Katalog\n" });
    expect(restored.immutable).toBeUndefined();
  });

  it("sees a deleted or hand-edited active ConfigMap as drifted, an identical one as not", () => {
    const data = { "katalog.yaml": "kind: Katalog\n" };
    expect(activeConfigMapDrifted(undefined, data)).toBe(true);
    expect(activeConfigMapDrifted({ data: { "katalog.yaml": "edited" } }, data)).toBe(true);
    expect(activeConfigMapDrifted({ data: { ...data, extra: "x" } }, data)).toBe(true);
    expect(activeConfigMapDrifted({ data: {} }, data)).toBe(true);
    expect(activeConfigMapDrifted({ data: { ...data } }, data)).toBe(false);
  });
});
