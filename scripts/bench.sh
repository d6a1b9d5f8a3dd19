#!/usr/bin/env bash
# bench.sh [NAME...]: the figures of docs/design.md "Budgets". Each benchmark is one script in
# BENCHES; it prints its figures and writes them as JSON into BENCH_OUT (.tmp/bench/). This
# script notes each one's start, duration, status and the machine's load beside it
# (NAME.run.json), then renders docs/budgets.md from all of them (scripts/budgets.py, template
# scripts/budgets.md.tmpl). With NAMEs (size-report, cold-load-bench, rail-bench, load-check)
# only those run, and docs/budgets.md says for each section when it was measured.
# To add a benchmark, write scripts/<name>.sh, append it below and give it a section in the
# template. Every benchmark runs even if an earlier one fails; the exit status is non-zero when
# any failed.
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
export BENCH_OUT="${BENCH_OUT:-$ROOT/.tmp/bench}"
mkdir -p "$BENCH_OUT"
# the bench's own stages are not `make test`'s: .tmp/stages.log keeps the last test run's
export STAGE_LOG="$BENCH_OUT/stages.log"
: >"$STAGE_LOG"

load() { cut -d' ' -f1-3 /proc/loadavg; }
failed=0
for bench in "${BENCHES[@]}"; do
    name="$(basename "${bench%% *}" .sh)"
    if [ "$#" -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
    started="$(date -u +%Y-%m-%dT%H:%M:%SZ)" load_before="$(load)" start=$(date +%s)
    # shellcheck disable=SC2086 # deliberate word splitting: "script args..."
    "$ROOT/scripts/stage.sh" "bench:$name" $bench && status=ok || { status=failed; failed=1; }
    printf '{"started": "%s", "seconds": %s, "status": "%s", "load_before": "%s", "load_after": "%s"}\n' \
        "$started" "$(( $(date +%s) - start ))" "$status" "$load_before" "$(load)" >"$BENCH_OUT/$name.run.json"
done
python3 "$ROOT/scripts/budgets.py" --bench-out "$BENCH_OUT" --out "$ROOT/docs/budgets.md" || failed=1
exit "$failed"
