"""The validator's own limits (security hardening): numbers too long to read, the alias-expansion
limit, list sizes, and the did-you-mean hints, each bounded so that no input crashes the validator
or makes it slow, while legitimate large files still pass."""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from briefing.load.yamlsource import Parsed, parse
from briefing.model import Author, Brief, ChangelogEntry, Event, HistoryEntry, Instrument, Jurisdiction, Source, Topic
from support import CORPUS, TODAY, base, lines_of, make_corpus, problems_of

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


# --- list sizes and did-you-mean hints ------------------------------------------------------------
MODELS = (Brief, Source, Event, Instrument, HistoryEntry, ChangelogEntry, Topic, Author, Jurisdiction)


def test_every_list_in_the_model_has_a_bound_in_the_json_schema() -> None:
    unbounded = []
    for model in MODELS:
        for name, prop in model.model_json_schema()["properties"].items():
            for shape in [prop, *prop.get("anyOf", [])]:
                if shape.get("type") == "array" and "maxItems" not in shape:
                    unbounded.append(f"{model.__name__}.{name}")
    assert unbounded == []


def test_a_list_over_its_bound_is_a_located_problem(tmp_path: Path) -> None:
    limit = Brief.model_fields["aliases"].metadata[0].max_length
    at_limit = "aliases: [" + ", ".join(f"former-slug-{i}" for i in range(limit)) + "]"
    root = make_corpus(tmp_path / "repo", {B: base(RELATED, RELATED + "\n" + at_limit)})
    assert lines_of(root) == []
    over = at_limit.replace("]", ", one-more-slug]")
    root = make_corpus(tmp_path / "over", {B: base(RELATED, RELATED + "\n" + over)})
    assert lines_of(root) == [
        f"{B}:18:10: error SCHEMA-LENGTH aliases has {limit + 1} items; the limit is {limit}"]


class Calls:
    """Counts the did-you-mean computations (every hint goes through difflib.get_close_matches)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.words: list[str] = []
        real = difflib.get_close_matches

        def counted(word: str, *args: Any, **kwargs: Any) -> list[str]:
            self.words.append(word)
            return real(word, *args, **kwargs)

        monkeypatch.setattr(difflib, "get_close_matches", counted)


def test_did_you_mean_runs_for_the_first_few_unknown_references_of_a_field_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 600
    unknown = [f"sample-compute-rule-2025-{i}" for i in range(n)]  # each close to an existing slug
    text = base(RELATED, "related: [" + ", ".join(unknown) + "]")
    text = text.replace(PARAGRAPH, " ".join(f"[x]({slug}.md)" for slug in unknown))
    text = text.replace("topics: [export-controls, trade-tariffs]",
                        "topics: [" + ", ".join(f"export-control-{i}" for i in range(n)) + "]")
    text = text.replace("authors: [editorial-team]", "authors: [" + ", ".join(f"editor-{i}" for i in range(n)) + "]")
    root = make_corpus(tmp_path / "repo", {B: text})
    calls = Calls(monkeypatch)
    problems = problems_of(root)
    by_rule = {rule: [p.message for p in problems if p.rule == rule]
               for rule in ("REF-BRIEF", "BODY-LINK", "REF-TOPIC", "REF-AUTHOR")}
    assert {rule: len(found) for rule, found in by_rule.items()} == dict.fromkeys(by_rule, n)  # all reported
    for rule, found in by_rule.items():  # the first five with a hint, the others without
        assert [("did you mean" in m) for m in found[:6]] == [True] * 5 + [False], rule
        assert not any("did you mean" in m for m in found[5:]), rule
    # two lookups a hint at most (ids, then the topics' aliases), for four fields
    assert len(calls.words) <= 2 * 5 * 4, len(calls.words)


def test_did_you_mean_for_unknown_keys_runs_a_few_times_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = 2_000
    text = base(STATUS, STATUS + "\n" + "".join(f"statu{i}: x\n" for i in range(n)))
    root = make_corpus(tmp_path / "repo", {B: text})
    calls = Calls(monkeypatch)
    found = [p for p in problems_of(root) if p.rule == "SCHEMA-UNKNOWN-KEY"]
    assert len(found) == n and [p.line for p in found] == list(range(6, 6 + n))
    assert found[0].message == "unknown key 'statu0' (did you mean 'status'?)"
    assert found[-1].message == f"unknown key 'statu{n - 1}'"
    assert len(calls.words) <= 5


def test_positions_in_a_large_mapping_are_looked_up_through_an_index(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reporting thousands of keys of one mapping used to scan the mapping for each: quadratic.
    parsed = parse("".join(f"key{i}: {i}\n" for i in range(5_000)))
    built = []
    real = Parsed._keys

    def counted(self: Parsed, node: Any) -> Any:
        if id(node) not in self._mappings:  # the mapping's index is built now
            built.append(node)
        return real(self, node)

    monkeypatch.setattr(Parsed, "_keys", counted)
    assert [parsed.pos((f"key{i}",), key=True).line for i in range(5_000)] == list(range(1, 5_001))
    assert len(built) == 1


def test_a_hint_compares_a_shortlist_of_the_candidates_not_every_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.rules.hints import SHORTLIST, Candidates

    candidates = Candidates([f"synthetic-brief-{i:05d}" for i in range(5_000)] + ["export-controls"])
    compared: list[str] = []
    real = difflib.SequenceMatcher.set_seq1

    def counted(self: difflib.SequenceMatcher, a: str) -> None:
        compared.append(a)
        real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    assert candidates.closest("export-controsl") == "export-controls"
    assert candidates.closest("synthetic-brief-04321-gone") == "synthetic-brief-04321"
    assert candidates.closest("synthetic-brief-04321", exclude="synthetic-brief-04321") not in {
        None, "synthetic-brief-04321"}
    assert candidates.closest("nothing-like-it-at-all") is None
    assert len(compared) <= 4 * (SHORTLIST + 1)


def test_the_candidates_are_indexed_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.rules import hints

    unknown = [f"sample-compute-rule-2025-{i}" for i in range(300)]
    text = base(RELATED, "related: [" + ", ".join(unknown) + "]")
    text = text.replace(PARAGRAPH, " ".join(f"[x]({slug}.md)" for slug in unknown))
    others = {f"briefs/other-{i:03d}.md": text.replace("related: [", "related: [test-brief, ") for i in range(50)}
    root = make_corpus(tmp_path / "repo", {B: text, **others})
    created: list[int] = []
    real = hints.Candidates.__init__

    def counted(self: hints.Candidates, words: Any) -> None:
        real(self, words)
        created.append(len(self.words))

    monkeypatch.setattr(hints.Candidates, "__init__", counted)
    problems = problems_of(root)
    assert len([p for p in problems if p.rule == "REF-BRIEF"]) == 51 * 300
    assert len(created) == 7  # the slugs, and the ids and aliases of the three data files
