// The ObjectMeta field list checked against Kubernetes' own model (client-node's V1ObjectMeta), so a missing
// or misspelt field shows up here rather than as a spurious "unknown field" warning on a Komposer read back
// from the cluster.
import { V1ObjectMeta } from "@kubernetes/client-node";
import { OBJECT_META_FIELDS } from "./object-meta.js";

describe("OBJECT_META_FIELDS", () => {
  it("is exactly Kubernetes' ObjectMeta", () => {
    const kubernetes = V1ObjectMeta.getAttributeTypeMap().map((attribute) => attribute.baseName);
    expect([...OBJECT_META_FIELDS].sort()).toEqual([...kubernetes].sort());
  });
});
