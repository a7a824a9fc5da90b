{{- define "onboarding.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{ else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "onboarding.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "onboarding.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "onboarding.image" -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag | quote }}
{{- end }}

{{/* One variable from the Secret (secrets.name), key = variable name. */}}
{{- define "onboarding.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.secrets.name }}
      key: {{ .name }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/* Temporal's connection (config/temporal.ts), for every process that talks to Temporal. */}}
{{- define "onboarding.temporalEnv" -}}
{{- $t := .Values.temporal -}}
- name: TEMPORAL_ADDRESS
  value: {{ $t.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $t.namespace | quote }}
- name: ONBOARDING_TASK_QUEUE
  value: {{ $t.taskQueue | quote }}
{{- /* Only ever "true": an API key, a certificate or a server name turns TLS on by itself, and "false" beside them is refused. */}}
{{- if $t.tls }}
- name: TEMPORAL_TLS
  value: "true"
{{- end }}
{{- with $t.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ . | quote }}
{{- end }}
{{- if $t.apiKey.enabled }}
{{ include "onboarding.secretEnv" (dict "root" . "name" "TEMPORAL_API_KEY") }}
{{- end }}
{{- if $t.mtls.enabled }}
- name: TEMPORAL_TLS_CLIENT_CERT_PATH
  value: /etc/onboarding/temporal-mtls/tls.crt
- name: TEMPORAL_TLS_CLIENT_KEY_PATH
  value: /etc/onboarding/temporal-mtls/tls.key
{{- end }}
{{- if $t.serverCASecretName }}
- name: TEMPORAL_TLS_SERVER_CA_CERT_PATH
  value: /etc/onboarding/temporal-ca/ca.crt
{{- end }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end }}

{{- define "onboarding.temporalVolumeMounts" -}}
{{- if .Values.temporal.mtls.enabled }}
- name: temporal-mtls
  mountPath: /etc/onboarding/temporal-mtls
  readOnly: true
{{- end }}
{{- if .Values.temporal.serverCASecretName }}
- name: temporal-ca
  mountPath: /etc/onboarding/temporal-ca
  readOnly: true
{{- end }}
{{- end }}

{{- define "onboarding.temporalVolumes" -}}
{{- if .Values.temporal.mtls.enabled }}
- name: temporal-mtls
  secret:
    secretName: {{ required "temporal.mtls.secretName: the Secret with tls.crt and tls.key" .Values.temporal.mtls.secretName }}
{{- end }}
{{- if .Values.temporal.serverCASecretName }}
- name: temporal-ca
  secret:
    secretName: {{ .Values.temporal.serverCASecretName }}
{{- end }}
{{- end }}

{{/* Worker Versioning (workers/deployment.ts) of one build. */}}
{{- define "onboarding.versioningEnv" -}}
{{- $v := .root.Values.worker.versioning -}}
- name: ONBOARDING_WORKER_VERSIONING
  value: {{ ternary "true" "false" $v.enabled | quote }}
- name: ONBOARDING_DEPLOYMENT_NAME
  value: {{ $v.deploymentName | quote }}
{{- with .buildId }}
- name: ONBOARDING_BUILD_ID
  value: {{ . | quote }}
{{- end }}
{{- end }}
