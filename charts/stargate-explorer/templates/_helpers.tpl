{{/* Names, labels and the image reference; one place each. */}}

{{- define "stargate-explorer.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "stargate-explorer.fullname" -}}
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

{{- define "stargate-explorer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stargate-explorer.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "stargate-explorer.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "stargate-explorer.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stargate
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* metadata.annotations of every resource, merged with the resource's own (a dict) */}}
{{- define "stargate-explorer.annotations" -}}
{{- $all := merge (dict) (.own | default dict) (.root.Values.commonAnnotations | default dict) }}
{{- with $all -}}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* repository@digest, else repository:tag (tag defaults to the given default) */}}
{{- define "stargate-explorer.image" -}}
{{- if .image.digest -}}
{{ .image.repository }}@{{ .image.digest }}
{{- else -}}
{{ .image.repository }}:{{ .image.tag | default .default }}
{{- end -}}
{{- end }}

{{- define "stargate-explorer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stargate-explorer.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* BASE_PATH as the entrypoint normalises it: "/" or "/a/b/" */}}
{{- define "stargate-explorer.basePath" -}}
{{- $p := trimAll "/" .Values.basePath }}
{{- if $p }}/{{ $p }}/{{ else }}/{{ end }}
{{- end }}

{{/* a ServiceMonitor is rendered (the exporter is on, asked for, and the API exists) */}}
{{- define "stargate-explorer.serviceMonitor" -}}
{{- if and .Values.metrics.enabled .Values.metrics.serviceMonitor.enabled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}true{{ end }}
{{- end }}

{{/*
The routes of the Ingress and the HTTPRoute, as JSON: [{path, backend}] where backend = true
sends the path straight to the backend Service. /content, /uploads and /sandbox always go through
the explorer's nginx, which puts its sandboxing CSP on inscription content; /api and /bitcoin
may skip it (routing.backendPathsDirect): the app calls them at the root of the host.
*/}}
{{- define "stargate-explorer.routes" -}}
{{- $base := include "stargate-explorer.basePath" . }}
{{- $routes := list (dict "path" (trimSuffix "/" $base | default "/") "backend" false) }}
{{- range (list "/content" "/uploads" "/sandbox") }}
{{- $routes = append $routes (dict "path" . "backend" false) }}
{{- end }}
{{- range (list "/api" "/bitcoin") }}
{{- $routes = append $routes (dict "path" . "backend" $.Values.routing.backendPathsDirect) }}
{{- end }}
{{- toJson $routes }}
{{- end }}
