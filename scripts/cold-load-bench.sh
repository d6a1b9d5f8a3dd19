#!/usr/bin/env bash
# cold-load-bench.sh: the cold-load figures (end2end/bench/cold-load.bench.ts) of whatever dist/
# holds: nginx on nginx.conf (deploy/entrypoint.sh, precompressed .br/.gz) in front of a release
# devserver on a 20,000-block chain; headless Chromium, a fresh context per load, DevTools'
# "Fast 4G" and "Slow 4G" with a 4x CPU slowdown, median of 5: time to the first loaded tip card
# at / and bytes transferred until then, beside their targets; the figures go into docs/budgets.md.
# Prints "BENCH" lines and the files of one load; fails only when the card does not appear.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/end2end"
mkdir -p "$ROOT/.tmp"
# the chain database and logs live here, removed at exit
E2E_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/stargate-cold-load-XXXXXX")"
export E2E_RUN_DIR
trap 'rm -rf "$E2E_RUN_DIR"' EXIT
LOG="$ROOT/.tmp/cold-load-bench.log"
npx playwright test --config bench.config.ts cold-load.bench.ts 2>&1 | tee "$LOG" \
    | grep -E '^(BENCH|cold load|fast|slow|files|  )|passed|failed|Error' || true
grep -q '1 passed' "$LOG"
