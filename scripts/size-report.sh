#!/usr/bin/env bash
# size-report.sh [DIST]: raw, gzip -9 and brotli -q 11 sizes (the settings of the build's
# .gz/.br twins; kB = 1000 bytes) of
#   1. the first load of `/`: every file index.html references (the one script boot-*.js holds
#      the JS glue, the lazy-page loader and the first-screen script) and wasm-bindgen snippets;
#      the wasm + js + css of it against the docs/design.md budget (brotli <= 200 kB, what nginx
#      serves to browsers);
#   2. each lazy chunk (DIST/split-manifest.json, written by the build's split step: page -> the
#      chunk files it loads) and what each page adds when first visited: its chunk files, a chunk
#      shared by several pages counted in each of them.
# Without a split-manifest.json (a build without lazy pages) every .wasm/.js/.css is first load.
# The figures also go to BENCH_OUT/size-report.json (default .tmp/bench/), from which `make bench`
# renders docs/budgets.md (scripts/budgets.py).
# Exit status: 0, or 1 when the first load is over budget and SIZE_BUDGET_STRICT=1; 2 when DIST
# has no assets or cannot be measured.
set -euo pipefail
DIST="${1:-dist}"
BUDGET_BYTES="${SIZE_BUDGET_BYTES:-200000}"
BENCH_OUT="${BENCH_OUT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tmp/bench}"

[ -d "$DIST" ] || { echo "size-report: $DIST does not exist (run: make build)" >&2; exit 2; }
[ -f "$DIST/index.html" ] || { echo "size-report: $DIST/index.html missing (run: make build)" >&2; exit 2; }
command -v brotli >/dev/null 2>&1 || { echo "size-report: brotli not found (Debian package brotli: run scripts/setup.sh)" >&2; exit 2; }

status=0
python3 - "$DIST" "$BUDGET_BYTES" "$BENCH_OUT" <<'PY' || status=$?
import json
import pathlib
import re
import subprocess
import sys

dist = pathlib.Path(sys.argv[1])
budget = int(sys.argv[2])
out = pathlib.Path(sys.argv[3])
ASSET = (".wasm", ".js", ".css")


def fail(msg):
    print(f"size-report: {msg}", file=sys.stderr)
    sys.exit(2)


def compressed(cmd, path):
    return len(subprocess.run(cmd + [str(path)], check=True, capture_output=True).stdout)


sizes = {}


def measure(name):
    """(raw, gzip -9, brotli -q 11) of dist/name, measured once."""
    if name not in sizes:
        p = dist / name
        sizes[name] = (p.stat().st_size, compressed(["gzip", "-9", "-n", "-c"], p), compressed(["brotli", "-q", "11", "-c"], p))
    return sizes[name]


def kb(b):
    return f"{b / 1000:.1f} kB"


def row(label, raw, gz, br, extra=""):
    print(f"{label:<56} {kb(raw):>13} {kb(gz):>13} {kb(br):>13}{extra}")


def header(first):
    print(f"{first:<56} {'raw':>13} {'gzip -9':>13} {'brotli -q 11':>13}")


assets = sorted(str(p.relative_to(dist)) for p in dist.rglob("*") if p.is_file() and p.name.endswith(ASSET))
if not assets:
    fail(f"no .wasm/.js/.css under {dist}")

manifest_path = dist / "split-manifest.json"
pages = {}
if manifest_path.exists():
    try:
        pages = json.loads(manifest_path.read_text())
        assert isinstance(pages, dict) and all(isinstance(v, list) for v in pages.values())
    except (ValueError, AssertionError):
        fail(f"{manifest_path} is not a JSON object of page -> [chunk file, ...]")
def natural(name):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


chunks = sorted({c for files in pages.values() for c in files}, key=natural)
for c in chunks:
    if not (dist / c).is_file():
        fail(f"{manifest_path} names {c}, which is not in {dist}")

# 1. the first load
if pages:
    index = (dist / "index.html").read_text()
    refs = []
    for url in re.findall(r'\b(?:src|href)="([^"#?]+)', index):
        name = re.sub(r"^\./", "", url)
        if re.match(r"^[a-z]+:|^/", name) or not (dist / name).is_file():
            continue  # <base href>, absolute or external URLs: not files of dist/
        refs.append(name)
    snippets = [a for a in assets if a.startswith("snippets/")]
    first = sorted(set(refs + snippets))
    how = "index.html's references, snippets; not the lazy chunks"
else:
    first = assets
    how = "no split-manifest.json: every .wasm/.js/.css"

print(f"\nFirst load of / ({dist}: {how})")
header("file")
total = [0, 0, 0]
for name in first:
    raw, gz, br = measure(name)
    counted = name.endswith(ASSET)
    if counted:
        total = [total[0] + raw, total[1] + gz, total[2] + br]
    row(name, raw, gz, br, "" if counted else "   (not wasm/js/css: not in the budget)")
row("TOTAL (wasm + js + css)", *total)
pct = round(100 * total[2] / budget)
verdict = "OK" if total[2] <= budget else "OVER BUDGET"
print(f"budget: {kb(total[2])} brotli of {kb(budget)} ({pct}%) - {verdict}; gzip {kb(total[1])}, for clients without br")
figures = {}


def figure(key, label, text, target="", value=None, limit=None):
    figures[key] = {"label": label, "text": text, "value": value, "target": target, "limit": limit}


figure("first_load", "first load of / (wasm + js + css), brotli", kb(total[2]), f"<= {kb(budget)}", total[2], budget)
figure("first_load_gzip", "first load of / (wasm + js + css), gzip -9", kb(total[1]), value=total[1])
wasm = [n for n in first if n.endswith(".wasm")]
if wasm:
    figure("main_wasm", "main wasm, brotli", kb(sum(measure(n)[2] for n in wasm)), value=sum(measure(n)[2] for n in wasm))

# 2. the lazy chunks and what each page adds
others = [a for a in assets if a not in first and a not in chunks]
if pages:
    print(f"\nLazy chunks ({manifest_path.name})")
    header("chunk")
    for c in chunks:
        users = ", ".join(p for p, files in sorted(pages.items()) if c in files)
        row(c, *measure(c), f"   {users}")
    print("\nWhat each page adds on its first visit (its chunks; a shared chunk counts in each page)")
    print(f"{'page':<44} {'chunks':>13} {'raw':>13} {'gzip -9':>13} {'brotli -q 11':>13}")
    for page, files in sorted(pages.items()):
        s = [sum(measure(f)[i] for f in files) for i in range(3)]
        print(f"{page:<44} {len(files):>13} {kb(s[0]):>13} {kb(s[1]):>13} {kb(s[2]):>13}")
        figure(f"page:{page}", f"{page}: its chunks on first visit, brotli", kb(s[2]), value=s[2])
    every = [sum(measure(c)[i] for c in chunks) for i in range(3)]
    print(f"{'all chunks once':<44} {len(chunks):>13} {kb(every[0]):>13} {kb(every[1]):>13} {kb(every[2]):>13}")
    figure("chunks", "all lazy chunks once, brotli", kb(every[2]), value=every[2])
if others:
    print(f"\nnot loaded by / nor named by any page ({len(others)}): {', '.join(others)}")

out.mkdir(parents=True, exist_ok=True)
(out / "size-report.json").write_text(json.dumps({"bench": "size-report", "figures": figures}, indent=2) + "\n")
sys.exit(1 if total[2] > budget else 0)
PY
case "$status" in
    0) exit 0 ;;
    1) [ "${SIZE_BUDGET_STRICT:-0}" = 1 ] && exit 1; exit 0 ;;
    *) exit "$status" ;;
esac
