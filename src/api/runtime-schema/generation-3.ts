// Generation 3 (runtime 0.7.18 "OPPRE"): operatorBox has exactly observe, preReconcile, runtime, reconcile and
// emit; admission settings live under admission.*. Read from the Orkestra-era files of inrundev/inrun
// (types_crd_entry.go@2a00eb37, types_operatorbox.go, types_reconcile_config.go@b97567de, types_runtime_config
// as orkspace/orkestra@c19d2087 has it — with cleanup, without rollback —, types_emit.go@5de6dfb3,
// types_observe.go, admission.go, katalog.go@2a00eb37, types.go, security.go). Structs marked `any` were not
// readable here and are accepted whole (see docs/decisions/0007-runtime-schema-generations.md).
import type { SchemaDescription } from "./description.js";
import { HOOK_TEMPLATE_STRUCTS } from "./hook-templates.js";

/** Structs every generation shares (the document around spec.crds, and the CRD entry's building blocks). */
export const SHARED_STRUCTS: Readonly<Record<string, string>> = {
  ...HOOK_TEMPLATE_STRUCTS,
  KatalogMeta:
    "name namespace clusterName description version author license tags:[]str createdBy projects:{}any",
  KatalogSpec: "imports:[]MotifImport finalizers:[]str crds:{}CRDEntry",
  KatalogLifecycle:
    "maturity:enum(alpha|beta|stable|deprecated) deprecation:KatalogDeprecation compatibility:LifecycleCompat accept:KomposerAccept",
  KatalogDeprecation: "timeline:DeprecationTimeline migratedTo message",
  DeprecationTimeline: "from to",
  LifecycleCompat: "kubernetes orkestra",
  KomposerAccept: "patterns:[]KomposerAcceptEntry",
  KomposerAcceptEntry: "name author version",
  KatalogPolicy: "lifecycle:KatalogLifecyclePolicy",
  KatalogLifecyclePolicy: "minMaturity:enum(alpha|beta|stable|deprecated)",
  KatalogSources: "files:[]either(str,FileSource) helm:[]HelmSource registry:[]any",
  FileSource: "url auth:FileSourceAuth",
  FileSourceAuth: "type:enum(bearer|github|basic) fromEnv usernameFromEnv passwordFromEnv",
  HelmSource: "repo chart version path valueFiles:[]str values:{}any",
  KatalogSecurity:
    "serviceName:ServiceName deletionProtection:DeletionProtectionConfig webhooks:WebhooksConfig conversion:ConversionConfig namespaceProtection:NamespaceProtectionConfig certManager:CertManagerConfig",
  ServiceName: "runtime gateway",
  DeletionProtectionConfig: "enabled:bool serviceName failurePolicy cleanupOnShutdown:bool strictMode:bool",
  NamespaceProtectionConfig:
    "enabled:bool serviceName failurePolicy restrictedNamespaces:any allowedNamespaces:any cleanupOnShutdown:bool",
  WebhooksConfig: "admission:AdmissionWebhookToggle failurePolicy serviceName cleanupOnShutdown:bool",
  AdmissionWebhookToggle: "enabled:bool",
  ConversionConfig: "enabled:bool conversionWindow:int",
  CertManagerConfig: "autoRotate:bool rotationThreshold validFor",
  GatewayConfig: "enabled:bool standalone:bool endpoint api:GatewayAPIConfig clusters:GatewayClustersConfig",
  // Untagged Go fields: yaml.v3 uses the lower-cased field name.
  GatewayClustersConfig: "include entries:{}GatewayClusterConfig",
  GatewayClusterConfig:
    "endpoint secretRef:APISecretRef tokenRef:APISecretRef caRef:APISecretRef insecure:bool",
  GatewayAPIConfig: "enabled:bool auth:APIAuth",
  APIAuth: "tokens:[]APIToken include",
  APIToken: "name secretRef:APISecretRef token githubOIDC:any gitlabOIDC:any vaultOIDC:any oidc:any",
  MotifImport: "motif version oci auth:any with:{}any",
  APITypes: "object objectList alias group version kind plural apiPath location",
  Queue:
    "shared:bool type maxDepth:int failureThreshold:int behaviour:QueueBehaviour retryBackoff:either(dur,RetryBackoffConfig)",
  QueueBehaviour: "onLimit:QueueBehaviourSetting onThreshold:QueueBehaviourSetting",
  QueueBehaviourSetting: "drop:bool value:int when:[]Condition or:[]Condition",
  RequeueConfig: "after when:[]Condition or:[]Condition",
  HookDeclaration:
    "location version fetch:bool function alias managedResources:[]ManagedResource runHooksFirst:bool args:{}any external:[]ExternalCallSpec",
  ConstructorDeclaration:
    "location version fetch:bool function alias managedResources:[]ManagedResource args:{}any",
  ManagedResource: "group version kind plural apiVersion name namespace",
  PreReconcileConfig:
    "external:[]ExternalCallSpec sentinels:[]str enqueueGate:GateConditions reconcileGate:GateConditions",
  GateConditions:
    "external:[]ExternalCallSpec sentinels:[]str eventAware:bool when:[]Condition or:[]Condition failPolicy:enum(open|closed)",
  StatusConfig: "include fields:[]StatusFieldSpec conditions:bool",
  StatusFieldSpec: "path value type when:[]Condition or:[]Condition clearOnFalse:bool",
  CrossCRDDeclaration: "crd labelSelector:{}str selector:CrossSelector as strategy source:CrossSource",
  CrossSelector: "name namespace matchLabels:{}str",
  AutoscaleSpec:
    "interval:Duration cooldown:Duration conditions:AutoscaleConditions do:AutoscaleAction profile",
  AutoscaleConditions: "or:[]Condition when:[]Condition",
  AutoscaleAction: "workers:int queueDepth:int resync:Duration",
  DeletionProtectionOverride: "protectCRD:bool protectCRs:bool strictMode:bool",
  WebhookSettings: "validation:bool mutation:bool operations:[]enum(CREATE|UPDATE|DELETE|CONNECT)",
  ValidationConfig: "include external:[]ExternalCallSpec rules:[]ValidationRule",
  ValidationRule:
    "field message action:enum(deny|warn) equals notEquals prefix notPrefix suffix notSuffix contains min max greaterThan lessThan greaterThanOrEqual lessThanOrEqual notContains regex between notBetween in notIn operator value valueType when:[]Condition or:[]Condition fires:FiresConfig link",
  MutationConfig: "include external:[]ExternalCallSpec rules:[]MutationRule mutateFirst:bool",
  MutationRule: "field default:any override:any valueType when:[]Condition or:[]Condition fires:FiresConfig",
  EndpointsConfig: "enabled:bool health:bool info:bool",
};

export const GENERATION_3: SchemaDescription = {
  crdEntry: "CRDEntry",
  document: "KatalogFile",
  structs: {
    ...SHARED_STRUCTS,
    KatalogFile:
      "apiVersion kind metadata:KatalogMeta lifecycle:KatalogLifecycle policy:KatalogPolicy imports:KatalogSources spec:KatalogSpec security:KatalogSecurity crossAccess:bool gateway:GatewayConfig publish:any notes:any profiles:any",
    CRDEntry:
      "katalogName katalogNamespace katalogDescription katalogVersion crossAccess:bool enabled:bool description mode:enum(typed|dynamic) apiTypes:APITypes crdFile crFiles:[]str setup:any namespaced:bool namespace workersActive:int(1,50) dependsOn:any enrichAll:bool enrich:[]any operatorBox:OperatorBox annotations:{}str labels:{}str labelSelector:{}str fieldSelector:{}str endpoints:EndpointsConfig admission:Admission warnings:[]str info:[]str serve:any forceConflict:bool",
    OperatorBox:
      "observe:Observe preReconcile:PreReconcileConfig runtime:RuntimeConfig reconcile:ReconcileConfig emit:EmitConfig",
    Observe: "watch:[]WatchEntry events:{}EventEntry cross:[]CrossCRDDeclaration include",
    WatchEntry:
      "apiVersion kind namespace name on:[]str enqueueGate:GateConditions keyFrom:WatchKeyFrom index:[]WatchIndex include",
    WatchKeyFrom: "label name namespace",
    WatchIndex: "name field",
    EventEntry:
      "reason action type reportingController reportingInstance regarding:ManagedResource related:ManagedResource namespace name on:[]str keyFrom:WatchKeyFrom enqueueGate:GateConditions include",
    RuntimeConfig:
      "finalizers:[]str removeFinalizers:bool deletionProtection:DeletionProtectionOverride restrictedNamespaces:any allowedNamespaces:any ignoreStatusPatch:bool ignoreObservedGeneration:bool autoscale:AutoscaleSpec cleanup:CleanupConfig",
    CleanupConfig: "when:[]Condition or:[]Condition deleteAfter:Duration",
    ReconcileConfig:
      "default:bool hooks:HookDeclaration constructor:ConstructorDeclaration remote:RemoteReconciler profile workers:int(1,50) resync:Duration queue:Queue requeue:RequeueConfig normalize:any imports:[]MotifImport forceConflict:bool onCreate:HookTemplates onReconcile:HookTemplates onDelete:HookTemplates include",
    RemoteReconciler:
      "protocol:enum(http|grpc) endpoint managedResources:[]ManagedResource args:{}any auth:ExternalAuth timeout:Duration payload:RemotePayload",
    RemotePayload: "object:RemotePayloadObject children:RemotePayloadChildren",
    RemotePayloadObject: "exclude:[]str",
    RemotePayloadChildren: "enabled:bool resources:{}RemotePayloadObject exclude:[]str",
    EmitConfig: "status:StatusConfig events:{}EmitEvent",
    EmitEvent:
      "type:enum(Normal|Warning) reason message on:[]enum(always|success|failure) when:[]Condition or:[]Condition",
    Admission: "validation:ValidationConfig mutation:MutationConfig webhooks:WebhookSettings conversion:any",
    // The newest Orkestra-era deployments (inrun@b97567de) take a command; orkspace@eacb2604's do not.
    DeploymentTemplateSource: `${HOOK_TEMPLATE_STRUCTS.DeploymentTemplateSource} command:[]str`,
  },
};
