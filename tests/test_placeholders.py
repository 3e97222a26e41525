"""Rules for a brief ready for readers (rules/placeholders.py): the scaffold's placeholders are
errors once published, a published brief without a primary source is a warning, and so is a
paragraph that quotes or states a figure without a citation (only in briefs that cite)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.editorial.scaffold import render as scaffold
from briefing.problems import BUILD_INFO_WARNINGS, RULES
from briefing.rules import placeholders
from briefing.rules.validate import validate
from support import REPO, TODAY, make_corpus

TEMPLATE = (REPO / "scripts/briefing/editorial/templates/new-brief.md").read_text("utf-8")


def test_the_placeholders_are_the_scaffold_s_own() -> None:
    for text in (*placeholders.PLACEHOLDER_TEXT, *placeholders.PLACEHOLDER_BODY, placeholders.PLACEHOLDER_URL):
        assert text in TEMPLATE, text
    assert placeholders.is_placeholder_url(placeholders.PLACEHOLDER_URL)
    assert placeholders.is_placeholder_url("https://www.example.com/replace-with-the-law")
    for url in ("https://example.org/source", "https://example.org/", "https://gov.example/replace-with"):
        assert not placeholders.is_placeholder_url(url), url  # the fixtures' addresses stay valid


def test_a_published_scaffold_is_refused_where_each_placeholder_is(tmp_path: Path) -> None:
    text = scaffold("A fictional title for a scaffolded brief", ["export-controls"], TODAY)
    text = text.replace("status: draft", "status: published")
    root = make_corpus(tmp_path / "repo", {"briefs/scaffolded-brief.md": text})
    found = [p for p in validate(root, today=TODAY).all_problems() if p.path == "briefs/scaffolded-brief.md"]
    rules = sorted(p.rule for p in found if p.severity == "error")
    # summary, two key points, the source's title, publisher and address, three body paragraphs
    assert rules.count("PLACEHOLDER") == 9, [p.text() for p in found]
    lines = {p.line for p in found if p.rule == "PLACEHOLDER"}
    assert {TEMPLATE.split("\n").index(line) + 1 for line in TEMPLATE.split("\n")
            if "example.org/replace-with" in line} <= lines
    draft = make_corpus(tmp_path / "draft", {"briefs/scaffolded-brief.md": text.replace("published", "draft", 1)})
    assert not [p for p in validate(draft, today=TODAY).all_problems() if p.rule == "PLACEHOLDER"]


def test_content_warnings_do_not_fail_a_build() -> None:
    assert {"SOURCE-PRIMARY", "BODY-UNCITED"} <= BUILD_INFO_WARNINGS
    assert "PLACEHOLDER" in RULES and "PLACEHOLDER" not in BUILD_INFO_WARNINGS


BODY = """\
## What happened

The office said it would act "soon" [@notice].

The office acted on 3 May.

- A list item with 40 percent.
- A list item citing 50 percent [@notice].

A paragraph that links to [another brief](other-brief.md) on 4 June.

Names such as GPT-4, the H200 and the G20 are not figures. Neither is `code 12`.

```
a fence with "quotes" and 99
```

## What is not confirmed

Whether the office acts before 1 July.

## Why it matters

It quotes "a phrase" without a source.
"""


def test_uncited_finds_each_paragraph_and_item_that_quotes_or_counts() -> None:
    found = placeholders.uncited(BODY, {"notice"})
    assert found == [(5, 1, "states a figure"), (7, 1, "states a figure"), (24, 1, "quotes")]


def test_uncited_only_in_briefs_that_cite(tmp_path: Path) -> None:
    """The repository's briefs: a warning only where a brief gives its sources ids."""
    corpus = validate(REPO, today=dt.date(2026, 12, 7))
    for problem in corpus.all_problems():
        if problem.rule == "BODY-UNCITED":
            brief = next(b for b in corpus.briefs if b.rel == problem.path)
            assert brief.model is not None and any(s.id for s in brief.model.sources)


def test_uncited_is_linear_on_hostile_bodies() -> None:
    """`[x](` repeated 50,000 times took 513 s with a link pattern that rescanned to the line's end."""
    import time

    for body in ("[x](" * 50_000, "](" * 100_000, '](a "' * 40_000, '"' * 200_000, '" ' * 100_000,
                 "[@a" * 60_000, "1 " * 100_000, "<" * 100_000, "{" * 100_000):
        started = time.perf_counter()
        placeholders.uncited(body, {"a"})
        assert time.perf_counter() - started < 2, body[:20]
