#!/usr/bin/env bash
# bench.sh: print the figures of docs/design.md "Budgets". Each benchmark is one script in BENCHES;
# to add one, write scripts/<name>.sh
# and append it below. Every benchmark runs even if an earlier one fails; the exit status is
# non-zero when any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2

BENCHES=(
    "scripts/size-report.sh dist"
    "scripts/cold-load-bench.sh"
    "scripts/rail-bench.sh"
    "scripts/discover-bench.sh"
    "scripts/load-check.sh"
)

failed=0
for bench in "${BENCHES[@]}"; do
    # shellcheck disable=SC2086 # deliberate word splitting: "script args..."
    "$ROOT/scripts/stage.sh" "bench:$(basename "${bench%% *}" .sh)" $bench || failed=1
done
exit "$failed"
