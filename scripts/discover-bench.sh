#!/usr/bin/env bash
# discover-bench.sh: Discover and a contract page on a devserver seeded with 5,000 approved
# proposals of 10 kB plans (end2end/bench/discover.bench.ts), in headless Chromium: the
# listing's answer size, time to the first task card, heap and DOM size. Prints "BENCH" lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/end2end"
mkdir -p "$ROOT/.tmp"
E2E_RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/stargate-bench-XXXXXX")"
export E2E_RUN_DIR
trap 'rm -rf "$E2E_RUN_DIR"' EXIT
npx playwright test --config bench.config.ts discover.bench.ts 2>&1 | tee "$ROOT/.tmp/discover-bench.log" | grep -E '^BENCH|passed|failed|Error' || true
grep -q '1 passed' "$ROOT/.tmp/discover-bench.log"
