#!/usr/bin/env bash
# deploy-check.sh [DIST]: the deployment files checked without a Docker engine (run by
# `make deploy-check`, part of `make test`):
#   1. deploy/entrypoint.sh is POSIX sh (parsed and RUN by dash, as the alpine image's sh would)
#   2. it renders deploy/nginx.conf.template for BASE_PATH "/", "/explorer/" and with an API_BASE
#      into temp dirs - the same script as the container - and `nginx -t` accepts each result;
#      no ${VAR} is left unrendered; config.json and <base href> are right
#   3. it refuses bad input (BASE_PATH, BACKEND_URL, LISTEN_PORT) with exit status 64
#   4. the Dockerfile's scripts exist, and k8s/*.yaml parse (PyYAML) with the expected kinds
# The runtime behaviour (headers, proxy, CSP in a browser) is tested by the end2end nginx
# projects; throughput by scripts/load-check.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(cd "${1:-dist}" && pwd)"
NGINX="${NGINX:-/usr/sbin/nginx}"
SH="$(command -v dash || command -v sh)"
ENTRY="$ROOT/deploy/entrypoint.sh"
fail() { printf 'deploy-check: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'deploy-check: ok   %s\n' "$*"; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

[ -f "$DIST/index.html" ] || fail "$DIST/index.html missing (run: make build-web)"
ls "$DIST"/boot-*.js >/dev/null 2>&1 || fail "$DIST has no boot-*.js: built without scripts/postbuild.sh"
ls "$DIST"/*_bg.wasm.gz >/dev/null 2>&1 || fail "$DIST has no precompressed wasm (.gz)"

# 1. POSIX sh
"$SH" -n "$ENTRY" || fail "$ENTRY does not parse with $SH"
ok "entrypoint parses with $SH"

render() { # render NAME [VAR=value...] -- entrypoint args
    local name="$1"; shift
    local vars=()
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    env DIST_DIR="$DIST" RUNTIME_DIR="$WORK/$name" NGINX="$NGINX" LISTEN_PORT=18080 \
        BACKEND_URL=http://127.0.0.1:3001 GIT_SHA=deadbeef VERSION=1.2.3 BUILD_TIME=2026-01-01T00:00:00Z \
        "${vars[@]}" "$SH" "$ENTRY" "$@"
}

# 2. render + nginx -t, three configurations
check_render() { # check_render NAME BASE_PATH API_BASE
    local name="$1" base="$2" api="$3" dir="$WORK/$1"
    render "$name" BASE_PATH="$base" API_BASE="$api" -- -t >"$WORK/$name.log" 2>&1 \
        || { cat "$WORK/$name.log"; fail "$name: render or nginx -t failed"; }
    grep -q 'test is successful' "$WORK/$name.log" || { cat "$WORK/$name.log"; fail "$name: nginx -t"; }
    ! grep -n '\${[A-Z_]*}' "$dir/nginx.conf" || fail "$name: unrendered variables in nginx.conf"
    local norm="/${base#/}"; norm="${norm%/}/"; [ "$norm" = "//" ] && norm=/
    grep -q "<base href=\"$norm\"" "$dir/www${norm}index.html" || fail "$name: <base href=\"$norm\"> missing"
    local want="{\"api_base\": \"$api\", \"base_path\": \"${norm%/}\"}"
    [ "$(cat "$dir/www${norm}config.json")" = "$want" ] || fail "$name: config.json is $(cat "$dir/www${norm}config.json"), want $want"
    grep -q "location ^~ $norm {" "$dir/nginx.conf" || fail "$name: no app location for $norm"
    grep -q '"version":"1.2.3","git_sha":"deadbeef"' "$dir/nginx.conf" || fail "$name: /version body"
    if [ -n "$api" ]; then
        grep -q "connect-src 'self' ${api%/*}" "$dir/nginx.conf" || grep -q "connect-src 'self' $api" "$dir/nginx.conf" \
            || fail "$name: API_BASE origin not in the CSP connect-src"
    fi
    ok "$name: BASE_PATH=$base API_BASE=${api:-''} renders, nginx -t passes, config.json $want"
}
check_render root / ""
check_render subpath /explorer/ ""
check_render subpath-noslash explorer ""
check_render api-base /explorer/ "https://api.example.org"

# 3. bad input is refused before nginx starts
for bad in 'BASE_PATH=/ex plorer/' 'BASE_PATH=/a;b/' 'BACKEND_URL=stargate-backend:3001' \
           'BACKEND_URL=http://backend:3001/api' 'LISTEN_PORT=80a' 'API_BASE=javascript:alert(1)' \
           'GIT_SHA=a"b'; do
    set +e; render bad "$bad" -- render >"$WORK/bad.log" 2>&1; rc=$?; set -e
    [ "$rc" -eq 64 ] || { cat "$WORK/bad.log"; fail "entrypoint accepted $bad (rc $rc)"; }
done
ok "entrypoint refuses bad BASE_PATH / BACKEND_URL / LISTEN_PORT / API_BASE / GIT_SHA"

# 4. Dockerfile references and k8s manifests
for f in scripts/setup.sh scripts/build-web.sh deploy/entrypoint.sh; do   # build-web.sh runs postbuild.sh
    grep -q "$f" Dockerfile || fail "Dockerfile does not use $f"
    [ -x "$f" ] || fail "$f is not executable"
done
grep -q '^USER 101' Dockerfile && grep -q '^HEALTHCHECK' Dockerfile \
    && grep -q 'org.opencontainers.image.revision' Dockerfile || fail "Dockerfile: USER/HEALTHCHECK/OCI labels"
ok "Dockerfile runs the checked scripts, non-root, HEALTHCHECK, OCI labels"
python3 - "$ROOT/k8s" <<'PY' || fail "k8s manifests"
import sys, pathlib, yaml
kinds = []
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    for doc in yaml.safe_load_all(p.read_text()):
        if doc is None:
            continue
        assert "apiVersion" in doc and "kind" in doc and "metadata" in doc, f"{p}: apiVersion/kind/metadata"
        kinds.append(doc["kind"])
        if doc["kind"] == "Deployment":
            c = doc["spec"]["template"]["spec"]["containers"][0]
            assert c["readinessProbe"]["httpGet"]["path"].endswith("/health"), "readiness probe on /health"
            assert c["livenessProbe"]["httpGet"]["path"].endswith("/health"), "liveness probe on /health"
            env = {e["name"]: e.get("value") for e in c["env"]}
            assert env["BACKEND_URL"] == "http://stargate-backend:3001", env
            assert doc["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
print("k8s kinds:", ", ".join(kinds))
missing = {"Deployment", "Service", "Ingress"} - set(kinds)
assert not missing, f"missing {missing}"
PY
ok "k8s/*.yaml parse, Deployment/Service/Ingress present"
echo "deploy-check: all passed"
