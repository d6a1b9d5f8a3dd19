#!/usr/bin/env bash
# playwright-bench.sh NAME: runs end2end/bench/NAME.bench.ts (bench.config.ts) in headless
# Chromium with a run directory of its own (its devserver's database and logs, removed at exit),
# keeps the whole output in .tmp/NAME-bench.log, prints its "BENCH" lines and fails unless the
# benchmark passed. The rail and Discover benchmarks run through it (scripts/NAME-bench.sh).
set -euo pipefail
NAME="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/end2end"
mkdir -p "$ROOT/.tmp"
E2E_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/stargate-bench-XXXXXX")"
export E2E_RUN_DIR
trap 'rm -rf "$E2E_RUN_DIR"' EXIT
LOG="$ROOT/.tmp/$NAME-bench.log"
npx playwright test --config bench.config.ts "$NAME.bench.ts" 2>&1 | tee "$LOG" | grep -E '^BENCH|passed|failed|Error' || true
grep -q '1 passed' "$LOG"
