// Generation 1 (runtime ≤ 0.7.8): workers, resync and queue at CRD level; default, hooks, constructor, hooks
// and status flat in operatorBox; `anyOf` where later generations say `or`; labels on template sources as
// lists of {key, value}; no katalogName/katalogNamespace/katalogVersion/katalogDescription, labels, serve or
// forceConflict on a CRD entry. Read from iAlexeze/orkestra pkg/types at 0f5fbeb6 (CRDEntry, OperatorBoxConfig)
// and 14a03a87 (HookTemplates and the template sources, the nearest commit that has them: there
// clusterRoles, clusterRoleBindings, limitRanges, resourceQuotas and networkPolicies are still placeholders,
// although 0.7.8's CHANGELOG promotes them). Queue {maxDepth, failureThreshold} is from the v0.7.9 CHANGELOG.
// Types with a node-style UnmarshalYAML (dependsOn) decode leniently upstream and are `any` here.
import type { SchemaDescription } from "./description.js";

export const GENERATION_1: SchemaDescription = {
  crdEntry: "CRDEntry",
  document: "KatalogFile",
  structs: {
    Duration: "=dur",
    KatalogFile:
      "apiVersion kind metadata:KatalogMeta imports:KatalogSources spec:KatalogSpec security:KatalogSecurity crossAccess:bool gateway:GatewayConfig notification:KatalogNotification notes:NoteRegistry profiles:ProfileRegistry providers:[]KatalogProviderRequirement",
    CRDEntry:
      "enabled:bool description mode apiTypes:APITypes crdFile crFiles:[]str setup:[]str namespaced:bool namespace workers:int(1,50) workersActive:int(1,50) resync:gdur dependsOn:any enrichAll:bool enrich:[]str operatorBox:OperatorBoxConfig queue:Queue labelSelector:{}str fieldSelector:{}str ignoreStatusPatch:bool ignoreObservedGeneration:bool endpoints:EndpointsConfig restrictedNamespaces:[]str allowedNamespaces:[]str conversion:CRDConversion validation:ValidationConfig mutation:MutationConfig webhooks:AdmissionWebhookConfig normalize:NormalizeConfig removeFinalizers:bool deletionProtection:DeletionProtectionOverride warnings:[]str imports:[]MotifImport",
    APITypes: "object objectList alias group version kind plural apiPath location",
    AdmissionWebhookConfig: "validation:bool mutation:bool operations:[]str",
    AdmissionWebhookToggle: "enabled:bool",
    ApplyAPIAuth: "tokens:[]ApplyAPIToken",
    ApplyAPIConfig: "enabled:bool auth:ApplyAPIAuth",
    ApplyAPISecretRef: "name key namespace rotateAfter",
    ApplyAPIToken: "name secretRef:ApplyAPISecretRef token",
    AutoscaleAction: "workers:int queueDepth:int resync:Duration",
    AutoscaleConditions: "anyOf:[]Condition when:[]Condition",
    AutoscaleSpec:
      "interval:Duration cooldown:Duration conditions:AutoscaleConditions do:AutoscaleAction profile",
    CRDConversion: "include participant:bool storageVersion paths:[]ConversionPath updateCRD:bool",
    CapabilitiesConfig: "add:[]str drop:[]str",
    CertManagerConfig: "autoRotate:bool rotationThreshold validFor",
    Condition:
      "field operator value equals notEquals contains notContains regex prefix notPrefix suffix notSuffix exists:bool notExists:bool greaterThan lessThan greaterThanOrEqual lessThanOrEqual min max between notBetween in notIn time:TimeWindow dayOfWeek:DayOfWeekCondition cron duration:Duration notify:NotifyBlock negate:bool source:CrossSource",
    ConfigMapTemplateSource:
      "version name namespace toNamespaces:[]str data:{}str labels:[]ResourceLabel fromConfigMap fromNamespace reconcile:bool when:[]Condition forEach:ForEachSpec anyOf:[]Condition sleep",
    ConfigMapVolumeSource: "name",
    ConstructorDeclaration: "location version fetch:bool function alias resources:[]ManagedResource",
    ContainerSecurityContext:
      "profile allowPrivilegeEscalation:bool readOnlyRootFilesystem:bool runAsNonRoot:bool runAsUser:int runAsGroup:int capabilities:CapabilitiesConfig",
    ContainerSecurityProfileDef:
      "name description allowPrivilegeEscalation:bool readOnlyRootFilesystem:bool runAsNonRoot:bool runAsUser:int runAsGroup:int capabilities:CapabilitiesConfig",
    ConversionConfig: "enabled:bool conversionWindow:int",
    ConversionPath: "from to spec:{}any",
    CronJobTemplateSource:
      "version name schedule image imagePullSecrets:[]str command:[]str args:[]str namespace labels:[]ResourceLabel nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition suspend successfulJobsHistoryLimit failedJobsHistoryLimit concurrencyPolicy startingDeadlineSeconds resources:ResourceRequirements forEach:ForEachSpec anyOf:[]Condition workingDirectory securityContext:ContainerSecurityContext podSecurity:PodSecurityContext sleep",
    CrossCRDDeclaration: "crd labelSelector:{}str selector:CrossSelector as strategy source:CrossSource",
    CrossSelector: "name namespace labelSelector",
    CrossSource: "endpoint token cacheFor",
    CustomResourceMetadata:
      "name namespace namespaced:bool labels:[]ResourceLabel annotations:[]ResourceLabel",
    CustomResourceTemplateSource:
      "apiVersion kind metadata:CustomResourceMetadata spec:{}any status:{}any ...:open hasStatus:bool reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    DayOfWeekCondition: "weekday:bool weekend:bool in:[]str notIn:[]str",
    DeletionProtectionConfig: "enabled:bool serviceName failurePolicy cleanupOnShutdown:bool strictMode:bool",
    DeletionProtectionOverride: "protectCRD:bool protectCRs:bool strictMode:bool",
    DeploymentTemplateSource:
      "version name image imagePullSecrets:[]str replicas port namespace labels:[]ResourceLabel annotations:[]ResourceLabel resources:ResourceRequirements env:any envFrom:EnvFrom nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition forEach:ForEachSpec anyOf:[]Condition workingDirectory probes:ProbesConfig securityContext:ContainerSecurityContext podSecurity:PodSecurityContext rollingUpdate:RollingUpdateBehavior sleep",
    DockerHookSpec:
      "image workingDirectory dockerfile push:bool builder reconcile:bool continueOnError:bool when:[]Condition anyOf:[]Condition",
    EndpointsConfig: "enabled:bool health:bool info:bool",
    EnvFrom: "secretRef:[]EnvFromRef configMapRef:[]EnvFromRef",
    EnvFromRef: "name prefix suffix optional:bool keys:[]str",
    ExternalCallSpec:
      "name url method body token headers:{}str timeout expectedStatus:int continueOnError:bool when:[]Condition anyOf:[]Condition",
    FileSource: "url auth:FileSourceAuth",
    FileSourceAuth: "type fromEnv usernameFromEnv passwordFromEnv",
    FiresConfig: "reconcile:bool",
    ForEachSpec: "field as",
    GatewayConfig: "enabled:bool standalone:bool endpoint applyAPI:ApplyAPIConfig",
    GitHookSpec: "repo branch path reconcile:bool continueOnError:bool when:[]Condition anyOf:[]Condition",
    HPABehavior: "profile scaleUp:HPAScalingRules scaleDown:HPAScalingRules",
    HPAProfileDef:
      "name description minReplicas maxReplicas targetCPUUtilizationPercentage behavior:HPABehavior",
    HPAScalingPolicy: "type value:int periodSeconds:int",
    HPAScalingRules: "stabilizationWindowSeconds:int policies:[]HPAScalingPolicy selectPolicy",
    HPATemplateSource:
      "version name namespace scaleTargetRef:ScaleTargetRef minReplicas maxReplicas targetCPUUtilizationPercentage behavior:HPABehavior labels:[]ResourceLabel reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    HelmSource: "repo chart version path valueFiles:[]str values:{}any",
    HookDeclaration: "location version fetch:bool function alias resources:[]ManagedResource",
    HookTemplates:
      "deployments:[]DeploymentTemplateSource replicaSets:[]ReplicaSetTemplateSource services:[]ServiceTemplateSource pods:[]PodTemplateSource jobs:[]JobTemplateSource cronJobs:[]CronJobTemplateSource secrets:[]SecretTemplateSource configMaps:[]ConfigMapTemplateSource serviceAccounts:[]ServiceAccountTemplateSource statefulSets:[]StatefulSetTemplateSource ingresses:[]IngressTemplateSource persistentVolumes:[]PVTemplateSource persistentVolumeClaims:[]PVCTemplateSource hpa:[]HPATemplateSource pdb:[]PDBTemplateSource namespaces:[]NamespaceTemplateSource roles:[]RoleTemplateSource roleBindings:[]RoleBindingTemplateSource custom:[]CustomResourceTemplateSource external:[]ExternalCallSpec git:GitHookSpec docker:DockerHookSpec ordered:bool groups:[]HookTemplates timeout:Duration volumes:[]~ volumeMounts:[]~ clusterRoles:[]~ clusterRoleBindings:[]~ serviceMonitors:[]~ podSecurityPolicies:[]~ priorityClasses:[]~ limitRanges:[]~ resourceQuotas:[]~ runtimeClasses:[]~ priorityLevelConfigurations:[]~ podTemplates:[]~ daemonSets:[]~ networkPolicies:[]~ storageClasses:[]~ storageLocations:[]~ storagePools:[]~ storageBackups:[]~ storageSnapshots:[]~ storageVolumes:[]~",
    HostPathVolumeSource: "path type",
    IngressTLSSpec: "enabled:bool secretName hosts:[]str validFor",
    IngressTemplateSource:
      "version name namespace host serviceName servicePort path pathType ingressClass labels:[]ResourceLabel annotations:[]ResourceLabel tls:IngressTLSSpec reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    JobTemplateSource:
      "version name image imagePullSecrets:[]str command:[]str args:[]str backoffLimit:int namespace labels:[]ResourceLabel nodeSelector:{}str serviceAccountName when:[]Condition reconcile:bool forEach:ForEachSpec anyOf:[]Condition workingDirectory resources:ResourceRequirements securityContext:ContainerSecurityContext podSecurity:PodSecurityContext sleep",
    KatalogDeprecation: "migratedTo message",
    KatalogMeta:
      "name namespace clusterName description version author license tags:[]str createdBy projects:{}any deprecation:KatalogDeprecation",
    KatalogNotification:
      "enabled:bool standalone:bool defaults:NotificationDefaults teams:{}NotificationTeam",
    KatalogProviderRequirement: "name required:bool auth:{}str version library",
    KatalogSecurity:
      "serviceName:ServiceName deletionProtection:DeletionProtectionConfig webhooks:WebhooksConfig conversion:ConversionConfig namespaceProtection:NamespaceProtectionConfig certManager:CertManagerConfig",
    KatalogSources: "files:[]either(str,FileSource) helm:[]HelmSource registry:[]any",
    KatalogSpec: "imports:[]MotifImport finalizers:[]str crds:{}CRDEntry",
    LimitRangeItem: "type max:{}str min:{}str default:{}str defaultRequest:{}str maxLimitRequestRatio:{}str",
    LimitRangeProfileDef: "name description limits:[]LimitRangeItem",
    ManagedResource: "kind apiVersion group version plural",
    MotifImport: "motif version oci:bool auth:FileSourceAuth with:{}str",
    MutationConfig: "include external:[]ExternalCallSpec rules:[]MutationRule mutateFirst:bool",
    MutationRule:
      "field default:any override:any valueType when:[]Condition anyOf:[]Condition fires:FiresConfig",
    NamespaceProtectionConfig:
      "enabled:bool serviceName failurePolicy restrictedNamespaces:[]str allowedNamespaces:[]str cleanupOnShutdown:bool",
    NamespaceTemplateSource:
      "version name finalizers:[]str labels:[]ResourceLabel when:[]Condition reconcile:bool forEach:ForEachSpec anyOf:[]Condition sleep",
    NetworkPolicyEgressRule: "to:[]NetworkPolicyPeer ports:[]NetworkPolicyPort",
    NetworkPolicyIPBlock: "cidr except:[]str",
    NetworkPolicyIngressRule: "from:[]NetworkPolicyPeer ports:[]NetworkPolicyPort",
    NetworkPolicyPeer: "podSelector:{}str namespaceSelector:{}str ipBlock:NetworkPolicyIPBlock",
    NetworkPolicyPort: "protocol port",
    NetworkPolicyProfileDef:
      "name description podSelector:{}any ingress:[]NetworkPolicyIngressRule egress:[]NetworkPolicyEgressRule policyTypes:[]str",
    NormalizeConfig: "spec:{}str audit:bool types:{}str",
    NoteRegistry: "include functions:[]UserDefinedNote",
    NotificationDefaults: "interval:Duration slackWebhookUrl",
    NotificationTeam: "email:[]str slack:[]str slackWebhookUrl interval:Duration message",
    NotifyBlock: "teams:[]str message",
    OperatorBoxConfig:
      "default:bool finalizers:[]str hooks:HookDeclaration constructor:ConstructorDeclaration onCreate:HookTemplates onReconcile:HookTemplates onDelete:HookTemplates status:StatusConfig providers:{}[]{}any cross:[]CrossCRDDeclaration autoscale:AutoscaleSpec rollback:RollbackBlock rollBackOnError:bool when:[]Condition anyOf:[]Condition",
    PDBBehavior: "profile minAvailable maxUnavailable",
    PDBProfileDef: "name description minAvailable maxUnavailable",
    PDBTemplateSource:
      "version name namespace selector:{}str minAvailable maxUnavailable labels:[]ResourceLabel behavior:PDBBehavior reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    PVCTemplateSource:
      "version name namespace storageClassName accessModes:[]str storage volumeMode volumeName labels:[]ResourceLabel reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    PVCVolumeSource: "claimName readOnly:bool",
    PVTemplateSource:
      "version name storageClassName capacity accessModes:[]str reclaimPolicy hostPath csiDriver csiVolumeHandle labels:[]ResourceLabel reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec sleep",
    PodSecurityContext: "profile runAsNonRoot:bool runAsUser:int runAsGroup:int fsGroup:int",
    PodSecurityProfileDef: "name description runAsNonRoot:bool runAsUser:int runAsGroup:int fsGroup:int",
    PodTemplateSource:
      "version name image imagePullSecrets:[]str port namespace labels:[]ResourceLabel annotations:[]ResourceLabel resources:ResourceRequirements nodeSelector:{}str serviceAccountName when:[]Condition forEach:ForEachSpec anyOf:[]Condition sleep",
    PolicyRuleSpec: "apiGroups:[]str resources:[]str verbs:[]str resourceNames:[]str",
    ProbeConfig:
      "type path port:int profile initialDelaySeconds:int periodSeconds:int failureThreshold:int successThreshold:int timeoutSeconds:int",
    ProbeProfileDef:
      "name description initialDelaySeconds:int periodSeconds:int failureThreshold:int successThreshold:int timeoutSeconds:int",
    ProbesConfig: "startup:ProbeConfig liveness:ProbeConfig readiness:ProbeConfig",
    ProfileRegistry:
      "include networkPolicies:[]NetworkPolicyProfileDef resourceQuotas:[]ResourceQuotaProfileDef limitRanges:[]LimitRangeProfileDef hpa:[]HPAProfileDef pdb:[]PDBProfileDef rollingUpdate:[]RollingUpdateProfileDef reconciler:[]ReconcilerProfileDef resources:[]ResourceProfileDef probes:[]ProbeProfileDef containerSecurity:[]ContainerSecurityProfileDef podSecurity:[]PodSecurityProfileDef",
    Queue: "maxDepth:int failureThreshold:int",
    ReconcilerProfileDef: "name description workers:int resync:Duration queue:Queue",
    ReplicaSetTemplateSource:
      "version name image imagePullSecrets:[]str replicas port namespace labels:[]ResourceLabel annotations:[]ResourceLabel resources:ResourceRequirements env:any envFrom:EnvFrom nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition forEach:ForEachSpec anyOf:[]Condition workingDirectory sleep",
    ResourceLabel: "key value",
    ResourceProfileDef: "name description requests:{}str limits:{}str",
    ResourceQuotaProfileDef: "name description hard:{}str",
    ResourceRequirements: "profile requests:{}str limits:{}str",
    RoleBindingTemplateSource:
      "version name namespace labels:[]ResourceLabel roleRef:RoleRefSpec subjects:[]SubjectSpec when:[]Condition reconcile:bool forEach:ForEachSpec anyOf:[]Condition sleep",
    RoleRefSpec: "name kind",
    RoleTemplateSource:
      "version name namespace labels:[]ResourceLabel rules:[]PolicyRuleSpec when:[]Condition reconcile:bool forEach:ForEachSpec anyOf:[]Condition sleep",
    RollbackBlock: "trigger:RollbackTrigger onRollback:HookTemplates",
    RollbackTrigger: "consecutiveFailures:int withinDuration:Duration",
    RollingUpdateBehavior: "profile maxSurge maxUnavailable",
    RollingUpdateProfileDef: "name description maxSurge maxUnavailable",
    ScaleTargetRef: "apiVersion kind name",
    SecretTemplateSource:
      "version name namespace type data:{}str labels:[]ResourceLabel annotations:{}str fromSecret fromNamespace toNamespaces:[]str reconcile:bool when:[]Condition once:bool forEach:ForEachSpec anyOf:[]Condition rotateAfter tls:TLSSpec sleep",
    SecretVolumeSource: "name",
    ServiceAccountTemplateSource:
      "version name namespace labels:[]ResourceLabel when:[]Condition reconcile:bool forEach:ForEachSpec anyOf:[]Condition sleep",
    ServiceName: "runtime gateway",
    ServiceTemplateSource:
      "version name type headless:bool protocol port targetPort namespace labels:[]ResourceLabel selector:{}str reconcile:bool when:[]Condition forEach:ForEachSpec anyOf:[]Condition sleep",
    StatefulSetTemplateSource:
      "version name namespace image imagePullSecrets:[]str tag replicas port protocol serviceName volumeClaimTemplates:[]VolumeClaimTemplateSource nodeSelector:{}str serviceAccountName labels:[]ResourceLabel annotations:[]ResourceLabel env:any envFrom:EnvFrom resources:ResourceRequirements reconcile:bool when:[]Condition anyOf:[]Condition forEach:ForEachSpec probes:ProbesConfig securityContext:ContainerSecurityContext podSecurity:PodSecurityContext rollingUpdate:RollingUpdateBehavior volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep",
    StatusConfig: "fields:[]StatusFieldSpec conditions:bool",
    StatusFieldSpec: "path value when:[]Condition anyOf:[]Condition",
    SubjectSpec: "kind name namespace",
    TLSSpec: "commonName dnsNames:[]str validFor organization",
    TimeWindow: "after before",
    UserDefinedNote: "name description expression shadow:bool",
    ValidationConfig: "include external:[]ExternalCallSpec rules:[]ValidationRule",
    ValidationRule:
      "field message action equals notEquals prefix notPrefix suffix notSuffix contains min max greaterThan lessThan greaterThanOrEqual lessThanOrEqual notContains regex between notBetween in notIn operator value valueType when:[]Condition anyOf:[]Condition fires:FiresConfig link",
    VolumeClaimTemplateSource: "name storageClass storageSize mountPath accessModes:[]str",
    VolumeMount: "name mountPath subPath readOnly:bool",
    VolumeSource:
      "name configMap:ConfigMapVolumeSource secret:SecretVolumeSource emptyDir:~ persistentVolumeClaim:PVCVolumeSource hostPath:HostPathVolumeSource",
    WebhooksConfig: "admission:AdmissionWebhookToggle failurePolicy serviceName cleanupOnShutdown:bool",
  },
};
