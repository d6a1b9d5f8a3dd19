#!/usr/bin/env bash
# rail-bench.sh: the rail's budget figures (end2end/bench/rail.bench.ts) on a 900,000-block
# devserver chain (~330 MB, in the run's own directory), in headless Chromium: DOM cards at
# tip/middle/genesis, jump latency, memory after scrolling 20,000 blocks, p95 frame time with a
# 4x CPU throttle. Prints "BENCH" lines.
exec "$(dirname "${BASH_SOURCE[0]}")/playwright-bench.sh" rail
