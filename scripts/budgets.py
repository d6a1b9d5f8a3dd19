#!/usr/bin/env python3
"""Render docs/budgets.md from the benchmarks' JSON figures (scripts/bench.sh calls this).

Each benchmark writes BENCH_OUT/<name>.json ({"figures": {key: {label, text, value, target}}})
and bench.sh writes BENCH_OUT/<name>.run.json (when it ran, how long, its status, the load
average before and after). The template (scripts/budgets.md.tmpl, string.Template syntax) names
a figure as ${<prefix>_<key>} and its target as ${<prefix>_<key>_target}; a figure with a
ceiling ("limit", in the value's unit) says whether it is met; one no run produced reads
"not measured". The `make test` section comes from the stage log of the last
`make test` (.tmp/stages.log: "NAME SECONDS STATUS" per stage).
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import string
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# benchmark (its script's name) -> the prefix of its figures in the template
BENCHES = {
    "size-report": "size",
    "cold-load-bench": "cold",
    "rail-bench": "rail",
    "discover-bench": "discover",
    "load-check": "load",
}
MISSING = "not measured"
# docs/design.md: `make test` with the tools installed, 2 cores
TEST_LIMIT_S = 30 * 60


def load_json(path):
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except ValueError as e:
        sys.exit(f"budgets: {path} is not JSON: {e}")


def run_line(name, run):
    """One sentence on when and how a benchmark ran, for the top of its section."""
    if run is None:
        return f"`{name}`: no run recorded (run `make bench`)."
    status = "" if run["status"] == "ok" else f", **{run['status']}** (figures of that run may be missing)"
    return (
        f"Measured {run['started']} by `scripts/{name}.sh` in {run['seconds']} s{status}; "
        f"load average (1, 5, 15 min) {run['load_before']} before, {run['load_after']} after."
    )


def verdict(value, limit):
    if value is None or limit is None:
        return ""
    return " (met)" if value <= limit else " (**over**)"


def page_table(figures):
    rows = [(k.removeprefix("page:"), f["text"]) for k, f in figures.items() if k.startswith("page:")]
    if not rows:
        return MISSING
    lines = ["| page | adds on first visit |", "| --- | --- |"]
    lines += [f"| `{page}` | {text} |" for page, text in rows]
    return "\n".join(lines)


def shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def stage_figures(log):
    """The `make test` section: the stages of the last run and their sum."""
    if not log.exists():
        return {"test_run": f"No `make test` run recorded (`{shown(log)}` is missing).",
                "test_total": MISSING, "test_stages": ""}
    stages = []
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1].endswith("s") and parts[1][:-1].isdigit():
            stages.append((parts[0], int(parts[1][:-1]), " ".join(parts[2:])))
    when = datetime.datetime.fromtimestamp(log.stat().st_mtime, datetime.timezone.utc)
    total = sum(s for _, s, _ in stages)
    failed = [n for n, _, st in stages if st != "ok"]
    complete = {"setup", "fmt", "clippy", "test-host", "e2e"} <= {n for n, _, _ in stages}
    note = "" if complete and not failed else (
        " Not a complete green run: " + (f"failed {', '.join(failed)}" if failed else "stages are missing") + ".")
    rows = ["| stage | seconds | status |", "| --- | --- | --- |"]
    rows += [f"| {n} | {s} | {st} |" for n, s, st in stages]
    return {
        "test_run": f"The last `make test` of `{shown(log)}` (written {when:%Y-%m-%d %H:%M} UTC).{note}",
        "test_total": f"{total / 60:.1f} min (sum of {len(stages)} stages)"
        + (verdict(total, TEST_LIMIT_S) if complete and not failed else ", incomplete"),
        "test_stages": "\n".join(rows),
    }


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kb = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, {platform.system()} {platform.release()}"


def commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    sha = git("rev-parse", "--short", "HEAD") or "?"
    # the file this writes is left out: an earlier rendering of it is no change to the code
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/budgets.md")
    return sha + (" with uncommitted changes" if changed else "")


def render(bench_out, template, stage_log):
    values = {
        "rendered": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
    }
    for name, prefix in BENCHES.items():
        values["run_" + name.replace("-", "_")] = run_line(name, load_json(bench_out / f"{name}.run.json"))
        figures = (load_json(bench_out / f"{name}.json") or {}).get("figures", {})
        for key, f in figures.items():
            values[f"{prefix}_{key}"] = f["text"] + verdict(f.get("value"), f.get("limit"))
            values[f"{prefix}_{key}_target"] = f["target"] or "figure only"
        if prefix == "size":
            values["size_pages"] = page_table(figures)
    values.update(stage_figures(stage_log))

    class Missing(dict):
        def __missing__(self, key):
            return MISSING

    return string.Template(template).substitute(Missing(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-out", type=pathlib.Path, default=ROOT / ".tmp" / "bench")
    ap.add_argument("--template", type=pathlib.Path, default=ROOT / "scripts" / "budgets.md.tmpl")
    ap.add_argument("--stage-log", type=pathlib.Path, default=ROOT / ".tmp" / "stages.log")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "docs" / "budgets.md")
    args = ap.parse_args()
    args.out.write_text(render(args.bench_out, args.template.read_text(), args.stage_log))
    print(f"budgets: wrote {shown(args.out)}")


if __name__ == "__main__":
    main()
