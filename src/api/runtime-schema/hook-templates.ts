// Upstream's hook templates (what operatorBox.onCreate/onReconcile/onDelete hold, in every generation) and
// every struct they reach, as field lists (description.ts). Read from orkspace/orkestra
// pkg/types/types_hook_templates.go@c19d2087 and the template sources at @eacb2604; a few nested structs
// (probes, security contexts, volumes, rollingUpdate, PDB/HPA behaviour, forEach, autoscale, secret tls,
// APISecretRef, RetryBackoffConfig) come from same-named files of iAlexeze/orkestra and inrundev/inrun
// because the orkspace copies were not readable: see docs/decisions/0007-runtime-schema-generations.md.
// Notable facts the strict check must mirror: `custom:` items have an inline map (any other top-level key
// decodes); placeholder kinds (daemonSets, podTemplates, …) are `struct{}` and accept only `{}`; env must be
// a list (EnvVarList's UnmarshalYAML refuses a map); retryBackoff is a duration or the struct.
export const HOOK_TEMPLATE_STRUCTS: Readonly<Record<string, string>> = {
  HookTemplates:
    "deployments:[]DeploymentTemplateSource replicaSets:[]ReplicaSetTemplateSource services:[]ServiceTemplateSource pods:[]PodTemplateSource jobs:[]JobTemplateSource cronJobs:[]CronJobTemplateSource secrets:[]SecretTemplateSource configMaps:[]ConfigMapTemplateSource serviceAccounts:[]ServiceAccountTemplateSource statefulSets:[]StatefulSetTemplateSource ingresses:[]IngressTemplateSource persistentVolumes:[]PVTemplateSource persistentVolumeClaims:[]PVCTemplateSource hpa:[]HPATemplateSource pdb:[]PDBTemplateSource namespaces:[]NamespaceTemplateSource roles:[]RoleTemplateSource roleBindings:[]RoleBindingTemplateSource custom:[]CustomResourceTemplateSource clusterRoles:[]ClusterRoleTemplateSource clusterRoleBindings:[]ClusterRoleBindingTemplateSource limitRanges:[]LimitRangeTemplateSource resourceQuotas:[]ResourceQuotaTemplateSource networkPolicies:[]NetworkPolicyTemplateSource external:[]ExternalCallSpec when:[]Condition or:[]Condition ordered:bool name groups:[]HookTemplates timeout:Duration volumes:[]~ volumeMounts:[]~ serviceMonitors:[]~ podSecurityPolicies:[]~ priorityClasses:[]~ runtimeClasses:[]~ priorityLevelConfigurations:[]~ podTemplates:[]~ daemonSets:[]~ storageClasses:[]~ storageLocations:[]~ storagePools:[]~ storageBackups:[]~ storageSnapshots:[]~ storageVolumes:[]~",
  DeploymentTemplateSource:
    "name image imagePullSecrets:[]str replicas port protocol namespace labels:{}str annotations:{}str resources:ResourceRequirements env:EnvVarList envFrom:EnvFrom nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition forEach:ForEachSpec or:[]Condition workingDirectory probes:ProbesConfig securityContext:ContainerSecurityContext podSecurity:PodSecurityContext rollingUpdate:RollingUpdateBehavior volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep forceConflict:bool autoscale:WorkloadAutoscale",
  ServiceTemplateSource:
    "name type headless:bool protocol port targetPort namespace labels:{}str selector:{}str reconcile:bool when:[]Condition forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  ConfigMapTemplateSource:
    "name namespace toNamespaces:[]str data:{}str labels:{}str fromConfigMap fromNamespace reconcile:bool when:[]Condition forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  ResourceRequirements: "profile requests:{}str limits:{}str",
  EnvVarList: "=[]EnvVar",
  EnvVar: "name value valueFrom:ValueFrom",
  ValueFrom: "secretKeyRef:SecretKeyRef configMapKeyRef:ConfigMapKeyRef",
  EnvFromRef: "name prefix suffix optional:bool keys:[]str",
  EnvFrom: "secretRef:[]EnvFromRef configMapRef:[]EnvFromRef",
  SecretKeyRef: "name key optional:bool",
  ConfigMapKeyRef: "name key optional:bool",
  SecretTemplateSource:
    "name namespace type data:{}str labels:{}str annotations:{}str fromSecret fromNamespace toNamespaces:[]str reconcile:bool when:[]Condition forEach:ForEachSpec or:[]Condition once:bool rotateAfter tls:TLSSpec sleep forceConflict:bool",
  VolumeClaimTemplateSource: "name storageClass storageSize mountPath accessModes:[]str",
  StatefulSetTemplateSource:
    "name namespace image imagePullSecrets:[]str tag replicas port protocol serviceName volumeClaimTemplates:[]VolumeClaimTemplateSource nodeSelector:{}str serviceAccountName labels:{}str annotations:{}str env:EnvVarList envFrom:EnvFrom resources:ResourceRequirements reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec autoscale:WorkloadAutoscale probes:ProbesConfig securityContext:ContainerSecurityContext podSecurity:PodSecurityContext rollingUpdate:RollingUpdateBehavior volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep forceConflict:bool",
  JobTemplateSource:
    "name image imagePullSecrets:[]str command:[]str args:[]str backoffLimit:int namespace labels:{}str nodeSelector:{}str serviceAccountName when:[]Condition reconcile:bool forEach:ForEachSpec or:[]Condition workingDirectory resources:ResourceRequirements securityContext:ContainerSecurityContext podSecurity:PodSecurityContext volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep forceConflict:bool",
  CronJobTemplateSource:
    "name schedule image imagePullSecrets:[]str command:[]str args:[]str namespace labels:{}str nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition suspend successfulJobsHistoryLimit failedJobsHistoryLimit concurrencyPolicy startingDeadlineSeconds resources:ResourceRequirements forEach:ForEachSpec or:[]Condition workingDirectory securityContext:ContainerSecurityContext podSecurity:PodSecurityContext sleep forceConflict:bool",
  IngressTemplateSource:
    "name namespace host serviceName servicePort path pathType className labels:{}str annotations:{}str tls:IngressTLSSpec reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  IngressTLSSpec: "create:bool secretName hosts:[]str validFor",
  ScaleTargetRef: "apiVersion kind name",
  HPATemplateSource:
    "name namespace scaleTargetRef:ScaleTargetRef minReplicas maxReplicas targetCPUUtilizationPercentage behavior:HPABehavior labels:{}str reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  PDBTemplateSource:
    "name namespace selector:{}str minAvailable maxUnavailable labels:{}str behavior:PDBBehavior reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  PVCTemplateSource:
    "name namespace storageClassName accessModes:[]str storage volumeMode volumeName labels:{}str reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  PVTemplateSource:
    "name storageClassName capacity accessModes:[]str reclaimPolicy hostPath csiDriver csiVolumeHandle labels:{}str reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  PodTemplateSource:
    "name image imagePullSecrets:[]str port protocol namespace labels:{}str annotations:{}str resources:ResourceRequirements nodeSelector:{}str serviceAccountName when:[]Condition forEach:ForEachSpec or:[]Condition probes:ProbesConfig reconcile:bool securityContext:ContainerSecurityContext podSecurity:PodSecurityContext volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep forceConflict:bool",
  ReplicaSetTemplateSource:
    "name image imagePullSecrets:[]str replicas port protocol namespace labels:{}str annotations:{}str resources:ResourceRequirements env:EnvVarList envFrom:EnvFrom nodeSelector:{}str serviceAccountName reconcile:bool when:[]Condition forEach:ForEachSpec autoscale:WorkloadAutoscale or:[]Condition workingDirectory probes:ProbesConfig securityContext:ContainerSecurityContext podSecurity:PodSecurityContext rollingUpdate:RollingUpdateBehavior volumes:[]VolumeSource volumeMounts:[]VolumeMount sleep forceConflict:bool",
  ServiceAccountTemplateSource:
    "name namespace labels:{}str when:[]Condition reconcile:bool forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  NamespaceTemplateSource:
    "name finalizers:[]str labels:{}str when:[]Condition reconcile:bool forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  PolicyRuleSpec: "apiGroups:[]str resources:[]str verbs:[]str resourceNames:[]str",
  SubjectSpec: "kind name namespace",
  RoleRefSpec: "name kind",
  RoleTemplateSource:
    "name namespace labels:{}str rules:[]PolicyRuleSpec when:[]Condition reconcile:bool forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  RoleBindingTemplateSource:
    "name namespace labels:{}str roleRef:RoleRefSpec subjects:[]SubjectSpec when:[]Condition reconcile:bool forEach:ForEachSpec or:[]Condition sleep forceConflict:bool",
  ClusterRoleTemplateSource:
    "name labels:{}str rules:[]PolicyRuleSpec when:[]Condition reconcile:bool or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  ClusterRoleBindingTemplateSource:
    "name labels:{}str roleRef:RoleRefSpec subjects:[]SubjectSpec when:[]Condition reconcile:bool or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  NetworkPolicyTemplateSource:
    "name namespace toNamespaces:[]str fromNetworkPolicy fromNamespace podSelector:{}str ingress:[]NetworkPolicyIngressRule egress:[]NetworkPolicyEgressRule policyTypes:[]str labels:{}str when:[]Condition or:[]Condition profile reconcile:bool forEach:ForEachSpec sleep forceConflict:bool",
  NetworkPolicyIngressRule: "from:[]NetworkPolicyPeer ports:[]NetworkPolicyPort",
  NetworkPolicyEgressRule: "to:[]NetworkPolicyPeer ports:[]NetworkPolicyPort",
  NetworkPolicyPeer: "podSelector:{}str namespaceSelector:{}str ipBlock:NetworkPolicyIPBlock",
  NetworkPolicyIPBlock: "cidr except:[]str",
  NetworkPolicyPort: "protocol port",
  LimitRangeTemplateSource:
    "name namespace toNamespaces:[]str fromLimitRange fromNamespace profile limits:[]LimitRangeItem labels:{}str when:[]Condition or:[]Condition reconcile:bool forEach:ForEachSpec sleep forceConflict:bool",
  LimitRangeItem: "type max:{}str min:{}str default:{}str defaultRequest:{}str maxLimitRequestRatio:{}str",
  ResourceQuotaTemplateSource:
    "name namespace toNamespaces:[]str fromResourceQuota fromNamespace hard:{}str labels:{}str when:[]Condition or:[]Condition reconcile:bool forEach:ForEachSpec profile sleep forceConflict:bool",
  CustomResourceTemplateSource:
    "apiVersion kind metadata:CustomResourceMetadata spec:{}any status:{}any ...:open hasStatus:bool reconcile:bool when:[]Condition or:[]Condition forEach:ForEachSpec sleep forceConflict:bool",
  CustomResourceMetadata: "name namespace namespaced:bool labels:{}str annotations:{}str",
  FiresConfig: "reconcile:bool",
  ExternalAuth: "secretRef:APISecretRef env header",
  ExternalCallSpec:
    "name protocol url query cacheFor auth:ExternalAuth poolSize:int method body headers:{}str timeout expectedStatus:int continueOnError:bool when:[]Condition or:[]Condition sleep fires:FiresConfig include retryBackoff:either(dur,RetryBackoffConfig)",
  Condition:
    "field operator:enum(equals|notEquals|contains|prefix|notPrefix|suffix|notSuffix|exists|notExists|gt|lt|gte|lte|in|notIn|notContains|regex|between|notBetween|unique|typeOf|typeMap|typeList|typeString|typeNumber|typeBool|typeNull) value equals notEquals contains notContains regex prefix notPrefix suffix notSuffix exists:bool notExists:bool greaterThan lessThan greaterThanOrEqual lessThanOrEqual min max between notBetween in notIn time:TimeWindow dayOfWeek:DayOfWeekCondition cron duration:Duration notify:NotifyBlock negate:bool source:CrossSource",
  NotifyBlock: "teams:[]str message",
  TimeWindow: "after before",
  DayOfWeekCondition: "weekday:bool weekend:bool in:[]str notIn:[]str",
  Duration: "=dur",
  CrossSource: "endpoint host protocol namespace auth:Auth cacheFor",
  Auth: "token secretRef:APISecretRef",
  APISecretRef: "name key namespace rotateAfter",
  ForEachSpec: "field as",
  RetryBackoffConfig: "initial:Duration max:Duration multiplier:num maxAttempts:int",
  TLSSpec: "commonName dnsNames:[]str validFor organization",
  HPABehavior: "profile scaleUp:HPAScalingRules scaleDown:HPAScalingRules",
  HPAScalingRules: "stabilizationWindowSeconds:int policies:[]HPAScalingPolicy selectPolicy",
  HPAScalingPolicy: "type value:int periodSeconds:int",
  PDBBehavior: "profile minAvailable maxUnavailable",
  RollingUpdateBehavior: "profile maxSurge maxUnavailable",
  ProbesConfig: "startup:ProbeConfig liveness:ProbeConfig readiness:ProbeConfig",
  ProbeConfig:
    "type path port:int profile initialDelaySeconds:int periodSeconds:int failureThreshold:int successThreshold:int timeoutSeconds:int",
  PodSecurityContext: "profile runAsNonRoot:bool runAsUser:int runAsGroup:int fsGroup:int",
  ContainerSecurityContext:
    "profile allowPrivilegeEscalation:bool readOnlyRootFilesystem:bool runAsNonRoot:bool runAsUser:int runAsGroup:int capabilities:CapabilitiesConfig",
  CapabilitiesConfig: "add:[]str drop:[]str",
  VolumeSource:
    "name configMap:ConfigMapVolumeSource secret:SecretVolumeSource emptyDir:~ persistentVolumeClaim:PVCVolumeSource hostPath:HostPathVolumeSource",
  ConfigMapVolumeSource: "name",
  SecretVolumeSource: "name",
  PVCVolumeSource: "claimName readOnly:bool",
  HostPathVolumeSource: "path type",
  VolumeMount: "name mountPath subPath readOnly:bool",
  WorkloadAutoscale:
    "min:int max:int cooldown:Duration scaleUp:WorkloadScaleDirection scaleDown:WorkloadScaleDirection",
  WorkloadScaleDirection: "conditions:WorkloadScaleConditions target:int increment:int decrement:int",
  WorkloadScaleConditions: "when:[]Condition or:[]Condition",
};
