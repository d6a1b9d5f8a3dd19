#!/bin/sh
# Stargate Explorer container entrypoint (POSIX sh). Renders what varies per deployment from the
# environment - the web root, and four small nginx includes holding only values - then execs
# nginx in the foreground as the current (unprivileged) user, on the top-level nginx.conf as it is.
#
#   entrypoint.sh            render, then exec nginx
#   entrypoint.sh -t         render, then `nginx -t` (test the configuration)
#   entrypoint.sh render     render only (CI inspects the result)
#   entrypoint.sh ARGS...    render, then exec nginx with ARGS added
#
# Runtime variables (defaults in brackets):
#   BACKEND_URL   [http://stargate-backend:3001]  Stargate backend, scheme://host[:port], no path.
#                 /api/ /bitcoin/ /content/ /uploads/ /sandbox/ /mcp/ are proxied to it.
#   BASE_PATH     [/]     where the app lives: "/" or a sub-path such as "/explorer/" (segments of
#                 A-Z a-z 0-9 . _ -). Sets <base href> in index.html and base_path in config.json.
#   API_BASE      []      what the app calls: empty = same origin (this nginx or the ingress);
#                 or an absolute origin such as https://api.example (added to the CSP).
#   LISTEN_PORT   [8080]  port nginx listens on (>1024: no root needed).
#   METRICS_PORT  []      port of nginx's stub_status (GET /stub_status), a listener of its own
#                 that no Service or Ingress routes, for a metrics exporter beside nginx; empty =
#                 the unix socket RUNTIME_DIR/stub_status.sock (no TCP port to collide with).
#   HSTS          []      Strict-Transport-Security value, e.g. "max-age=31536000"; empty = not sent
#                 (set it only when HTTPS is terminated in front of this container).
#   CONTENT_SECURITY_POLICY [] replaces the whole CSP (empty = nginx.conf's, with API_BASE's origin).
#   ACCESS_LOG    [/dev/stdout stargate]  nginx access_log arguments ("off" to disable).
#   REAL_IP_FROM  []      addresses/CIDRs of the proxies in front (an ingress), separated by spaces
#                 or commas: their X-Forwarded-For names the client (logs, rate limits). Empty =
#                 the peer is the client and X-Forwarded-For is ignored.
#   RATE_LIMIT_EXEMPT []  addresses/CIDRs the /api/ rate limits do not count (a load test, a
#                 monitor), same syntax.
#   NGINX_WORKER_PROCESSES [auto]
#   POLL_MS       []      how often the app polls for new blocks, in milliseconds (config.json's
#                 poll_ms; the app keeps it within 200..600000); empty = the app's 10 s.
#   CHART_VERSION []      the Helm chart's version, set by the chart; when set, /version adds
#                 "chart_version" (the image's build values below say which commit runs).
# Build-time variables, baked into the image by the Dockerfile (ENV from build args), served
# at /version:  VERSION [0.0.0-dev]  GIT_SHA [unknown]  BUILD_TIME [unknown]
# Paths (the image's defaults; CI points them at dist/ and a temp dir):
#   DIST_DIR      [/usr/share/stargate-explorer]   the built app (read-only is fine)
#   RUNTIME_DIR   [/tmp/stargate-explorer]         nginx's prefix: a link to NGINX_CONF, the
#                 rendered includes (runtime/*.conf), the web root (www/), pid, temp files
#   NGINX_CONF    [<dir of this script>/../nginx.conf]  the one nginx configuration (the image
#                 keeps the repository's layout under /opt/stargate-explorer)
#   NGINX         [nginx]
set -eu

die() { printf 'entrypoint: %s\n' "$*" >&2; exit 64; }
say() { printf 'entrypoint: %s\n' "$*" >&2; }

HERE=$(cd "$(dirname "$0")" && pwd)
: "${BACKEND_URL:=http://stargate-backend:3001}"
: "${BASE_PATH:=/}"
: "${API_BASE:=}"
: "${LISTEN_PORT:=8080}"
: "${METRICS_PORT:=}"
: "${CHART_VERSION:=}"
: "${POLL_MS:=}"
: "${HSTS:=}"
: "${ACCESS_LOG:=/dev/stdout stargate}"
: "${NGINX_WORKER_PROCESSES:=auto}"
: "${VERSION:=0.0.0-dev}"
: "${GIT_SHA:=unknown}"
: "${BUILD_TIME:=unknown}"
: "${DIST_DIR:=/usr/share/stargate-explorer}"
: "${RUNTIME_DIR:=/tmp/stargate-explorer}"
: "${NGINX_CONF:=$(dirname "$HERE")/nginx.conf}"
: "${NGINX:=nginx}"

# ---- validate and derive ------------------------------------------------------------------
# every value below ends up in an nginx include: none may carry a quote, ";" or "$" that would
# change its meaning, nor a control character (a newline would start a new directive, and the
# line-based checks below would look at its first line only)
: "${CONTENT_SECURITY_POLICY:=}"
: "${REAL_IP_FROM:=}"
: "${RATE_LIMIT_EXEMPT:=}"
for name in BACKEND_URL BASE_PATH API_BASE LISTEN_PORT HSTS ACCESS_LOG NGINX_WORKER_PROCESSES VERSION \
            GIT_SHA BUILD_TIME CONTENT_SECURITY_POLICY REAL_IP_FROM RATE_LIMIT_EXEMPT; do
    eval "value=\$$name"
    [ "$(printf '%s' "$value" | tr -d '[:cntrl:]')" = "$value" ] \
        || die "$name must not contain a newline or another control character"
done
case "$LISTEN_PORT" in
    '' | *[!0-9]*) die "LISTEN_PORT must be a number, got '$LISTEN_PORT'" ;;
esac
case "$POLL_MS" in
    *[!0-9]*) die "POLL_MS must be empty or a number of milliseconds, got '$POLL_MS'" ;;
esac
case "$METRICS_PORT" in
    *[!0-9]*) die "METRICS_PORT must be empty or a number, got '$METRICS_PORT'" ;;
esac
[ "$METRICS_PORT" != "$LISTEN_PORT" ] || die "METRICS_PORT must differ from LISTEN_PORT ($LISTEN_PORT)"
case "$NGINX_WORKER_PROCESSES" in
    auto) ;;
    '' | *[!0-9]*) die "NGINX_WORKER_PROCESSES must be auto or a number, got '$NGINX_WORKER_PROCESSES'" ;;
esac
case "$ACCESS_LOG" in
    *[\;\{\}\"\'\$\\]*) die "ACCESS_LOG must not contain ; { } quotes \\ or \$, got '$ACCESS_LOG'" ;;
esac

# BASE_PATH: exactly one leading and one trailing slash ("explorer" -> "/explorer/")
trimmed=$(printf '%s' "$BASE_PATH" | sed 's#^/*##; s#/*$##')
if [ -z "$trimmed" ]; then
    BASE_PATH=/
else
    printf '%s' "$trimmed" | grep -Eq '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' \
        || die "BASE_PATH must be / or /segment[/segment…]/ of A-Z a-z 0-9 . _ -, got '$BASE_PATH'"
    case "/$trimmed/" in
        */../* | */./*) die "BASE_PATH must not have a . or .. segment, got '$BASE_PATH'" ;;
    esac
    BASE_PATH="/$trimmed/"
    case "$BASE_PATH" in
        /api/* | /bitcoin/* | /content/* | /uploads/* | /sandbox/* | /mcp/*)
            die "BASE_PATH must not lie under a backend path (/api/ /bitcoin/ /content/ /uploads/ /sandbox/ /mcp/), got '$BASE_PATH'" ;;
    esac
fi

# BACKEND_URL -> scheme, host, host:port (for the upstream block)
url_re='^(https?)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]+)?/?$'
printf '%s' "$BACKEND_URL" | grep -Eq "$url_re" \
    || die "BACKEND_URL must be http(s)://host[:port] without a path, got '$BACKEND_URL'"
BACKEND_SCHEME=$(printf '%s' "$BACKEND_URL" | sed -E "s#$url_re#\\1#")
BACKEND_HOST=$(printf '%s' "$BACKEND_URL" | sed -E "s#$url_re#\\2#")
backend_port=$(printf '%s' "$BACKEND_URL" | sed -E "s#$url_re#\\3#")
if [ -z "$backend_port" ]; then
    if [ "$BACKEND_SCHEME" = https ]; then backend_port=:443; else backend_port=:80; fi
fi
BACKEND_HOSTPORT="$BACKEND_HOST$backend_port"

# API_BASE: empty, or an origin with an optional path; its origin joins the CSP
api_origin=
if [ -n "$API_BASE" ]; then
    printf '%s' "$API_BASE" | grep -Eq '^https?://[][A-Za-z0-9.:-]+(/[A-Za-z0-9._~/-]*)?$' \
        || die "API_BASE must be empty or http(s)://host[:port][/path], got '$API_BASE'"
    api_origin=" $(printf '%s' "$API_BASE" | sed -E 's#^(https?://[^/]+).*#\1#')"
fi

# the policy itself is in nginx.conf (API_BASE's origin joins img/media/connect/frame-src);
# CONTENT_SECURITY_POLICY replaces it. Both become nginx strings in double quotes.
case "$CONTENT_SECURITY_POLICY$HSTS" in
    *'"'* | *'\'* | *'$'*) die 'CONTENT_SECURITY_POLICY and HSTS must not contain " \ or $' ;;
esac

# REAL_IP_FROM, RATE_LIMIT_EXEMPT: IPv4/IPv6 addresses or CIDRs (nginx checks the numbers)
addresses() { # addresses NAME VALUE: one per line, or die (runs in a subshell: set -f stays there)
    set -f
    for a in $(printf '%s' "$2" | tr ',' ' '); do
        printf '%s' "$a" | grep -Eq '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' \
            || die "$1 must list IP addresses or CIDRs (spaces or commas between), got '$a'"
        printf '%s\n' "$a"
    done
}
real_ip_from=$(addresses REAL_IP_FROM "$REAL_IP_FROM") || exit 64
rate_limit_exempt=$(addresses RATE_LIMIT_EXEMPT "$RATE_LIMIT_EXEMPT") || exit 64

# /version body: build values may only hold harmless characters (they go inside JSON and an
# nginx single-quoted string)
for v in "$VERSION" "$GIT_SHA" "$BUILD_TIME" ${CHART_VERSION:+"$CHART_VERSION"}; do
    printf '%s' "$v" | grep -Eq '^[A-Za-z0-9._:+-]*$' \
        || die "VERSION, GIT_SHA, BUILD_TIME and CHART_VERSION may hold only A-Z a-z 0-9 . _ : + -, got '$v'"
done
chart_json=
[ -z "$CHART_VERSION" ] || chart_json=",\"chart_version\":\"$CHART_VERSION\""
VERSION_JSON="{\"service\":\"stargate-explorer\",\"version\":\"$VERSION\",\"git_sha\":\"$GIT_SHA\",\"build_time\":\"$BUILD_TIME\"$chart_json}"

[ -f "$DIST_DIR/index.html" ] || die "no built app at $DIST_DIR (index.html missing)"
[ -f "$NGINX_CONF" ] || die "nginx configuration $NGINX_CONF not found"

# ---- render: the web root -----------------------------------------------------------------
# RUNTIME_DIR/www<BASE_PATH> holds a copy of the app (≈ 1 MB), so the image's copy can stay
# read-only and nginx maps URLs to files without alias tricks
www="$RUNTIME_DIR/www"
rm -rf "$www"
mkdir -p "$www$BASE_PATH" "$RUNTIME_DIR/tmp" "$RUNTIME_DIR/runtime"
# when started as root (CI on a build machine) nginx's workers run as "nobody": keep the web root
# readable for them (a mktemp -d RUNTIME_DIR is 0700)
chmod a+rx "$RUNTIME_DIR" "$RUNTIME_DIR/tmp"
cp -R "$DIST_DIR/." "$www$BASE_PATH"
chmod -R a+r "$www"
find "$www" -type d -exec chmod a+x {} \;

# the page: the build's template (dist/.deploy/, written by `cargo xtask web`) with its two
# runtime slots filled by envsubst - <base href> decides where the relative asset URLs and
# config.json are fetched from; the preloads of the first API answers are there only when the
# app asks this origin for them (API_BASE empty)
deploy="$DIST_DIR/.deploy"
[ -f "$deploy/index.html.in" ] && [ -f "$deploy/api-preloads.html" ] \
    || die "$deploy has no index.html.in and api-preloads.html (not built by scripts/build-web.sh)"
command -v envsubst >/dev/null 2>&1 || die "envsubst not found (Debian package gettext-base)"
API_PRELOADS=
[ -n "$API_BASE" ] || API_PRELOADS=$(cat "$deploy/api-preloads.html")
BASE_HREF=$BASE_PATH
export BASE_HREF API_PRELOADS
# shellcheck disable=SC2016 # the names of the slots, for envsubst, not expansions
envsubst '${BASE_HREF} ${API_PRELOADS}' <"$deploy/index.html.in" >"$www${BASE_PATH}index.html"
rm -rf "$www${BASE_PATH}.deploy"
# runtime configuration of the app (api_base "" = same origin; base_path "" = "/")
poll_json=
[ -z "$POLL_MS" ] || poll_json=", \"poll_ms\": $POLL_MS"
printf '{"api_base": "%s", "base_path": "%s"%s}\n' "$API_BASE" "${BASE_PATH%/}" "$poll_json" \
    >"$www${BASE_PATH}config.json"
rm -f "$www${BASE_PATH}index.html.gz" "$www${BASE_PATH}config.json.gz"

# ---- render: nginx --------------------------------------------------------------------------
# nginx resolves `include runtime/…` against the directory of the configuration file: the
# configuration is linked (not copied) into RUNTIME_DIR, next to the includes
ln -sf "$NGINX_CONF" "$RUNTIME_DIR/nginx.conf"
runtime="$RUNTIME_DIR/runtime"
printf '# rendered by deploy/entrypoint.sh from NGINX_WORKER_PROCESSES\nworker_processes %s;\n' \
    "$NGINX_WORKER_PROCESSES" >"$runtime/main.conf"
printf '# rendered by deploy/entrypoint.sh from BACKEND_URL\nserver %s;\n' \
    "$BACKEND_HOSTPORT" >"$runtime/upstream.conf"
# proxy_ssl_name takes the host without IPv6 brackets
backend_name=$(printf '%s' "$BACKEND_HOST" | sed 's#^\[##; s#\]$##')
{
    echo '# rendered by deploy/entrypoint.sh from RATE_LIMIT_EXEMPT: addresses the limits do not count'
    for a in $rate_limit_exempt; do printf '%s 1;\n' "$a"; done
} >"$runtime/limits.conf"
cat >"$runtime/server.conf" <<EOF
# rendered by deploy/entrypoint.sh: values only, every route and header is in nginx.conf
listen $LISTEN_PORT;
access_log $ACCESS_LOG;
$(for a in $real_ip_from; do printf 'set_real_ip_from %s;\n' "$a"; done)
set \$stargate_base_path "$BASE_PATH";
set \$stargate_backend_scheme "$BACKEND_SCHEME";
set \$stargate_backend_host "$backend_name";
set \$stargate_api_origin "$api_origin";
set \$stargate_csp_override "$CONTENT_SECURITY_POLICY";
set \$stargate_hsts "$HSTS";
set \$stargate_version '$VERSION_JSON';
EOF
metrics_listen=$METRICS_PORT
if [ -z "$metrics_listen" ]; then
    case "$RUNTIME_DIR" in
        /*) ;;
        *) die "RUNTIME_DIR must be an absolute path, got '$RUNTIME_DIR'" ;;
    esac
    case "$RUNTIME_DIR" in
        *[!A-Za-z0-9._/-]*) die "RUNTIME_DIR must hold only A-Z a-z 0-9 . _ / - (the stub_status socket lives there), got '$RUNTIME_DIR'" ;;
    esac
    metrics_listen="unix:$RUNTIME_DIR/stub_status.sock"
    rm -f "$RUNTIME_DIR/stub_status.sock"   # left by an nginx that did not stop cleanly
fi
printf '# rendered by deploy/entrypoint.sh from METRICS_PORT\nlisten %s;\n' \
    "$metrics_listen" >"$runtime/metrics.conf"

say "BASE_PATH=$BASE_PATH BACKEND_URL=$BACKEND_URL API_BASE=${API_BASE:-(same origin)} LISTEN_PORT=$LISTEN_PORT version=$VERSION git_sha=$GIT_SHA"

if [ "${1:-}" = render ]; then
    say "rendered $runtime/*.conf and $www$BASE_PATH"
    exit 0
fi
exec "$NGINX" -p "$RUNTIME_DIR/" -c "$RUNTIME_DIR/nginx.conf" -e stderr "$@"
