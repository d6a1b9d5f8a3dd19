#!/usr/bin/env python3
"""docs-check.py: the documentation's own rules, checked by `make test` (stage `docs`).

- every decision record docs/adr/NNNN-title.md is at most ADR_MAX_LINES lines, starts with
  "# N. Title" (N its number), has a "- Status:" line (accepted, or superseded by a record that
  exists) and is linked from the index, docs/adr/README.md, with its status there;
- README.md is at most README_MAX_WORDS words;
- every relative link in README.md and docs/ resolves (a missing file under docs/ or README.md
  fails; a missing file elsewhere in the repository is reported, since code-side manuals may come
  from another part of the tree);
- no file in docs/, README.md, end2end/ or scripts/ names a tracker issue (the word "issue" and
  a number) or a document outside the repository ("reference", then a section sign).
Prints every finding; exits 1 if any fails.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADR = ROOT / "docs" / "adr"
ADR_MAX_LINES = 40
README_MAX_WORDS = 800
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# built from pieces, so this file does not match itself
OUTSIDE = re.compile(r"\bissue" + r" [0-9]+|reference" + r" §")

failures = []
notes = []


def fail(msg):
    failures.append(msg)


def rel(path):
    return path.relative_to(ROOT)


def check_adrs():
    index = (ADR / "README.md").read_text()
    records = sorted(ADR.glob("[0-9][0-9][0-9][0-9]-*.md"))
    if not records:
        fail("docs/adr: no records")
    numbers = set()
    for path in records:
        lines = path.read_text().splitlines()
        number = int(path.name[:4])
        numbers.add(number)
        if len(lines) > ADR_MAX_LINES:
            fail(f"{rel(path)}: {len(lines)} lines, more than {ADR_MAX_LINES}")
        if not lines or not lines[0].startswith(f"# {number}. "):
            fail(f"{rel(path)}: the first line must be '# {number}. <title>'")
        status = next((line for line in lines if line.startswith("- Status: ")), None)
        if status is None:
            fail(f"{rel(path)}: no '- Status: ' line")
            continue
        row = next((line for line in index.splitlines() if f"]({path.name})" in line), None)
        if row is None:
            fail(f"{rel(path)}: not linked from docs/adr/README.md")
            continue
        superseded = re.search(r"superseded by \[(\d{4})\]\((\d{4}-[^)]+\.md)\)", status)
        if "superseded" in status and not superseded:
            fail(f"{rel(path)}: 'superseded by' must link the record that supersedes it")
        if superseded:
            if not (ADR / superseded.group(2)).is_file():
                fail(f"{rel(path)}: superseded by {superseded.group(2)}, which does not exist")
            if f"superseded by {superseded.group(1)}" not in row:
                fail(f"docs/adr/README.md: the row of {path.name} must say 'superseded by {superseded.group(1)}'")
        elif "superseded" in row:
            fail(f"docs/adr/README.md: {path.name} is listed as superseded, but its status is not")
    expected = set(range(1, max(numbers, default=0) + 1))
    if numbers != expected:
        fail(f"docs/adr: numbers missing: {sorted(expected - numbers)}")


def check_readme():
    words = len((ROOT / "README.md").read_text().split())
    if words > README_MAX_WORDS:
        fail(f"README.md: {words} words, more than {README_MAX_WORDS}")


def check_links():
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for path in docs:
        text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue  # http(s):, mailto:, and anchors in the same file
            file = (path.parent / target.split("#")[0]).resolve()
            if file.exists():
                continue
            inside = file == ROOT / "README.md" or ROOT / "docs" in file.parents
            message = f"{rel(path)}: link to {target}, which does not exist"
            (fail if inside or not file.is_relative_to(ROOT) else notes.append)(message)


def check_outside_references():
    files = subprocess.run(
        ["git", "ls-files", "--", "docs", "README.md", "end2end", "scripts"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    for name in files:
        path = ROOT / name
        if not path.is_file() or name.endswith(".lock") or name.endswith("package-lock.json"):
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                fail(f"{name}:{number}: names a tracker issue or an outside document: {line.strip()[:100]}")


def main():
    check_adrs()
    check_readme()
    check_links()
    check_outside_references()
    for note in notes:
        print(f"docs-check: note: {note}")
    for failure in failures:
        print(f"docs-check: {failure}")
    records = len(list(ADR.glob("[0-9][0-9][0-9][0-9]-*.md")))
    if failures:
        print(f"docs-check: {len(failures)} finding(s)")
        sys.exit(1)
    print(f"docs-check: {records} records, README, links and references OK")


if __name__ == "__main__":
    main()
