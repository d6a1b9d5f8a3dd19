#!/usr/bin/env bash
# chart-check.sh: the Helm chart (charts/stargate-explorer) checked the way a cluster and a GitOps
# pipeline would check it (run by `make chart-check`, part of `make test`):
#   1. versions: appVersion = the app's version in Cargo.toml, version follows it (same
#      major.minor); the Ingress body-size default = nginx.conf's client_max_body_size
#   2. helm lint --strict, helm template of every ci/*-values.yaml: what each must render
#      (scripts/chart_manifests.py expect), the built-in kinds against the Kubernetes 1.35 schemas
#      in strict mode (kubernetes-validate, offline), HTTPRoute and ServiceMonitor against their
#      CRDs' schemas (scripts/chart-crds.mjs)
#   3. every ci/invalid/*.yaml fails at helm template (the schema rejects it)
#   4. the test umbrella chart (ci/umbrella, the explorer as its "frontend" by file://):
#      helm dependency build (Chart.lock in sync), rendered with the parent's values, validated
#   5. checkov over every render: no failed check beyond ci/checkov.yaml's written exceptions
#   6. OCI: a real registry (Debian's docker-registry) on 127.0.0.1, helm package + push, helm
#      template from the oci:// reference = the local render
#   7. README.md = its template rendered (scripts/chart-readme.py --check)
# The chart's container against deploy/entrypoint.sh is in scripts/deploy-check.sh (it needs dist/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CHART="$ROOT/charts/stargate-explorer"
HELM="${HELM:-$ROOT/tools/bin/helm}"
VENV="$ROOT/tools/venv/bin"
CHECKOV="$ROOT/tools/venv-checkov/bin/checkov"
K8S_VERSION=1.35.0
fail() { printf 'chart-check: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'chart-check: ok   %s\n' "$*"; }
WORK="$(mktemp -d)"
REGISTRY_PID=
cleanup() {
    [ -z "$REGISTRY_PID" ] || { kill "$REGISTRY_PID" 2>/dev/null; wait "$REGISTRY_PID" 2>/dev/null || true; }
    rm -rf "$WORK" "$CHART/ci/umbrella/charts"
}
trap cleanup EXIT
for tool in "$HELM" "$VENV/kubernetes-validate" "$CHECKOV" /usr/bin/docker-registry; do
    [ -x "$tool" ] || fail "$tool missing (run: make setup)"
done
export HELM_CONFIG_HOME="$WORK/helm/config" HELM_CACHE_HOME="$WORK/helm/cache" HELM_DATA_HOME="$WORK/helm/data"
"$HELM" version --short

# 1. versions and the body-size limit
read -r app_version < <(awk -F'"' '/^\[package\]/ { p = 1 } p && /^version *=/ { print $2; exit }' Cargo.toml)
chart_field() { awk -v k="$1:" '$1 == k { gsub(/"/, "", $2); print $2; exit }' "$CHART/Chart.yaml"; }
[ "$(chart_field appVersion)" = "$app_version" ] \
    || fail "Chart.yaml appVersion $(chart_field appVersion) != Cargo.toml version $app_version"
[ "$(chart_field version | cut -d. -f1,2)" = "$(cut -d. -f1,2 <<<"$app_version")" ] \
    || fail "Chart.yaml version $(chart_field version) does not follow appVersion $app_version (same major.minor)"
nginx_body=$(sed -nE 's/^[[:space:]]*client_max_body_size[[:space:]]+([^;]+);.*/\1/p' nginx.conf)
values_body=$(sed -nE 's/^  bodySize:[[:space:]]+(.+)$/\1/p' "$CHART/values.yaml")
[ -n "$nginx_body" ] && [ "$values_body" = "$nginx_body" ] \
    || fail "ingress.bodySize ($values_body) must equal nginx.conf's client_max_body_size ($nginx_body)"
ok "appVersion $app_version = Cargo.toml, chart $(chart_field version); Ingress body size $values_body = nginx.conf"

# 2. lint, render, validate each ci/ value file
validate() { # validate NAME RENDERED: split, kubernetes-validate --strict, the CRDs' schemas
    local name="$1" rendered="$2"
    python3 scripts/chart_manifests.py split "$rendered" "$WORK/$name.builtin.yaml" "$WORK/$name.crds.json" >/dev/null
    "$VENV/kubernetes-validate" -k "$K8S_VERSION" --strict --quiet "$WORK/$name.builtin.yaml" \
        || fail "$name: not valid against the Kubernetes $K8S_VERSION schemas"
    if [ -s "$WORK/$name.crds.json" ]; then
        node scripts/chart-crds.mjs "$WORK/$name.crds.json" >"$WORK/$name.crds.log" \
            || { cat "$WORK/$name.crds.log"; fail "$name: custom resources not valid against their CRDs"; }
    fi
}
mkdir -p "$WORK/rendered"
render_case() { # render_case CASE VALUES [helm args...]
    local name="$1" values="$2"; shift 2
    "$HELM" template explorer "$CHART" -n stargate -f "$values" "$@" >"$WORK/rendered/$name.yaml" \
        || fail "$name: helm template"
    python3 scripts/chart_manifests.py expect "$name" "$WORK/rendered/$name.yaml" nginx.conf \
        || fail "$name: the render is not what $values asks for"
    validate "$name" "$WORK/rendered/$name.yaml"
}
cases=()
for values in "$CHART"/ci/*-values.yaml; do
    name=$(basename "$values" -values.yaml)
    "$HELM" lint --strict --quiet "$CHART" -f "$values" >"$WORK/lint.log" 2>&1 \
        || { cat "$WORK/lint.log"; fail "$name: helm lint --strict"; }
    render_case "$name" "$values"
    cases+=("$name")
done
# the same values in a cluster with the Prometheus operator: a ServiceMonitor instead of annotations
render_case scaling-prometheus "$CHART/ci/scaling-values.yaml" --api-versions monitoring.coreos.com/v1
[ "${#cases[@]}" -ge 6 ] || fail "expected at least 6 ci/*-values.yaml, found ${#cases[@]}"
ok "helm lint --strict + template: ${cases[*]} scaling-prometheus; Kubernetes $K8S_VERSION schemas (strict) and CRD schemas pass"

# 3. what a GitOps repository must not be able to ship
for values in "$CHART"/ci/invalid/*.yaml; do
    if "$HELM" template explorer "$CHART" -f "$values" >"$WORK/invalid.log" 2>&1; then
        fail "$(basename "$values"): helm template accepted it"
    fi
    grep -q "don't meet the specifications of the schema" "$WORK/invalid.log" \
        || { cat "$WORK/invalid.log"; fail "$(basename "$values"): failed, but not on the schema"; }
done
ok "ci/invalid/*.yaml: each rejected by values.schema.json ($(ls "$CHART"/ci/invalid/*.yaml | wc -l) files)"

# 4. the umbrella chart: the explorer as the stack's frontend subchart
umbrella="$CHART/ci/umbrella"
lock_before=$(cat "$umbrella/Chart.lock" 2>/dev/null || true)
"$HELM" dependency build "$umbrella" >"$WORK/dep.log" 2>&1 || { cat "$WORK/dep.log"; fail "umbrella: helm dependency build"; }
[ -f "$umbrella/Chart.lock" ] || fail "umbrella: helm dependency build wrote no Chart.lock"
[ -z "$lock_before" ] || [ "$(grep -v '^generated:' "$umbrella/Chart.lock")" = "$(grep -v '^generated:' <<<"$lock_before")" ] \
    || fail "umbrella: Chart.lock changed on dependency build (commit the new one)"
ls "$umbrella"/charts/stargate-explorer-*.tgz >/dev/null || fail "umbrella: the dependency was not packed into charts/"
"$HELM" template stack "$umbrella" -n stargate >"$WORK/rendered/umbrella.yaml" || fail "umbrella: helm template"
python3 scripts/chart_manifests.py expect umbrella "$WORK/rendered/umbrella.yaml" || fail "umbrella: render"
validate umbrella "$WORK/rendered/umbrella.yaml"
ok "umbrella chart: dependency build (Chart.lock), rendered with the parent's values, valid"

# 5. policies. checkov relates the files of one scan (a NetworkPolicy in one render would cover
# the pods of another): the renders with a NetworkPolicy are scanned apart from those without,
# which skip CKV2_K8S_6 as well (its reason is in ci/checkov.yaml)
skips=$(python3 -c 'import sys, yaml; print(",".join(yaml.safe_load(open(sys.argv[1]))["skip-check"]))' "$CHART/ci/checkov.yaml")
mkdir -p "$WORK/policy/netpol" "$WORK/policy/open"
for f in "$WORK"/rendered/*.yaml; do
    if grep -q '^kind: NetworkPolicy' "$f"; then cp "$f" "$WORK/policy/netpol/"; else cp "$f" "$WORK/policy/open/"; fi
done
checkov() { # checkov DIR SKIPS
    BC_SKIP_MAPPING=TRUE "$CHECKOV" --config-file "$CHART/ci/checkov.yaml" --skip-check "$2" -d "$1" \
        >"$1.log" 2>&1 || { cat "$1.log"; fail "checkov $(basename "$1"): failed checks (exceptions: ci/checkov.yaml)"; }
    grep -Eo 'Passed checks: [0-9]+, Failed checks: [0-9]+' "$1.log" | head -1
}
ok "checkov, with a NetworkPolicy ($(ls "$WORK/policy/netpol" | tr '\n' ' ')): $(checkov "$WORK/policy/netpol" "$skips")"
ok "checkov, without ($(ls "$WORK/policy/open" | wc -l) renders): $(checkov "$WORK/policy/open" "$skips,CKV2_K8S_6")"

# 6. the OCI flow against a real registry
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/registry"
cat >"$WORK/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$port
EOF
/usr/bin/docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || { cat "$WORK/registry.log"; fail "docker-registry did not start on 127.0.0.1:$port"; }
"$HELM" package "$CHART" -d "$WORK/pkg" >/dev/null
pkg=$(ls "$WORK"/pkg/stargate-explorer-*.tgz)
tar -tzf "$pkg" | grep -q '^stargate-explorer/ci/' && fail "the package holds ci/ (.helmignore)"
"$HELM" push "$pkg" "oci://127.0.0.1:$port/charts" --plain-http >"$WORK/push.log" 2>&1 \
    || { cat "$WORK/push.log"; fail "helm push"; }
ref="oci://127.0.0.1:$port/charts/stargate-explorer"
version=$(chart_field version)
"$HELM" template explorer "$ref" --version "$version" --plain-http -n stargate \
    -f "$CHART/ci/scaling-values.yaml" >"$WORK/oci.yaml" 2>"$WORK/oci.log" || { cat "$WORK/oci.log"; fail "helm template $ref"; }
diff -u "$WORK/rendered/scaling.yaml" "$WORK/oci.yaml" || fail "the chart from $ref renders differently from the local chart"
ok "OCI: pushed to docker-registry on 127.0.0.1:$port ($(grep -Eo 'sha256:[0-9a-f]{12}' "$WORK/push.log" | head -1)…), $ref $version renders as the local chart"

# 7. the operators' manual
python3 scripts/chart-readme.py --check
echo "chart-check: all passed"
