"""The validator's own limits (security hardening): numbers too long to read, the alias-expansion
limit, list sizes, and the did-you-mean hints, each bounded so that no input crashes the validator
or makes it slow, while legitimate large files still pass."""

from __future__ import annotations

import contextlib
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from briefing.load.yamlsource import parse
from support import CORPUS, TODAY, base, lines_of, make_corpus

B = "briefs/test-brief.md"
TITLE = 'title: "A fictional brief used by the rule tests"'
STATUS = "status: published"
RELATED = "related: [sample-compute-rule-2025]"
PARAGRAPH = "Nothing here is real."


def run_validate(root: Path, *paths: Path) -> tuple[int, list[dict[str, Any]], str]:
    """`briefing validate --format json` as a contributor runs it: (exit code, problems, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["--root", str(root), "validate", "--no-cache", "--format", "json", "--today", TODAY.isoformat()]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, *(str(p) for p in paths)])
    text = out.getvalue()
    return code, json.loads(text) if text.strip() else [], err.getvalue()


# --- numbers too long to read -------------------------------------------------------------------
HUGE = {
    "hex": "0x" + "f" * 3600,  # reads fine, but printing it in decimal exceeds Python's digit limit
    "decimal": "1" * 5000,  # over Python's 4,300-digit limit for reading a decimal
    "negative": "-" + "9" * 4301,
    "binary": "0b" + "1" * 20_000,
    "underscores": "1_000" * 1000,
}


@pytest.mark.parametrize("form", list(HUGE))
def test_a_huge_integer_is_a_located_problem_not_a_traceback(tmp_path: Path, form: str) -> None:
    number = HUGE[form]
    root = make_corpus(tmp_path / "repo", {B: base(TITLE, "title: " + number)})
    code, problems, err = run_validate(root)
    assert code == 1 and "Traceback" not in err
    found = [(p["path"], p["line"], p["column"], p["rule"]) for p in problems]
    assert found == [(B, 2, 8, "SCHEMA-TYPE"), (B, 2, 8, "YAML-NUMBER")]
    digits = len(number.lstrip("-").removeprefix("0x").removeprefix("0b").replace("_", ""))
    messages = {p["rule"]: p["message"] for p in problems}
    assert messages["SCHEMA-TYPE"] == f"title is a number of {digits:,} digits; expected text"
    assert messages["YAML-NUMBER"] == (f"this number has {digits:,} digits; the limit is 100 (put text in "
                                       "quotes; no field of a brief is a number)")
    assert all(len(p["message"]) < 200 for p in problems)  # the number itself is never printed


def test_a_huge_integer_in_one_brief_does_not_stop_the_others_from_validating(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "repo", {"briefs/huge-number.md": base(TITLE, "title: " + HUGE["hex"])})
    code, problems, err = run_validate(root, root / "briefs/sample-summit-statement.md")
    assert (code, problems, "Traceback" in err) == (0, [], False)


@pytest.mark.parametrize(("old", "new", "rule"), [
    (STATUS, "status: " + HUGE["hex"], "SCHEMA-ENUM"),  # the did-you-mean hint used to print it
    ("published: 2024-05-01", "published: " + HUGE["hex"], "SCHEMA-DATE"),
    ("authors: [editorial-team]", "authors: [" + HUGE["hex"] + "]", "SCHEMA-TYPE"),
    ("    type: primary", "    type: primary\n    language: " + HUGE["hex"], "SCHEMA-TYPE"),
    (RELATED, "related: " + HUGE["hex"], "SCHEMA-TYPE"),
])
def test_a_huge_integer_anywhere_in_the_front_matter(tmp_path: Path, old: str, new: str, rule: str) -> None:
    root = make_corpus(tmp_path / "repo", {B: base(old, new)})
    code, problems, err = run_validate(root)
    assert code == 1 and "Traceback" not in err
    assert {p["rule"] for p in problems} == {rule, "YAML-NUMBER"}
    assert all(len(p["message"]) < 300 for p in problems)


def test_a_huge_integer_in_a_data_file(tmp_path: Path) -> None:
    topics = (CORPUS / "briefs/topics.yml").read_text("utf-8")
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": topics + "huge-topic:\n  label: " + HUGE["hex"]
                                           + "\n  description: A topic whose label is a number.\n"})
    code, problems, err = run_validate(root)
    assert code == 1 and "Traceback" not in err
    assert sorted((p["path"], p["rule"]) for p in problems) == [
        ("briefs/topics.yml", "SCHEMA-TYPE"), ("briefs/topics.yml", "YAML-NUMBER")]


def test_numbers_up_to_the_limit_are_read_as_numbers() -> None:
    parsed = parse("a: " + "9" * 100 + "\nb: 0x" + "f" * 100 + "\nc: .inf\nd: -.Inf\ne: .nan\n")
    assert parsed.issues == []
    assert parsed.value["a"] == int("9" * 100) and parsed.value["b"] == int("f" * 100, 16)
    assert parsed.value["c"] == float("inf") and parsed.value["d"] == float("-inf")
    assert parsed.value["e"] != parsed.value["e"]  # NaN



# --- the alias-expansion limit counts what aliases expand, not the size of the document -------------
def big_topics(entries: int) -> str:
    """The fixture's topics.yml and ``entries`` more topics, without a single anchor or alias."""
    extra = "".join(f"t-{i}: {{label: T {i}, description: Generated., aliases: [t{i}]}}\n" for i in range(entries))
    return (CORPUS / "briefs/topics.yml").read_text("utf-8") + extra


def test_a_large_alias_free_topics_file_passes(tmp_path: Path) -> None:
    text = big_topics(3_300)  # 5 values an entry: about 16,700 values
    assert len(text.encode()) < 256 * 1024  # the file-size limit
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": text})
    assert lines_of(root) == []


def test_a_large_alias_free_brief_list_passes() -> None:
    parsed = parse("items:\n" + "".join(f"  - {{id: item-{i}, n: {i}}}\n" for i in range(20_000)))
    assert parsed.issues == [] and len(parsed.value["items"]) == 20_000


def aliased(uses: int) -> str:
    # Each `*a` expands into 101 values: the list and its 100 items.
    return "a: &a [" + ", ".join(["1"] * 100) + "]\nb: [" + ", ".join(["*a"] * uses) + "]\n"


def test_aliases_may_expand_up_to_the_limit() -> None:
    assert parse(aliased(99)).issues == []  # 9,999 values from aliases


def test_aliases_may_not_expand_past_the_limit() -> None:
    assert [(i.rule, i.message) for i in parse(aliased(100)).issues] == [
        ("YAML-ALIAS", "anchors and aliases expand into more than 10,000 values")]  # 10,100


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_a_large_data_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    text = big_topics(3_000) + billion_laughs(12)  # 10^12 values if it were expanded
    tracemalloc.start()
    try:
        parsed = parse(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.rule for i in parsed.issues] == ["YAML-ALIAS"] and parsed.value is None
    assert peak < 200 * 1024 * 1024, f"{peak:,} bytes"
    root = make_corpus(tmp_path / "repo", {"briefs/topics.yml": text})
    found = lines_of(root)
    assert found[0] == "briefs/topics.yml:3:1: error YAML-ALIAS anchors and aliases expand into more than 10,000 values"


def test_a_huge_integer_is_reported_once_however_often_an_alias_repeats_it() -> None:
    parsed = parse("a: &n " + HUGE["hex"] + "\nb: [*n, *n, *n]\n")
    assert [(i.rule, i.pos.line, i.pos.column) for i in parsed.issues] == [("YAML-NUMBER", 1, 4)]
