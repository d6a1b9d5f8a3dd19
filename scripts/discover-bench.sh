#!/usr/bin/env bash
# discover-bench.sh: Discover and a contract page on a devserver seeded with 5,000 approved
# proposals of 10 kB plans (end2end/bench/discover.bench.ts), in headless Chromium: the
# listing's answer size, time to the first task card, heap and DOM size. Prints "BENCH" lines.
exec "$(dirname "${BASH_SOURCE[0]}")/playwright-bench.sh" discover
