#!/bin/sh
# Stargate Explorer container entrypoint (POSIX sh). Renders the runtime files from the
# environment, then execs nginx in the foreground as the current (unprivileged) user.
#
#   entrypoint.sh            render, then exec nginx
#   entrypoint.sh -t         render, then `nginx -t` (test the configuration)
#   entrypoint.sh render     render only (CI inspects the result)
#   entrypoint.sh ARGS...    render, then exec nginx with ARGS added
#
# Runtime variables (defaults in brackets):
#   BACKEND_URL   [http://stargate-backend:3001]  Stargate backend, scheme://host[:port], no path.
#                 /api/ /bitcoin/ /content/ /uploads/ /sandbox/ are proxied to it.
#   BASE_PATH     [/]     where the app lives: "/" or a sub-path such as "/explorer/" (segments of
#                 A-Z a-z 0-9 . _ -). Sets <base href> in index.html and base_path in config.json.
#   API_BASE      []      what the app calls: empty = same origin (this nginx or the ingress);
#                 or an absolute origin such as https://api.example (added to the CSP).
#   LISTEN_PORT   [8080]  port nginx listens on (>1024: no root needed).
#   HSTS          []      Strict-Transport-Security value, e.g. "max-age=31536000"; empty = not sent
#                 (set it only when HTTPS is terminated in front of this container).
#   CONTENT_SECURITY_POLICY [derived from API_BASE]  overrides the whole CSP.
#   ACCESS_LOG    [/dev/stdout stargate]  nginx access_log arguments ("off" to disable).
#   NGINX_WORKER_PROCESSES [auto]
# Build-time variables, baked into the image by the Dockerfile (ENV from build args), served
# at /version:  VERSION [0.0.0-dev]  GIT_SHA [unknown]  BUILD_TIME [unknown]
# Paths (the image's defaults; CI points them at dist/ and a temp dir):
#   DIST_DIR      [/usr/share/stargate-explorer]   the built app (read-only is fine)
#   RUNTIME_DIR   [/tmp/stargate-explorer]         rendered config, web root, pid, temp files
#   TEMPLATE      [<dir of this script>/nginx.conf.template]
#   NGINX         [nginx]   NGINX_MIME_TYPES [/etc/nginx/mime.types]
set -eu

die() { printf 'entrypoint: %s\n' "$*" >&2; exit 64; }
say() { printf 'entrypoint: %s\n' "$*" >&2; }

HERE=$(cd "$(dirname "$0")" && pwd)
: "${BACKEND_URL:=http://stargate-backend:3001}"
: "${BASE_PATH:=/}"
: "${API_BASE:=}"
: "${LISTEN_PORT:=8080}"
: "${HSTS:=}"
: "${ACCESS_LOG:=/dev/stdout stargate}"
: "${NGINX_WORKER_PROCESSES:=auto}"
: "${VERSION:=0.0.0-dev}"
: "${GIT_SHA:=unknown}"
: "${BUILD_TIME:=unknown}"
: "${DIST_DIR:=/usr/share/stargate-explorer}"
: "${RUNTIME_DIR:=/tmp/stargate-explorer}"
: "${TEMPLATE:=$HERE/nginx.conf.template}"
: "${NGINX:=nginx}"
: "${NGINX_MIME_TYPES:=/etc/nginx/mime.types}"

# ---- validate and derive ------------------------------------------------------------------
case "$LISTEN_PORT" in
    '' | *[!0-9]*) die "LISTEN_PORT must be a number, got '$LISTEN_PORT'" ;;
esac

# BASE_PATH: exactly one leading and one trailing slash ("explorer" -> "/explorer/")
trimmed=$(printf '%s' "$BASE_PATH" | sed 's#^/*##; s#/*$##')
if [ -z "$trimmed" ]; then
    BASE_PATH=/
    BASE_PATH_NO_SLASH=
else
    printf '%s' "$trimmed" | grep -Eq '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' \
        || die "BASE_PATH must be / or /segment[/segment…]/ of A-Z a-z 0-9 . _ -, got '$BASE_PATH'"
    BASE_PATH="/$trimmed/"
    BASE_PATH_NO_SLASH="/$trimmed"
fi
# "." in a regex location means any character; escape it for the redirect location
BASE_PATH_NO_SLASH=$(printf '%s' "$BASE_PATH_NO_SLASH" | sed 's#\.#\\.#g')

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

if [ -z "${CONTENT_SECURITY_POLICY:-}" ]; then
    # No inline script or style anywhere (scripts/postbuild.sh moved Trunk's loader into a file);
    # 'wasm-unsafe-eval' lets the page compile WebAssembly; inscription previews are
    # <iframe sandbox> of /content/… (frame-src); images come from the backend.
    CONTENT_SECURITY_POLICY="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:$api_origin; media-src 'self'$api_origin; connect-src 'self'$api_origin; frame-src 'self'$api_origin; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
fi
case "$CONTENT_SECURITY_POLICY$HSTS" in *'"'* | *'\'*) die 'CONTENT_SECURITY_POLICY and HSTS must not contain " or \' ;; esac

# /version body: build values may only hold harmless characters (they go inside JSON and an
# nginx single-quoted string)
for v in "$VERSION" "$GIT_SHA" "$BUILD_TIME"; do
    printf '%s' "$v" | grep -Eq '^[A-Za-z0-9._:+-]*$' \
        || die "VERSION, GIT_SHA and BUILD_TIME may hold only A-Z a-z 0-9 . _ : + -, got '$v'"
done
VERSION_JSON="{\"service\":\"stargate-explorer\",\"version\":\"$VERSION\",\"git_sha\":\"$GIT_SHA\",\"build_time\":\"$BUILD_TIME\"}"

[ -f "$DIST_DIR/index.html" ] || die "no built app at $DIST_DIR (index.html missing)"
[ -f "$TEMPLATE" ] || die "template $TEMPLATE not found"
command -v envsubst >/dev/null 2>&1 || die "envsubst not found (gettext)"

# ---- render -------------------------------------------------------------------------------
# web root: RUNTIME_DIR/www<BASE_PATH> holds a copy of the app (≈ 1 MB), so the image's copy
# can stay read-only and nginx maps URLs to files without alias tricks
www="$RUNTIME_DIR/www"
rm -rf "$www"
mkdir -p "$www$BASE_PATH" "$RUNTIME_DIR/tmp"
# when started as root (CI on a build machine) nginx's workers run as "nobody": keep the web root
# readable for them (a mktemp -d RUNTIME_DIR is 0700)
chmod a+rx "$RUNTIME_DIR" "$RUNTIME_DIR/tmp"
cp -R "$DIST_DIR/." "$www$BASE_PATH"
chmod -R a+r "$www"
find "$www" -type d -exec chmod a+x {} \;

# <base href> decides where the relative asset URLs and config.json are fetched from
sed "s#<base href=\"[^\"]*\"#<base href=\"$BASE_PATH\"#" "$DIST_DIR/index.html" >"$www${BASE_PATH}index.html"
grep -q "<base href=\"$BASE_PATH\"" "$www${BASE_PATH}index.html" \
    || die "$DIST_DIR/index.html has no <base href> to rewrite"
# runtime configuration of the app (api_base "" = same origin; base_path "" = "/")
printf '{"api_base": "%s", "base_path": "%s"}\n' "$API_BASE" "${BASE_PATH%/}" >"$www${BASE_PATH}config.json"
rm -f "$www${BASE_PATH}index.html.gz" "$www${BASE_PATH}config.json.gz"

export BACKEND_SCHEME BACKEND_HOST BACKEND_HOSTPORT BASE_PATH BASE_PATH_NO_SLASH LISTEN_PORT HSTS \
    CONTENT_SECURITY_POLICY VERSION_JSON RUNTIME_DIR ACCESS_LOG NGINX_WORKER_PROCESSES NGINX_MIME_TYPES
# only these variables are substituted: nginx's own $uri, $host… pass through untouched
envsubst '${BACKEND_SCHEME} ${BACKEND_HOST} ${BACKEND_HOSTPORT} ${BASE_PATH} ${BASE_PATH_NO_SLASH}
${LISTEN_PORT} ${HSTS} ${CONTENT_SECURITY_POLICY} ${VERSION_JSON} ${RUNTIME_DIR} ${ACCESS_LOG}
${NGINX_WORKER_PROCESSES} ${NGINX_MIME_TYPES}' <"$TEMPLATE" >"$RUNTIME_DIR/nginx.conf"

say "BASE_PATH=$BASE_PATH BACKEND_URL=$BACKEND_URL API_BASE=${API_BASE:-(same origin)} LISTEN_PORT=$LISTEN_PORT version=$VERSION git_sha=$GIT_SHA"

if [ "${1:-}" = render ]; then
    say "rendered $RUNTIME_DIR/nginx.conf and $www$BASE_PATH"
    exit 0
fi
exec "$NGINX" -p "$RUNTIME_DIR" -c "$RUNTIME_DIR/nginx.conf" -e stderr "$@"
