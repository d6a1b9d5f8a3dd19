#!/usr/bin/env bash
# stage.sh NAME CMD [ARGS...]: run one named stage of the build/test pipeline, print its
# elapsed wall time, and append "NAME SECONDS STATUS" to $STAGE_LOG (when set) so that
# `make test` can print a summary at the end (fresh vs warm timings).
set -uo pipefail
name="$1"; shift
start=$(date +%s)
printf '\n==> [%s] %s\n' "$name" "$*"
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
status=ok; [ "$rc" -eq 0 ] || status="FAILED(rc=$rc)"
printf '<== [%s] %s in %ss\n' "$name" "$status" "$secs"
if [ -n "${STAGE_LOG:-}" ]; then
    mkdir -p "$(dirname "$STAGE_LOG")"
    printf '%-14s %6ss  %s\n' "$name" "$secs" "$status" >>"$STAGE_LOG"
    if [ "$rc" -ne 0 ]; then
        printf '\nstages of this run:\n'; cat "$STAGE_LOG"
    fi
fi
exit "$rc"
