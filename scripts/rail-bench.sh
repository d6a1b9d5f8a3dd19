#!/usr/bin/env bash
# rail-bench.sh: the rail's budget figures (end2end/bench/rail.bench.ts) on a 900,000-block
# devserver chain, in headless Chromium: DOM cards at tip/middle/genesis, jump latency, memory
# after scrolling 20,000 blocks, p95 frame time with a 4x CPU throttle. Prints "BENCH" lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/end2end"
mkdir -p "$ROOT/.tmp"
# the 900,000-block database (~330 MB) and logs live here, removed at exit
E2E_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/stargate-bench-XXXXXX")"
export E2E_RUN_DIR
trap 'rm -rf "$E2E_RUN_DIR"' EXIT
npx playwright test --config bench.config.ts rail.bench.ts 2>&1 | tee "$ROOT/.tmp/rail-bench.log" | grep -E '^BENCH|passed|failed|Error' || true
grep -q '1 passed' "$ROOT/.tmp/rail-bench.log"
