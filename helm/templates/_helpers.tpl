{{/* Names and labels shared by every template of the komposer chart. */}}

{{- define "komposer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "komposer.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Cluster-scoped objects carry the release namespace in their name, so the same release name installed in two
namespaces never fights over one ClusterRole.
*/}}
{{- define "komposer.clusterName" -}}
{{- printf "%s-%s" (include "komposer.fullname" .) .Release.Namespace }}
{{- end }}

{{- define "komposer.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "komposer.commonLabels" -}}
helm.sh/chart: {{ include "komposer.chart" . }}
app.kubernetes.io/version: {{ (default .Chart.AppVersion .Values.image.tag) | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orkestra
{{- end }}

{{/* Labels of the operator's objects. */}}
{{- define "komposer.labels" -}}
{{ include "komposer.commonLabels" . }}
{{ include "komposer.selectorLabels" . }}
{{- end }}

{{- define "komposer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "komposer.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The runtime's selector deliberately differs from the operator's so neither Deployment adopts the other's pods. */}}
{{- define "komposer.runtimeSelectorLabels" -}}
app.kubernetes.io/name: orkestra
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: runtime
{{- end }}

{{- define "komposer.runtimeLabels" -}}
helm.sh/chart: {{ include "komposer.chart" . }}
app.kubernetes.io/version: {{ .Values.runtime.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orkestra
{{ include "komposer.runtimeSelectorLabels" . }}
{{- end }}

{{- define "komposer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "komposer.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "komposer.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Namespaces in which the operator may get Secrets (pull secrets); empty means every namespace. */}}
{{- define "komposer.pullSecretNamespaces" -}}
{{- if .Values.rbac.pullSecretNamespaces }}
{{- join "," .Values.rbac.pullSecretNamespaces }}
{{- else if .Values.watchNamespace }}
{{- .Values.watchNamespace }}
{{- end }}
{{- end }}

{{/* A container securityContext that passes the "restricted" Pod Security Standard. */}}
{{- define "komposer.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "komposer.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}
