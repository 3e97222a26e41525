"""Property test: scalars of every YAML type at extreme sizes, in every position of the front matter
and of the data files, through `briefing validate` itself. Whatever the value, the validator exits
0 or 1 and reports problems with a rule id, a position inside the file and a short message: never a
traceback, never a value repeated in full."""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.problems import RULES
from support import BASE, CORPUS, TODAY, make_corpus

TARGET = "briefs/extreme-brief.md"
PLACEHOLDER = "__EXTREME_VALUE__"
MAX_MESSAGE = 1_000  # characters: a message names a value, it never repeats a huge one

# A front matter with every field the contract defines filled in, valid as it stands: each example
# replaces one value (or one list item) in it.
FULL: dict[str, Any] = {
    **yaml.safe_load(BASE.split("---\n")[1]),
    "updated": dt.date(2024, 6, 1),
    "aliases": ["extreme-brief-old"],
    "supersedes": "sample-compute-rule-2024",
    "reviewed": dt.date(2024, 7, 1),
    "events": [{"date": dt.date(2024, 5, 2), "title": "A fictional meeting", "topics": ["export-controls"],
                "kind": "meeting", "end": dt.date(2024, 5, 3), "url": "https://example.org/meeting"}],
    "instrument": {"name": "A fictional rule", "name_zh": "虚构规则", "type": "rule", "issuers": ["A fictional office"],
                   "adopted": dt.date(2024, 5, 1), "status": "adopted",
                   "history": [{"date": dt.date(2024, 5, 1), "status": "adopted", "note": "Adopted by the office.",
                                "source": "https://example.org/source"}]},
    "changelog": [{"date": dt.date(2024, 6, 1), "kind": "update", "note": "Added a fictional fact."}],
}
FULL["sources"][0].update({"published": dt.date(2024, 4, 1), "language": "en",
                           "archived_url": "https://archive.example.org/source"})
BODY = BASE.split("---\n", 2)[2]
DATA = {name: yaml.safe_load((CORPUS / "briefs" / name).read_text("utf-8"))
        for name in ("topics.yml", "authors.yml", "jurisdictions.yml")}

Where = tuple[str | int, ...]


def positions(value: Any, path: Where = ()) -> list[Where]:
    """Every key's value and every first list item, at any depth, plus an unknown key."""
    found: list[Where] = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += positions(item, (*path, key))
        found.append((*path, "unknown-key"))
    elif isinstance(value, list) and value:
        found += positions(value[0], (*path, 0))
    return found


BRIEF_POSITIONS = positions(FULL)
DATA_POSITIONS = [(name, where) for name, data in DATA.items() for where in positions(data) if len(where) >= 2]


def placed(data: Any, where: Where) -> str:
    """``data`` as YAML, with the placeholder at ``where``."""
    data = copy.deepcopy(data)
    holder = data
    for part in where[:-1]:
        holder = holder[part]
    holder[where[-1]] = PLACEHOLDER
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000)


SIZES = st.sampled_from([1, 2, 99, 100, 101, 4_300, 4_301, 20_000, 120_000])
DEPTHS = st.sampled_from([1, 2, 16, 100, 1_000, 20_000])
COUNTS = st.sampled_from([0, 1, 5, 6, 500, 501, 5_000, 20_000])
SIGN = st.sampled_from(["", "-", "+"])


def _int(form: str, sign: str, n: int) -> str:
    return {
        "decimal": sign + "9" * n,
        "hex": sign + "0x" + "f" * n,
        "octal": sign + "0" + "7" * n,  # YAML 1.1 octal
        "octal-0o": "0o" + "7" * n,  # text in YAML 1.1
        "binary": sign + "0b" + "1" * n,
        "underscores": sign + "1_" * n + "0",
        "base-60": sign + "1" + ":30" * min(n, 30_000),
        "explicit": "!!int " + sign + "9" * n,
    }[form]


INTS = st.builds(_int, st.sampled_from(["decimal", "hex", "octal", "octal-0o", "binary", "underscores", "base-60",
                                        "explicit"]), SIGN, SIZES)
FLOATS = st.one_of(
    st.sampled_from([".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN", ".NAN", "1.5e308", "1.0e999", "-1.0e-999",
                     "6.8523015e+5", "1_000.5", "190:20:30.15", "!!float .inf", "!!float nan", "0.0", "-0.0"]),
    st.builds(lambda sign, n: sign + "1." + "5" * n, SIGN, SIZES),
    st.builds(lambda sign, n: sign + "9" * n + ".0e+" + "9" * min(n, 5_000), SIGN, SIZES),
)
STRINGS = st.one_of(
    st.builds(lambda n: '"' + "x" * n + '"', SIZES),
    st.builds(lambda n: "'" + "中" * n + "'", SIZES),
    st.builds(lambda n: "a" * n, SIZES),
    st.builds(lambda n: "word " * min(n, 40_000) + "end", SIZES),
    st.builds(lambda n: "!!str " + "9" * n, SIZES),
    st.builds(lambda n: '"' + "\\u202e" * min(n, 20_000) + '"', SIZES),
)
TIMESTAMPS = st.sampled_from([
    "0000-01-01", "0001-01-01", "9999-12-31", "0000-00-00", "2024-02-30", "2024-1-1", "99999-01-01",
    "9999-12-31T23:59:59Z", "2001-12-14t21:59:43.10-05:00", "0001-01-01 00:00:00", '"9999-12-31"', '"0001-01-01"',
    "!!timestamp 9999-12-31", "!!timestamp 0000-01-01", "1970-01-01",
])
BOOLEANS = st.sampled_from(["true", "False", "yes", "NO", "on", "Off", "y", "n", "!!bool yes"])
NULLS = st.sampled_from(["", "~", "null", "NULL", "!!null ''"])
BINARY = st.builds(lambda n: "!!binary " + base64.b64encode(b"\x00\xff" * min(n, 60_000)).decode(), SIZES)
NESTED = st.one_of(
    st.builds(lambda d: "[" * d + "x" + "]" * d, DEPTHS),
    st.builds(lambda d: "{a: " * d + "x" + "}" * d, DEPTHS),
    st.builds(lambda d: "[{a: " * d + "x" + "}]" * d, DEPTHS),
)
SCALARS = st.one_of(INTS, FLOATS, STRINGS, TIMESTAMPS, BOOLEANS, NULLS, BINARY)
FLOW_LISTS = st.builds(lambda item, n: "[" + ", ".join([item] * n) + "]",
                       st.one_of(st.sampled_from(["x", "export-controls", "unknown-slug", "0x" + "f" * 101, ".nan",
                                                  "9999-12-31", "[]", "{}"]), TIMESTAMPS, BOOLEANS), COUNTS)
ANCHORED = st.builds(lambda value: f"[&v {value}, *v, *v]", SCALARS)
VALUES = st.one_of(SCALARS, NESTED, FLOW_LISTS, ANCHORED)

SETTINGS = settings(
    max_examples=120,
    deadline=dt.timedelta(seconds=10),  # generous on a shared machine; a hang or a quadratic blow-up still fails
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("extreme") / "repo")


def check(root: Path, rel: str, text: str) -> list[dict[str, Any]]:
    """Write ``text`` to ``rel``, run `briefing validate` as a contributor does, check every problem."""
    path = root / rel
    original = path.read_bytes() if path.exists() else None
    path.write_text(text, encoding="utf-8", newline="\n")
    try:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(root), "validate", "--no-cache", "--format", "json",
                         "--today", TODAY.isoformat()])
        problems = json.loads(out.getvalue() or "[]")
        lines = {p["path"]: (root / p["path"]).read_text("utf-8").split("\n") for p in problems}
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    assert code in (0, 1), err.getvalue()
    assert (code == 1) == any(p["severity"] == "error" for p in problems)
    for problem in problems:
        assert problem["rule"] in RULES, problem
        file_lines = lines[problem["path"]]
        assert 1 <= problem["line"] <= len(file_lines), problem
        assert 1 <= problem["column"] <= len(file_lines[problem["line"] - 1]) + 1, problem
        assert problem["message"] and len(problem["message"]) <= MAX_MESSAGE, problem["message"][:200]
    return problems


def test_the_full_front_matter_is_valid(root: Path) -> None:
    # The property below changes one value of a brief that starts out valid.
    front = yaml.safe_dump(FULL, allow_unicode=True, sort_keys=False)
    assert check(root, TARGET, "---\n" + front + "---\n" + BODY) == []


@SETTINGS
@given(where=st.sampled_from(BRIEF_POSITIONS), value=VALUES)
def test_extreme_values_in_the_front_matter(root: Path, where: Where, value: str) -> None:
    front = placed(FULL, where).replace(PLACEHOLDER, value)
    check(root, TARGET, "---\n" + front + "---\n" + BODY)


@SETTINGS
@given(place=st.sampled_from(DATA_POSITIONS), value=VALUES)
def test_extreme_values_in_the_data_files(root: Path, place: tuple[str, Where], value: str) -> None:
    name, where = place
    check(root, f"briefs/{name}", placed(DATA[name], where).replace(PLACEHOLDER, value))
