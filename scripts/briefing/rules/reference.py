"""The contributor reference page, generated from the model and the rule registry."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..model import DATA_FILES, DATE_MAX, DATE_MIN, Brief, ChangelogEntry, Event, Instrument, Source
from ..problems import RULES


def _type_name(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"mapping ({schema['$ref'].rsplit('/', 1)[-1]})"
    if "anyOf" in schema:
        return " or ".join(_type_name(s, defs) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        item = _type_name(schema.get("items", {}), defs)
        bounds = _bounds(schema, "minItems", "maxItems", "items")
        return f"list of {item}{bounds}"
    if kind == "string":
        if schema.get("format") == "date":
            return f"date `YYYY-MM-DD`, {DATE_MIN.year}–{DATE_MAX.year}"
        if schema.get("format") == "uri":
            return "URL (" + ("`https`" if schema.get("pattern") == "^https://" else "`http` or `https`") + ")"
        if "pattern" in schema:
            return "id"
        return "text" + _bounds(schema, "minLength", "maxLength", "characters")
    return str(kind)


def _bounds(schema: dict[str, Any], low: str, high: str, unit: str) -> str:
    lo, hi = schema.get(low), schema.get(high)
    if lo is not None and hi is not None:
        return f", {lo}–{hi} {unit}"
    if lo:
        return f", at least {lo} {unit}"
    if hi is not None:
        return f", at most {hi} {unit}"
    return ""


def _table(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows = ["| key | required | type | meaning |", "|---|---|---|---|"]
    for name, prop in schema["properties"].items():
        rows.append(
            f"| `{name}` | {'yes' if name in required else 'no'} | {_type_name(prop, defs)} | "
            f"{prop.get('description', '').replace('|', '/')} |"
        )
    return "\n".join(rows)


def reference_markdown() -> str:
    parts = [
        "# Brief reference",
        "",
        "This page is generated from the code that validates briefs (`briefing reference`), "
        "so it always matches what `make validate` checks. The machine-readable version is the "
        "JSON Schema printed by `briefing schema`.",
        "",
        "## Front matter",
        "",
        _table(Brief),
    ]
    for model in (Source, Event, Instrument, ChangelogEntry):
        parts += ["", f"### {model.__name__}", "", (model.__doc__ or "").strip(), "", _table(model)]
    parts += ["", "## Data files", ""]
    for name, (model, _pattern, required) in DATA_FILES.items():
        parts += [
            f"### `briefs/{name}`",
            "",
            (model.__doc__ or "").strip(),
            f" Required ids: {', '.join(f'`{r}`' for r in required)}.",
            "",
            _table(model),
            "",
        ]
    parts += [
        "## Rules",
        "",
        "Every problem is reported as `path:line:column: error RULE-ID message`.",
        "",
        "| rule | what it checks |",
        "|---|---|",
    ]
    parts += [f"| `{rule}` | {text} |" for rule, text in RULES.items()]
    return "\n".join(parts) + "\n"
