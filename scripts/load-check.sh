#!/usr/bin/env bash
# load-check.sh: throughput and errors of the deployment - wrk (Debian) against real nginx on the
# top-level nginx.conf, started by deploy/entrypoint.sh exactly like the container (it renders the
# includes' values), serving dist/ and proxying to an
# API-only release devserver. Prints requests/s, latency and errors per URL; exits non-zero on
# ANY error (non-2xx/3xx response or socket error). Run by `make load-check` and `make bench`.
# The figures also go to BENCH_OUT/load-check.json (default .tmp/bench/), from which `make bench`
# renders docs/budgets.md (scripts/budgets.py).
#
# Environment: LOAD_DURATION [10s], LOAD_THREADS [2], LOAD_CONNECTIONS [32], LOAD_CHAIN_TIP [300],
#              NGINX_WORKER_PROCESSES [auto]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION="${LOAD_DURATION:-10s}"
THREADS="${LOAD_THREADS:-2}"
CONNS="${LOAD_CONNECTIONS:-32}"
TIP="${LOAD_CHAIN_TIP:-300}"
DEVSERVER="$ROOT/target/release/devserver"
BENCH_OUT="${BENCH_OUT:-$ROOT/.tmp/bench}"
die() { printf 'load-check: %s\n' "$*" >&2; exit 2; }
# shellcheck source=scripts/devserver-url.sh
. "$ROOT/scripts/devserver-url.sh"

command -v wrk >/dev/null || die "wrk not found (make setup installs it)"
[ -x "$DEVSERVER" ] || die "$DEVSERVER missing (make build)"
ls dist/boot-*.js dist/*_bg.wasm.gz >/dev/null 2>&1 || die "dist/ is not a scripts/build-web.sh build (make build-web)"

WORK="$(mktemp -d)"
chmod 755 "$WORK"   # nginx started as root serves files as "nobody"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# the API: devserver with a generated chain, no dist
"$DEVSERVER" serve --db "$WORK/chain.sqlite" --generate-tip "$TIP" --addr 127.0.0.1:0 --mine-interval 0 \
    >"$WORK/devserver.log" 2>&1 &
pids+=($!)
api="$(devserver_url "${pids[0]}" "$WORK/devserver.log")" || die "devserver did not start"

# nginx: the container's entrypoint and nginx.conf, access log off (it would measure the disk).
# wrk is one address asking thousands of times a second: RATE_LIMIT_EXEMPT lifts nginx.conf's
# /api/ rate limits for it (what is measured is the serving, not the limiter)
port=$(free_port)
DIST_DIR="$ROOT/dist" RUNTIME_DIR="$WORK/nginx" LISTEN_PORT="$port" BASE_PATH=/ BACKEND_URL="$api" \
    ACCESS_LOG=off NGINX_WORKER_PROCESSES="${NGINX_WORKER_PROCESSES:-auto}" RATE_LIMIT_EXEMPT=127.0.0.1 \
    sh "$ROOT/deploy/entrypoint.sh" >"$WORK/nginx.log" 2>&1 &
pids+=($!)
origin="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$origin/health" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$origin/health" || { cat "$WORK/nginx.log"; die "nginx did not start"; }

wasm=$(basename "$(ls dist/*_bg.wasm)")
# key|name|path|request header (browsers ask for gzip: the wasm then comes from the .gz file)
targets=(
    "index|index.html|/|"
    "wasm|wasm (gzip)|/$wasm|Accept-Encoding: gzip"
    "health|/bitcoin/v1/health (proxied)|/bitcoin/v1/health|"
    "summaries|/api/data/block-summaries (proxied)|/api/data/block-summaries|"
)
figures=()

printf '\nload-check: wrk -t%s -c%s -d%s, nginx %s -> devserver %s (tip %s), %s cores\n' \
    "$THREADS" "$CONNS" "$DURATION" "$origin" "$api" "$TIP" "$(nproc)"
printf '%-38s %12s %10s %10s %10s %8s\n' "URL" "requests/s" "p50" "p99" "transfer/s" "errors"
failed=0
for t in "${targets[@]}"; do
    IFS='|' read -r key name path header <<<"$t"
    args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
    [ -n "$header" ] && args+=(-H "$header")
    out=$(wrk "${args[@]}" "$origin$path" 2>&1) || { echo "$out"; failed=1; continue; }
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    xfer=$(awk '/^Transfer\/sec:/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out"); non2xx=${non2xx:-0}
    sock=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out"); sock=${sock:-0}
    errors=$((non2xx + sock))
    printf '%-38s %12s %10s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$xfer" "$errors"
    figures+=("$(printf '"%s": {"label": "%s: requests/s, p50 / p99, errors", "text": "%s/s, %s / %s, %s errors", "value": %s, "target": "0 errors"}' \
        "$key" "$name" "$rps" "$p50" "$p99" "$errors" "${rps:-null}")")
    if [ "$errors" -ne 0 ]; then
        failed=1
        printf '  -> %s non-2xx/3xx, %s socket errors\n%s\n' "$non2xx" "$sock" "$out"
    fi
done
mkdir -p "$BENCH_OUT"
{
    printf '{"bench": "load-check", "setup": "wrk -t%s -c%s -d%s, chain tip %s", "figures": {' \
        "$THREADS" "$CONNS" "$DURATION" "$TIP"
    sep=''
    for f in "${figures[@]}"; do printf '%s\n  %s' "$sep" "$f"; sep=','; done
    printf '\n}}\n'
} >"$BENCH_OUT/load-check.json"
python3 -m json.tool "$BENCH_OUT/load-check.json" >/dev/null || die "$BENCH_OUT/load-check.json is not JSON"
if [ "$failed" -ne 0 ]; then
    echo "load-check: FAILED (errors above)"; tail -20 "$WORK/nginx.log"; exit 1
fi
echo "load-check: no errors"
