// Generation 2 (runtime 0.7.9–0.7.17; modelled as 0.7.17): workers, resync and queue under
// operatorBox.reconciler; hooks, status, finalizers flat in operatorBox; admission, deletion protection,
// namespaces and motif imports at CRD level. Read from orkspace/orkestra pkg/types/types_crd_entry.go@eacb2604
// and types_operatorbox.go@21ac6793 (upstream-schema.md §1.3). The 0.7.9–0.7.15 spellings (`anyOf`,
// hooks.resources, list-shaped labels) are not modelled: a katalog for those runtimes uses 0.7.16+'s.
import type { SchemaDescription } from "./description.js";
import { GENERATION_3, SHARED_STRUCTS } from "./generation-3.js";

const CRD_ENTRY_COMMON =
  "katalogName katalogNamespace katalogDescription katalogVersion crossAccess:bool enabled:bool description mode:enum(typed|dynamic) apiTypes:APITypes crdFile crFiles:[]str setup:any namespaced:bool namespace workersActive:int(1,50) dependsOn:any enrichAll:bool enrich:[]any operatorBox:OperatorBox labels:{}str labelSelector:{}str fieldSelector:{}str ignoreStatusPatch:bool ignoreObservedGeneration:bool endpoints:EndpointsConfig restrictedNamespaces:any allowedNamespaces:any conversion:any validation:ValidationConfig mutation:MutationConfig webhooks:WebhookSettings normalize:any removeFinalizers:bool deletionProtection:DeletionProtectionOverride imports:[]MotifImport serve:any forceConflict:bool warnings:[]str";

const BOX_COMMON =
  "preReconcile:PreReconcileConfig finalizers:[]str onCreate:HookTemplates onReconcile:HookTemplates onDelete:HookTemplates status:StatusConfig providers:any cross:[]CrossCRDDeclaration autoscale:AutoscaleSpec rollback:any rollBackOnError:bool when:[]Condition";

export const GENERATION_2: SchemaDescription = {
  crdEntry: "CRDEntry",
  document: "KatalogFile",
  structs: {
    ...SHARED_STRUCTS,
    KatalogFile:
      "apiVersion kind metadata:KatalogMeta lifecycle:KatalogLifecycle policy:KatalogPolicy imports:KatalogSources spec:KatalogSpec security:KatalogSecurity crossAccess:bool gateway:GatewayConfig publish:any notification:any notes:any profiles:any providers:any",
    CRDEntry: CRD_ENTRY_COMMON,
    OperatorBox: `reconciler:ReconcilerConfig observe:Observe or:[]Condition ${BOX_COMMON}`,
    ReconcilerConfig:
      "default:bool hooks:HookDeclaration constructor:ConstructorDeclaration profile workers:int(1,50) resync:Duration queue:Queue requeue:RequeueConfig include",
    Observe: "watch:[]WatchEntry events:{}EventEntry include",
    WatchEntry: GENERATION_3.structs.WatchEntry!,
    WatchKeyFrom: GENERATION_3.structs.WatchKeyFrom!,
    WatchIndex: GENERATION_3.structs.WatchIndex!,
    EventEntry: GENERATION_3.structs.EventEntry!,
    // Inbound Git/Slack webhooks, dropped in generation 3 (upstream-schema facts, ork:types_webhooks.go@eacb2604).
    GatewayConfig: `${GENERATION_3.structs.GatewayConfig!} webhooks:any`,
  },
};
