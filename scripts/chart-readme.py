#!/usr/bin/env python3
"""Renders charts/stargate-explorer/README.md from README.md.tmpl beside it.

  chart-readme.py           write README.md
  chart-readme.py --check   fail when README.md differs from what would be written

The template's placeholders: @VALUES_TABLE@ (every key of values.schema.json: type, the default
from values.yaml, the schema's description), @CHART_VERSION@ and @APP_VERSION@ (Chart.yaml).
The table is written once, by this script: the schema is the one description of the values.
"""
import difflib
import json
import pathlib
import sys

import yaml

CHART = pathlib.Path(__file__).resolve().parent.parent / "charts" / "stargate-explorer"


def type_of(node):
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    t = node.get("type", "any")
    t = " or ".join(t) if isinstance(t, list) else t
    if t == "array" and "items" in node:
        return f"array of {type_of(node['items'])}"
    if t == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"map of {type_of(node['additionalProperties'])}"
    return t


def rows(node, path, values):
    """One row per key; objects with properties of their own are walked, not listed."""
    for key, child in node.get("properties", {}).items():
        name = f"{path}.{key}" if path else key
        default = values.get(key) if isinstance(values, dict) else None
        if "properties" in child:
            yield from rows(child, name, default if default is not None else {})
            continue
        if key not in (values or {}):
            shown = "(not set)"
        else:
            shown = "`" + json.dumps(default, separators=(",", ":"), ensure_ascii=False).replace("|", "\\|") + "`"
        if not child.get("description"):
            raise SystemExit(f"values.schema.json: {name} has no description")
        desc = child["description"].replace("|", "\\|").replace("\n", " ")
        yield f"| `{name}` | {type_of(child)} | {shown} | {desc} |"


def render():
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    table = "\n".join(["| Key | Type | Default | Description |", "| --- | --- | --- | --- |",
                       *rows(schema, "", values)])
    text = (CHART / "README.md.tmpl").read_text(encoding="utf-8")
    for placeholder in ("@VALUES_TABLE@", "@CHART_VERSION@", "@APP_VERSION@"):
        if placeholder not in text:
            raise SystemExit(f"README.md.tmpl: {placeholder} missing")
    return (text.replace("@VALUES_TABLE@", table)
                .replace("@CHART_VERSION@", str(chart["version"]))
                .replace("@APP_VERSION@", str(chart["appVersion"])))


def main():
    out = CHART / "README.md"
    want = render()
    if sys.argv[1:] == ["--check"]:
        have = out.read_text(encoding="utf-8") if out.exists() else ""
        if have != want:
            sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                                       "README.md", "rendered", n=1))
            raise SystemExit("charts/stargate-explorer/README.md is stale: run scripts/chart-readme.py")
        print("charts/stargate-explorer/README.md matches its template, values.yaml and the schema")
    else:
        out.write_text(want, encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
