"""Turn pydantic's validation errors into contributor-facing problems (rule id + wording)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import BaseModel, ValidationError

from ..load.yamlsource import LongNumber, Parsed, Pos
from ..problems import clip
from .hints import HintBudget, suggest

_RULE_BY_TYPE = {
    "missing": "SCHEMA-REQUIRED",
    "extra_forbidden": "SCHEMA-UNKNOWN-KEY",
    "string_too_short": "SCHEMA-LENGTH",
    "string_too_long": "SCHEMA-LENGTH",
    "too_short": "SCHEMA-LENGTH",
    "too_long": "SCHEMA-LENGTH",
    "literal_error": "SCHEMA-ENUM",
    "string_pattern_mismatch": "SCHEMA-FORMAT",
    "date_format": "SCHEMA-DATE",
    "date_range": "SCHEMA-DATE",
    "url": "SCHEMA-URL",
    "text_char": "SCHEMA-TEXT",
    "text_invisible": "SCHEMA-TEXT",
}


def field_name(loc: tuple[Any, ...]) -> str:
    """('sources', 2, 'url') -> 'sources[3].url' (list items counted from 1, as people count)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + clip(str(part))
    return out or "front matter"


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, int) and value.bit_length() > 400:  # str() of a huge int is slow, or refused
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    if isinstance(value, int | float):
        shown = str(value)
        return f"a number ({shown})" if len(shown) <= 60 else f"a number of {len(shown.lstrip('-')):,} digits"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(clip(str(value), 60))


def schema_problems(
    model: type[BaseModel], data: Any, parsed: Parsed, prefix: tuple[Any, ...] = ()
) -> tuple[BaseModel | None, list[tuple[str, str, Pos]]]:
    """Validate ``data`` against ``model``; return the instance or the problems, located."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found = []
        hints = HintBudget()
        for err in exc.errors(include_url=False):
            loc = prefix + tuple(err["loc"])
            rule, message, key = _message(model, err, loc, hints)
            found.append((rule, message, parsed.pos(loc, key=key)))
        return None, found


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the mapping that holds ``loc`` (for did-you-mean)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        current = _model_in(annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(model: type[BaseModel], err: Any, loc: tuple[Any, ...], hints: HintBudget) -> tuple[str, str, bool]:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    name = field_name(loc)
    rule = _RULE_BY_TYPE.get(kind, "SCHEMA-TYPE")
    if kind == "missing":
        return rule, f"required key '{clip(str(loc[-1]))}' is missing{_in(loc[:-1])}", False
    if kind == "extra_forbidden":
        hint = suggest(loc[-1], _allowed_keys(model, loc)) if hints.allows(kind) else ""
        return rule, f"unknown key '{clip(str(loc[-1]))}'{_in(loc[:-1])}{hint}", True
    if kind == "string_too_short":
        return rule, f"{name} is {_chars(value)}; it needs at least {ctx['min_length']}", False
    if kind == "string_too_long":
        return rule, f"{name} is {_chars(value)}; the limit is {ctx['max_length']}", False
    if kind == "too_short":
        return rule, f"{name} has {_items(ctx.get('actual_length', 0))}; it needs at least {ctx['min_length']}", False
    if kind == "too_long":
        return rule, f"{name} has {_items(ctx.get('actual_length', 0))}; the limit is {ctx['max_length']}", False
    if kind == "literal_error":
        options = [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = suggest(value, options) if hints.allows(kind) else ""
        return rule, f"{name} is {describe(value)}; expected one of: {', '.join(options)}{hint}", False
    if kind == "string_pattern_mismatch":
        return rule, f"{name} is {describe(value)}, which is not {_pattern_words(name)}", False
    if kind == "date_format":
        return rule, f"{name} is {describe(value)}; expected {err['msg']}", False
    if kind == "date_range":
        return rule, f"{name} is {ctx['date']}; expected {err['msg']}", False
    if kind == "url":
        return rule, f"{name} is {describe(value)}; expected {err['msg']}", False
    if kind == "text_char":
        return rule, f"{name} has {err['msg']}; remove it", False
    if kind == "text_invisible":
        return rule, f"{name} has no {err['msg']}", False
    expected = {
        "string_type": "text",
        "list_type": "a list",
        "model_type": "a mapping of keys to values",
        "model_attributes_type": "a mapping of keys to values",
        "dict_type": "a mapping of keys to values",
    }.get(kind, err["msg"].lower())
    return rule, f"{name} is {describe(value)}; expected {expected}", False


def _in(loc: tuple[Any, ...]) -> str:
    return f" in {field_name(loc)}" if loc else ""


def _chars(value: Any) -> str:
    n = len(str(value).strip()) if value is not None else 0
    return f"{n} character{'s' if n != 1 else ''}"


def _items(n: int) -> str:
    return f"{n} item{'s' if n != 1 else ''}"


def _pattern_words(name: str) -> str:
    if "language" in name:
        return "a BCP 47 language tag such as 'en' or 'zh-Hans'"
    if "jurisdictions" in name:
        return "a jurisdiction code such as 'CN', 'CN-BJ', 'EU', 'UN' or 'INT'"
    return "a slug or id: lowercase letters, digits and single hyphens"
