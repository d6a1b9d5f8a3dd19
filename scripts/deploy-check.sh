#!/usr/bin/env bash
# deploy-check.sh [DIST]: the deployment files checked without a Docker engine (run by
# `make deploy-check`, part of `make test`):
#   1. deploy/entrypoint.sh is POSIX sh (parsed and RUN by dash, the Debian image's sh)
#   2. nginx.conf (top level) is the only nginx configuration in the repository
#   3. the entrypoint renders the includes of nginx.conf for the default deployment and for
#      BASE_PATH "/", "/explorer/" and with an API_BASE into temp dirs - the same script as the
#      container - and `nginx -t` accepts the top-level nginx.conf with each (linked, not
#      copied); the includes hold values only; config.json and <base href> are right; served:
#      the CSP, the client address (REAL_IP_FROM), an https backend's certificate verified
#   4. it refuses bad input (BASE_PATH with . or .., BACKEND_URL, LISTEN_PORT, control characters
#      in any value, ...) with exit status 64
#   5. the Dockerfile's scripts exist
#   6. the Helm chart's container: its env (helm template, charts/stargate-explorer) is exactly
#      the entrypoint's runtime variables; the entrypoint runs nginx with it; /version carries the
#      chart's version; stub_status answers on METRICS_PORT only
# The runtime behaviour (headers, proxy, CSP in a browser) is tested by the end2end nginx
# projects; throughput by scripts/load-check.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(cd "${1:-dist}" && pwd)"
NGINX="${NGINX:-/usr/sbin/nginx}"
SH="$(command -v dash || command -v sh)"
ENTRY="$ROOT/deploy/entrypoint.sh"
CONF="$ROOT/nginx.conf"
fail() { printf 'deploy-check: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'deploy-check: ok   %s\n' "$*"; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

[ -f "$DIST/index.html" ] || fail "$DIST/index.html missing (run: make build-web)"
ls "$DIST"/boot-*.js >/dev/null 2>&1 || fail "$DIST has no boot-*.js: not built by scripts/build-web.sh (trunk and its hook)"
ls "$DIST"/*_bg.wasm.gz >/dev/null 2>&1 || fail "$DIST has no precompressed wasm (.gz)"
ls "$DIST"/*_bg.wasm.br >/dev/null 2>&1 || fail "$DIST has no brotli wasm (.br): built without the build's compress stage"

# 1. POSIX sh
"$SH" -n "$ENTRY" || fail "$ENTRY does not parse with $SH"
ok "entrypoint parses with $SH"

# 2. one nginx configuration
tracked=$(git ls-files) || fail "git ls-files (deploy-check runs in a git checkout)"
others=$(grep -Ei '(^|/)nginx[^/]*\.(conf|template)$|\.conf\.template$' <<<"$tracked" | grep -vx nginx.conf || true)
[ -z "$others" ] || fail "nginx configurations besides nginx.conf: $others"
[ -f "$CONF" ] || fail "nginx.conf missing at the top level"
ok "nginx.conf at the top level is the only nginx configuration"

render() { # render NAME [VAR=value...] -- entrypoint args (the values of the default deployment
           # unless given)
    local name="$1"; shift
    local vars=()
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    "${WRAP[@]}" env -u BACKEND_URL -u BASE_PATH -u API_BASE -u LISTEN_PORT -u METRICS_PORT -u CHART_VERSION \
        -u HSTS -u ACCESS_LOG -u NGINX_WORKER_PROCESSES -u CONTENT_SECURITY_POLICY -u NGINX_CONF -u REAL_IP_FROM \
        -u RATE_LIMIT_EXEMPT -u POLL_MS \
        DIST_DIR="$DIST" RUNTIME_DIR="$WORK/$name" NGINX="$NGINX" \
        GIT_SHA=deadbeef VERSION=1.2.3 BUILD_TIME=2026-01-01T00:00:00Z \
        "${vars[@]}" "$SH" "$ENTRY" "$@"
}
WRAP=()   # a command the entrypoint runs under (unshare below)

# the rendered includes: values only (no route, no header), nothing left unrendered
check_includes() { # check_includes NAME
    local rt="$WORK/$1/runtime"
    [ "$(readlink -f "$WORK/$1/nginx.conf")" = "$(readlink -f "$CONF")" ] \
        || fail "$1: RUNTIME_DIR/nginx.conf is not a link to the top-level nginx.conf"
    ! grep -nE '^[[:space:]]*(location|if|rewrite|return|add_header|try_files|proxy_pass|map)\b' "$rt"/*.conf \
        || fail "$1: the rendered includes must hold values only"
    ! grep -n '\${' "$rt"/*.conf || fail "$1: unrendered \${...} in the includes"
}

# 3a. the default deployment: app at /, backend stargate-backend:3001, port 8080, all defaults.
# `nginx -t` resolves the upstream's name, so it runs where "stargate-backend" resolves: as root,
# in a private mount namespace whose /etc/hosts adds it (unshare -m), as the cluster's DNS would.
render default -- render >"$WORK/default.log" 2>&1 || { cat "$WORK/default.log"; fail "default: render"; }
check_includes default
rt="$WORK/default/runtime"
grep -qx 'worker_processes auto;' "$rt/main.conf" || fail "default: worker_processes"
grep -qx 'server stargate-backend:3001;' "$rt/upstream.conf" || fail "default: upstream"
grep -qx 'listen 8080;' "$rt/server.conf" && grep -qx 'set $stargate_base_path "/";' "$rt/server.conf" \
    && grep -qx 'access_log /dev/stdout stargate;' "$rt/server.conf" || fail "default: server values"
nginx_t_default=("$NGINX" -t -p "$WORK/default/" -c "$WORK/default/nginx.conf" -e stderr)
{ cat /etc/hosts; echo '127.0.0.1 stargate-backend'; } >"$WORK/hosts"
if getent hosts stargate-backend >/dev/null; then
    "${nginx_t_default[@]}" >"$WORK/default-t.log" 2>&1 || true
elif [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$WORK/hosts" \
        "${nginx_t_default[@]}" >"$WORK/default-t.log" 2>&1 || true
else
    # no namespace here: the one complaint allowed is the name nobody resolves outside a cluster
    "${nginx_t_default[@]}" >"$WORK/default-t.log" 2>&1 || true
    if [ "$(grep -c emerg "$WORK/default-t.log")" = 1 ] \
        && grep -q 'host not found in upstream "stargate-backend:3001"' "$WORK/default-t.log"; then
        echo 'deploy-check: (no unshare here: nginx -t of the default deployment stopped only at resolving stargate-backend)'
        echo 'nginx: configuration file test is successful' >>"$WORK/default-t.log"
    fi
fi
grep -q 'test is successful' "$WORK/default-t.log" || { cat "$WORK/default-t.log"; fail "default: nginx -t"; }
ok "default deployment: / , stargate-backend:3001, port 8080, workers auto; nginx -t accepts nginx.conf"

# 3b. render + nginx -t, three configurations against a local backend address
check_render() { # check_render NAME BASE_PATH API_BASE
    local name="$1" base="$2" api="$3" dir="$WORK/$1"
    render "$name" BASE_PATH="$base" API_BASE="$api" LISTEN_PORT=18080 BACKEND_URL=http://127.0.0.1:3001 \
        -- -t >"$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; fail "$name: render or nginx -t failed"; }
    grep -q 'test is successful' "$WORK/$name.log" || { cat "$WORK/$name.log"; fail "$name: nginx -t"; }
    check_includes "$name"
    local server="$dir/runtime/server.conf"
    local norm="/${base#/}"; norm="${norm%/}/"; [ "$norm" = "//" ] && norm=/
    grep -q "<base href=\"$norm\"" "$dir/www${norm}index.html" || fail "$name: <base href=\"$norm\"> missing"
    ! grep -q '\${' "$dir/www${norm}index.html" || fail "$name: index.html has a slot left unfilled"
    [ ! -e "$dir/www${norm}.deploy" ] || fail "$name: the page's template (.deploy/) is in the web root"
    local want="{\"api_base\": \"$api\", \"base_path\": \"${norm%/}\"}"
    [ "$(cat "$dir/www${norm}config.json")" = "$want" ] || fail "$name: config.json is $(cat "$dir/www${norm}config.json"), want $want"
    grep -qx "set \$stargate_base_path \"$norm\";" "$server" || fail "$name: base path $norm not in server.conf"
    grep -qx 'listen 18080;' "$server" || fail "$name: listen"
    grep -qx 'server 127.0.0.1:3001;' "$dir/runtime/upstream.conf" || fail "$name: upstream"
    grep -q '"version":"1.2.3","git_sha":"deadbeef"' "$server" || fail "$name: /version body"
    [ -z "$api" ] || grep -qx "set \$stargate_api_origin \" ${api%/}\";" "$server" \
        || fail "$name: API_BASE origin not in server.conf"
    # the first API answers are preloaded from this origin only when the app asks it for them
    local preloads; preloads=$(grep -c 'data-same-origin-api' "$dir/www${norm}index.html" || true)
    if [ -z "$api" ]; then
        [ "$preloads" -ge 2 ] || fail "$name: index.html lost its API preloads ($preloads)"
    else
        [ "$preloads" -eq 0 ] || fail "$name: index.html preloads this origin's API though API_BASE is $api"
    fi
    ok "$name: BASE_PATH=$base API_BASE=${api:-''} renders, nginx -t passes, config.json $want"
}
check_render root / ""
check_render subpath /explorer/ ""
check_render subpath-noslash explorer ""
# the poll interval reaches the app through config.json
render poll BASE_PATH=/ POLL_MS=30000 -- render >"$WORK/poll.log" 2>&1 || { cat "$WORK/poll.log"; fail "POLL_MS=30000: render"; }
[ "$(cat "$WORK/poll/www/config.json")" = '{"api_base": "", "base_path": "", "poll_ms": 30000}' ] \
    || fail "POLL_MS=30000: config.json is $(cat "$WORK/poll/www/config.json")"
ok "POLL_MS=30000: config.json carries poll_ms"
check_render api-base /explorer/ "https://api.example.org"

# 3c. the CSP nginx.conf composes from the includes' values, as served by a running nginx
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() { # serve NAME [VAR=value...]: nginx in the background on $PORT (BASE_PATH /explorer/)
    local name="$1"; shift
    PORT=$(free_port)
    render "$name" BASE_PATH=/explorer/ LISTEN_PORT="$PORT" BACKEND_URL=http://127.0.0.1:9 ACCESS_LOG=off \
        NGINX_WORKER_PROCESSES=1 "$@" -- >"$WORK/$name.log" 2>&1 &
    SERVING=$!
    for _ in $(seq 1 50); do
        curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && return 0
        sleep 0.1
    done
    cat "$WORK/$name.log"; fail "$name: nginx did not answer /health"
}
unserve() { # unserve NAME: stop nginx itself (its pid file), then the background job
    [ -f "$WORK/$1/nginx.pid" ] && kill "$(cat "$WORK/$1/nginx.pid")" 2>/dev/null
    wait "$SERVING" 2>/dev/null || true
}
served_csp() { # served_csp NAME [VAR=value...]: the Content-Security-Policy of BASE_PATH /explorer/
    serve "$@"
    local csp
    csp=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$PORT/explorer/" 2>/dev/null \
        | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ss]ecurity-[Pp]olicy: //p') || true
    unserve "$1"
    [ -n "$csp" ] || { cat "$WORK/$1.log"; fail "$1: nginx did not serve /explorer/ with a CSP"; }
    CSP="$csp"
}
chmod 755 "$WORK"   # nginx started as root serves files as "nobody"
served_csp csp-api API_BASE=https://api.example.org/v1; csp="$CSP"
for d in "connect-src 'self' https://api.example.org;" "img-src 'self' data: blob: https://api.example.org;" \
         "frame-src 'self' https://api.example.org;" "script-src 'self' 'wasm-unsafe-eval';" "frame-ancestors 'none'"; do
    [[ "$csp" == *"$d"* ]] || fail "served CSP with API_BASE lacks \"$d\": $csp"
done
served_csp csp-default; csp="$CSP"
[[ "$csp" == *"connect-src 'self';"* ]] || fail "served CSP without API_BASE: $csp"
served_csp csp-override "CONTENT_SECURITY_POLICY=default-src 'none'"; csp="$CSP"
[ "$csp" = "default-src 'none'" ] || fail "CONTENT_SECURITY_POLICY does not replace the CSP: $csp"
ok "served CSP: API_BASE's origin joins img/media/connect/frame-src; CONTENT_SECURITY_POLICY replaces it"

# 3d. the client address: X-Forwarded-For counts only from the proxies REAL_IP_FROM names
client_seen() { # client_seen NAME [VAR=value...]: the address nginx logs for a request from
                # 127.0.0.1 that claims X-Forwarded-For 198.51.100.7, 203.0.113.9
    local name="$1"; shift
    serve "$name" ACCESS_LOG="$WORK/$name.access stargate" "$@"
    curl -fsS -o /dev/null -H 'X-Forwarded-For: 198.51.100.7, 203.0.113.9' "http://127.0.0.1:$PORT/explorer/" \
        || fail "$name: GET /explorer/"
    unserve "$name"
    CLIENT=$(grep '"GET /explorer/ ' "$WORK/$name.access" | tail -1 | cut -d' ' -f1)
}
client_seen realip-none; [ "$CLIENT" = 127.0.0.1 ] || fail "without REAL_IP_FROM the client must be the peer, got '$CLIENT'"
client_seen realip-local REAL_IP_FROM="10.0.0.0/8, 127.0.0.1"
[ "$CLIENT" = 203.0.113.9 ] || fail "REAL_IP_FROM=127.0.0.1: the client must be the last forwarded address, got '$CLIENT'"
client_seen realip-other REAL_IP_FROM=10.0.0.0/8
[ "$CLIENT" = 127.0.0.1 ] || fail "REAL_IP_FROM without the peer: X-Forwarded-For must be ignored, got '$CLIENT'"
grep -qx 'set_real_ip_from 10.0.0.0/8;' "$WORK/realip-local/runtime/server.conf" \
    && grep -qx 'set_real_ip_from 127.0.0.1;' "$WORK/realip-local/runtime/server.conf" || fail "REAL_IP_FROM not rendered"
! grep -q set_real_ip_from "$WORK/realip-none/runtime/server.conf" || fail "set_real_ip_from rendered without REAL_IP_FROM"
ok "client address: the peer, unless REAL_IP_FROM names it (then the last X-Forwarded-For address not in it)"

# 3e. an https backend: its certificate must chain to the system CAs and name its host. A TLS
# server on a self-signed certificate is refused (502); in a mount namespace whose CA bundle is a
# test CA (as a private CA mounted into the image would be), a certificate of that CA for the
# backend's name is accepted and one for another name refused. nginx finds backend.test through
# the namespace's /etc/hosts: these need root and unshare (else skipped, said so).
tls="$WORK/tls"; mkdir -p "$tls"
ossl() { openssl "$@" >"$tls/openssl.log" 2>&1 || { cat "$tls/openssl.log"; fail "openssl $*"; }; }
tls_backend() { # tls_backend CERT KEY: an https server answering {"status":"ok"}; sets TLS_PORT, TLS_PID
    rm -f "$tls/port"
    python3 - "$1" "$2" "$tls/port" <<'PY' &
import http.server, os, ssl, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"status":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(sys.argv[3] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[3] + ".tmp", sys.argv[3])
server.serve_forever()
PY
    TLS_PID=$!
    for _ in $(seq 1 50); do [ -s "$tls/port" ] && break; sleep 0.1; done
    TLS_PORT=$(cat "$tls/port") || fail "the test TLS server did not start"
}
proxied_status() { # proxied_status NAME CERT KEY: the status of /api/health through nginx
    local name="$1"
    tls_backend "$2" "$3"
    serve "$name" BACKEND_URL="https://backend.test:$TLS_PORT"
    STATUS=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/health")
    unserve "$name"
    kill "$TLS_PID"; wait "$TLS_PID" 2>/dev/null || true
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=backend.test -addext subjectAltName=DNS:backend.test \
        -keyout "$tls/self.key" -out "$tls/self.crt"
    ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout "$tls/ca.key" -out "$tls/ca.crt"
    for n in backend.test other.test; do
        ossl req -newkey rsa:2048 -nodes -subj "/CN=$n" -keyout "$tls/$n.key" -out "$tls/$n.csr"
        printf 'subjectAltName=DNS:%s\n' "$n" >"$tls/$n.ext"
        ossl x509 -req -in "$tls/$n.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
            -extfile "$tls/$n.ext" -out "$tls/$n.crt"
    done
    { cat /etc/hosts; echo '127.0.0.1 backend.test'; } >"$tls/hosts"
    # shellcheck disable=SC2016
    WRAP=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$tls/hosts")
    proxied_status tls-self "$tls/self.crt" "$tls/self.key"
    [ "$STATUS" = 502 ] || fail "https backend with a self-signed certificate: want 502, got $STATUS"
    # shellcheck disable=SC2016
    WRAP=(unshare -m sh -c 'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/ssl/certs/ca-certificates.crt && shift 2 && exec "$@"'
          sh "$tls/hosts" "$tls/ca.crt")
    proxied_status tls-ca "$tls/backend.test.crt" "$tls/backend.test.key"
    [ "$STATUS" = 200 ] || { cat "$WORK/tls-ca.log"; fail "https backend with a trusted certificate: want 200, got $STATUS"; }
    proxied_status tls-name "$tls/other.test.crt" "$tls/other.test.key"
    [ "$STATUS" = 502 ] || fail "https backend whose certificate names another host: want 502, got $STATUS"
    WRAP=()
    ok "https backend: a trusted certificate for its name is accepted; a self-signed one or one for another name is 502"
else
    echo 'deploy-check: (not root or no unshare here: the https backend checks are skipped)'
fi

# 4. bad input is refused before nginx starts
for bad in 'BASE_PATH=/ex plorer/' 'BASE_PATH=/a;b/' 'BASE_PATH=/api/' 'BACKEND_URL=stargate-backend:3001' \
           'BACKEND_URL=http://backend:3001/api' 'LISTEN_PORT=80a' 'API_BASE=javascript:alert(1)' \
           'GIT_SHA=a"b' 'HSTS=max-age=1$x' 'ACCESS_LOG=/dev/stdout; error' 'NGINX_WORKER_PROCESSES=2;' \
           'BASE_PATH=/../' 'BASE_PATH=..' 'BASE_PATH=/explorer/../x/' 'BASE_PATH=/a/./b/' \
           $'HSTS=max-age=1\nadd_header X-Evil 1' $'HSTS=max-age=1\r' $'CONTENT_SECURITY_POLICY=default-src \'none\'\nx' \
           $'CONTENT_SECURITY_POLICY=default-src\t\'self\'' $'ACCESS_LOG=/dev/stdout\nstargate' \
           $'API_BASE=https://api.example.org\nx' $'BACKEND_URL=http://backend:3001\nserver evil:1' \
           $'BASE_PATH=/explorer/\n' $'VERSION=1.0\n' \
           'REAL_IP_FROM=ingress.local' 'REAL_IP_FROM=10.0.0.0/8;' 'RATE_LIMIT_EXEMPT=*' 'RATE_LIMIT_EXEMPT=1.2.3.4 x' 'POLL_MS=5s' 'POLL_MS=-1'; do
    set +e; render bad "$bad" -- render >"$WORK/bad.log" 2>&1; rc=$?; set -e
    [ "$rc" -eq 64 ] || { cat "$WORK/bad.log"; fail "entrypoint accepted $(printf '%q' "$bad") (rc $rc)"; }
done
ok "entrypoint refuses bad BASE_PATH (. and .. segments too), BACKEND_URL, LISTEN_PORT, API_BASE, GIT_SHA, HSTS, ACCESS_LOG, workers, REAL_IP_FROM, RATE_LIMIT_EXEMPT, and control characters in any value"

# 5. Dockerfile references
for f in scripts/setup.sh scripts/build-web.sh deploy/entrypoint.sh nginx.conf; do
    grep -q "^COPY.* $f\|^RUN.*$f" Dockerfile || fail "Dockerfile does not use $f"
    [ "$f" = nginx.conf ] || [ -x "$f" ] || fail "$f is not executable"
done
grep -q '^USER 101' Dockerfile && grep -q '^HEALTHCHECK' Dockerfile \
    && grep -q 'org.opencontainers.image.revision' Dockerfile || fail "Dockerfile: USER/HEALTHCHECK/OCI labels"
# nginx.conf loads Debian's brotli modules: the runtime must be Debian's nginx with them
if ! grep -q '^load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;' nginx.conf \
    || ! grep -q '^load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;' nginx.conf \
    || ! grep -q '^FROM debian:.* AS runtime' Dockerfile || ! grep -q 'libnginx-mod-http-brotli-static' Dockerfile \
    || ! grep -q 'libnginx-mod-http-brotli-filter' Dockerfile; then
    fail "Dockerfile: the runtime must be Debian's nginx with libnginx-mod-http-brotli-static and -filter (nginx.conf loads them)"
fi
grep -q '^proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;' <(sed 's/^ *//' nginx.conf) \
    && grep -q 'ca-certificates' Dockerfile || fail "Dockerfile: the runtime needs ca-certificates (nginx.conf verifies an https backend against it)"
grep -q 'gettext-base' Dockerfile || fail "Dockerfile: the runtime needs gettext-base (envsubst fills the page's slots)"
ok "Dockerfile runs the checked scripts, non-root, HEALTHCHECK, OCI labels, Debian nginx + its brotli modules, ca-certificates, gettext-base"

# 6. the chart's container runs this entrypoint: the env `helm template` gives the explorer
# container is exactly the entrypoint's runtime variables (its `: "${NAME:=...}"` defaults less
# the build values the image bakes in and the image's paths), and the entrypoint starts nginx with
# that env alone (env -i), once with the chart's defaults (render only) and once serving
HELM="$ROOT/tools/bin/helm"
[ -x "$HELM" ] || fail "$HELM missing (run: make setup)"
chart_env() { # chart_env NAME [helm args...]: the explorer container's env as NAME=VALUE lines
    local name="$1"; shift
    "$HELM" template explorer "$ROOT/charts/stargate-explorer" "$@" >"$WORK/$name.chart.yaml" || fail "$name: helm template"
    python3 "$ROOT/scripts/chart_manifests.py" env "$WORK/$name.chart.yaml" >"$WORK/$name.env" || fail "$name: chart env"
}
run_chart_env() { # run_chart_env NAME ARGS...: the entrypoint with the chart's env and the image's
    local name="$1"; shift
    local -a vars; mapfile -t vars <"$WORK/$name.env"
    env -i PATH="$PATH" DIST_DIR="$DIST" RUNTIME_DIR="$WORK/$name" NGINX="$NGINX" \
        GIT_SHA=deadbeef VERSION=1.2.3 BUILD_TIME=2026-01-01T00:00:00Z "${vars[@]}" "$SH" "$ENTRY" "$@"
}
chart_env chart-default
entry_vars=$(sed -nE 's/^: "\$\{([A-Z_]+):=.*/\1/p' "$ENTRY" \
    | grep -vxE 'VERSION|GIT_SHA|BUILD_TIME|DIST_DIR|RUNTIME_DIR|NGINX_CONF|NGINX' | sort)
chart_vars=$(cut -d= -f1 "$WORK/chart-default.env" | sort)
[ "$chart_vars" = "$entry_vars" ] || fail "the chart's env and the entrypoint's variables differ:
$(diff <(echo "$chart_vars") <(echo "$entry_vars") | sed -n 's/^[<>]/  &/p') (< chart only, > entrypoint only)"
run_chart_env chart-default render >"$WORK/chart-default.log" 2>&1 \
    || { cat "$WORK/chart-default.log"; fail "the entrypoint refuses the chart's default env"; }
chart_version=$(awk '$1 == "version:" { print $2; exit }' "$ROOT/charts/stargate-explorer/Chart.yaml")
grep -q "\"chart_version\":\"$chart_version\"" "$WORK/chart-default/runtime/server.conf" \
    || fail "chart defaults: /version does not carry chart_version $chart_version"
ok "the chart's env = the entrypoint's variables ($(echo $chart_vars)); its defaults render"
# without METRICS_PORT (docker run, the e2e suite) stub_status is a unix socket: no port to collide
grep -qx "listen unix:$WORK/default/stub_status.sock;" "$WORK/default/runtime/metrics.conf" \
    || fail "default deployment: stub_status is not on RUNTIME_DIR/stub_status.sock"
for bad in METRICS_PORT=80a METRICS_PORT=8080; do
    set +e; render bad "$bad" -- render >"$WORK/bad.log" 2>&1; rc=$?; set -e
    [ "$rc" -eq 64 ] || { cat "$WORK/bad.log"; fail "entrypoint accepted $bad (rc $rc)"; }
done

# served with the chart's env (local ports and backend): /version names the chart; stub_status
# answers on METRICS_PORT, and the app's port does not serve it
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port); metrics_port=$(free_port)
chart_env chart-served --set basePath=/explorer/ --set backendUrl=http://127.0.0.1:9 \
    --set ports.http="$http_port" --set ports.metrics="$metrics_port" --set accessLog=off
run_chart_env chart-served >"$WORK/chart-served.log" 2>&1 &
served_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$http_port/explorer/health" 2>/dev/null && break; sleep 0.1; done
version_body=$(curl -fsS "http://127.0.0.1:$http_port/explorer/version" || true)
stub=$(curl -fsS "http://127.0.0.1:$metrics_port/stub_status" || true)
app_stub=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/stub_status" || true)
other=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$metrics_port/explorer/" || true)
[ -f "$WORK/chart-served/nginx.pid" ] && kill "$(cat "$WORK/chart-served/nginx.pid")" 2>/dev/null
wait "$served_pid" 2>/dev/null || true
[[ "$version_body" == *"\"git_sha\":\"deadbeef\""*"\"chart_version\":\"$chart_version\"}"* ]] \
    || { cat "$WORK/chart-served.log"; fail "/version with the chart's env: '$version_body'"; }
[[ "$stub" == "Active connections:"*"server accepts handled requests"* ]] \
    || { cat "$WORK/chart-served.log"; fail "no stub_status on METRICS_PORT $metrics_port: '$stub'"; }
[ "$app_stub" = 404 ] && [ "$other" = 404 ] \
    || fail "stub_status must be on its own listener only (app port /stub_status: $app_stub, metrics port /explorer/: $other)"
ok "served with the chart's env: /version names chart $chart_version; stub_status on METRICS_PORT only"
echo "deploy-check: all passed"
