#!/usr/bin/env bash
# size-report.sh [DIST]: raw and gzip -9 sizes of the first-load assets (*.wasm, *.js, *.css,
# searched recursively, so wasm-bindgen snippets count too) against the docs/design.md budget:
# first load, gzip, wasm + js + css <= 160 kB (kB = 1000 bytes).
# Exit status: 0, or 1 when over budget and SIZE_BUDGET_STRICT=1; 2 when DIST has no assets.
set -euo pipefail
DIST="${1:-dist}"
BUDGET_BYTES="${SIZE_BUDGET_BYTES:-160000}"

[ -d "$DIST" ] || { echo "size-report: $DIST does not exist (run: make build)" >&2; exit 2; }

mapfile -d '' files < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 | sort -z)
[ "${#files[@]}" -gt 0 ] || { echo "size-report: no .wasm/.js/.css under $DIST" >&2; exit 2; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f kB", b / 1000 }'; }

printf '\nFirst-load size (%s)\n' "$DIST"
printf '%-56s %12s %12s\n' "file" "raw" "gzip -9"
raw_total=0; gz_total=0
for f in "${files[@]}"; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    raw_total=$((raw_total + raw)); gz_total=$((gz_total + gz))
    printf '%-56s %12s %12s\n' "${f#"$DIST"/}" "$(kb "$raw")" "$(kb "$gz")"
done
printf '%-56s %12s %12s\n' "TOTAL (wasm + js + css)" "$(kb "$raw_total")" "$(kb "$gz_total")"

pct=$(awk -v g="$gz_total" -v b="$BUDGET_BYTES" 'BEGIN { printf "%.0f", 100 * g / b }')
if [ "$gz_total" -le "$BUDGET_BYTES" ]; then
    printf 'budget: %s gzip of %s (%s%%) - OK\n' "$(kb "$gz_total")" "$(kb "$BUDGET_BYTES")" "$pct"
else
    printf 'budget: %s gzip of %s (%s%%) - OVER BUDGET\n' "$(kb "$gz_total")" "$(kb "$BUDGET_BYTES")" "$pct"
    [ "${SIZE_BUDGET_STRICT:-0}" = 1 ] && exit 1
fi
exit 0
