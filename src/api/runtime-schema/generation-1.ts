// Generation 1 (runtime ≤ 0.7.8): workers, resync and queue at CRD level; default, hooks and constructor at the
// root of operatorBox (hooks with `resources`), `anyOf` instead of `or`. Read from iAlexeze/orkestra
// pkg/types/types_operatorbox.go@0f5fbeb6 and the v0.7.9 CHANGELOG's "before" example (upstream-schema.md
// §1.2). The CRD entry's other fields are taken to be generation 2's [inferred: no gen-1 CRDEntry was readable].
import type { SchemaDescription } from "./description.js";
import { GENERATION_2_BOX, GENERATION_2_CRD_ENTRY } from "./generation-2.js";
import { SHARED_STRUCTS } from "./generation-3.js";

export const GENERATION_1: SchemaDescription = {
  crdEntry: "CRDEntry",
  document: "KatalogFile",
  structs: {
    ...SHARED_STRUCTS,
    KatalogFile:
      "apiVersion kind metadata:KatalogMeta lifecycle:KatalogLifecycle policy:KatalogPolicy imports:KatalogSources spec:KatalogSpec security:KatalogSecurity crossAccess:bool gateway:GatewayConfig publish:any notification:any notes:any profiles:any providers:any",
    CRDEntry: `${GENERATION_2_CRD_ENTRY} workers:int(1,50) resync:Duration queue:Queue`,
    OperatorBox: `default:bool hooks:LegacyHookDeclaration constructor:LegacyHookDeclaration anyOf:[]Condition ${GENERATION_2_BOX}`,
    LegacyHookDeclaration: "location version fetch:bool function alias resources:[]ManagedResource",
  },
};
