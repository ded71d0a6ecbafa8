// The bundle's objects as upstream's bundles spell them, written out here rather than read from the module's
// own constants: a changed label or apiVersion is a bundle kubectl or the runtime treats differently.
import {
  BUNDLE_LABELS,
  clusterRoleBindingObject,
  clusterRoleObject,
  katalogConfigMapObject,
  namespaceObject,
  serviceAccountObject,
} from "./bundle-objects.js";

const parts = { labels: { a: "1" }, annotations: { b: "2" } };

describe("bundle objects", () => {
  it("labels every object as upstream does, plus managed-by", () => {
    expect(BUNDLE_LABELS).toStrictEqual({
      "app.kubernetes.io/name": "orkestra",
      "app.kubernetes.io/tag": "orkestra-internal",
      "orkestra.io/deletion-protection": "true",
      "app.kubernetes.io/managed-by": "komposer",
    });
  });

  it("builds each object with its apiVersion, kind, name and namespace, copying the metadata parts", () => {
    const metadata = { labels: { a: "1" }, annotations: { b: "2" } };
    expect(namespaceObject("orkestra", parts)).toStrictEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "orkestra", ...metadata },
    });
    expect(serviceAccountObject("orkestra", parts)).toStrictEqual({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "orkestra", namespace: "orkestra", ...metadata },
    });
    expect(serviceAccountObject("ns", parts, "orkestra-gateway").metadata.name).toBe("orkestra-gateway");
    expect(
      clusterRoleObject(
        "orkestra-ns",
        [
          { apiGroups: ["a"], resources: ["b"], verbs: ["get"] },
          { apiGroups: [""], resources: ["secrets"], resourceNames: ["t"], verbs: ["get"] },
        ],
        parts,
      ),
    ).toStrictEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "orkestra-ns", ...metadata },
      rules: [
        { apiGroups: ["a"], resources: ["b"], verbs: ["get"] },
        { apiGroups: [""], resources: ["secrets"], resourceNames: ["t"], verbs: ["get"] },
      ],
    });
    expect(
      clusterRoleBindingObject("orkestra-ns", { name: "orkestra", namespace: "ns" }, parts),
    ).toStrictEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "orkestra-ns", ...metadata },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "orkestra-ns" },
      subjects: [{ kind: "ServiceAccount", name: "orkestra", namespace: "ns" }],
    });
    expect(katalogConfigMapObject("ns", "kind: Katalog\n", parts)).toStrictEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "orkestra-katalog", namespace: "ns", ...metadata },
      data: { "katalog.yaml": "kind: Katalog\n" },
    });
  });

  it("never shares the caller's label or annotation maps", () => {
    const object = namespaceObject("orkestra", parts);
    object.metadata.labels!.x = "y";
    expect(parts.labels).toStrictEqual({ a: "1" });
  });
});
