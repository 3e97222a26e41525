"""The valid fixture corpus: it passes, and it really exercises the edge cases it claims to."""

from __future__ import annotations

import datetime as dt

from briefing.model import DATA_FILES
from briefing.rules.validate import validate
from support import CORPUS, TODAY, lines_of

BRIEFS = CORPUS / "briefs"


def test_fixture_corpus_is_valid() -> None:
    assert lines_of(CORPUS) == []


def test_fixture_corpus_is_valid_on_its_own_publication_days() -> None:
    # Nothing in the fixtures depends on a far-future "today": the corpus is valid from the day of
    # its last change (a change dated after the build date is an error, DATE-FUTURE).
    corpus = validate(CORPUS, today=dt.date(2025, 2, 10))
    assert corpus.all_problems() == []


def test_bom_and_crlf_fixture_keeps_its_bytes() -> None:
    # If Git or an editor normalised this file, the BOM/CRLF edge case would silently vanish.
    raw = (BRIEFS / "sample-compute-rule-2024.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 40


def test_fixture_edge_cases_are_exercised() -> None:
    corpus = validate(CORPUS, today=TODAY)
    briefs = {b.slug: b for b in corpus.briefs}
    assert sorted(briefs) == [
        "sample-compute-rule-2024",
        "sample-compute-rule-2025",
        "sample-draft-outline",
        "sample-summit-statement",
    ]
    old = briefs["sample-compute-rule-2024"].model
    assert old is not None
    assert briefs["sample-compute-rule-2024"].raw["published"] == "2024-03-01"  # quoted in YAML
    assert old.published == dt.date(2024, 3, 1)
    assert old.events[0].date == dt.date(2024, 2, 20)
    assert old.instrument is not None and old.instrument.name_zh == "示例算力报告规则"
    assert old.aliases == ["sample-compute-notice"]
    assert old.title.startswith("Sample compute reporting rule")  # the BOM is not part of a key

    new = briefs["sample-compute-rule-2025"].model
    assert new is not None
    assert new.supersedes == "sample-compute-rule-2024"
    assert new.related == ["sample-compute-rule-2024"]
    assert new.updated == dt.date(2025, 2, 10)
    assert briefs["sample-compute-rule-2025"].raw["changelog"][0]["date"] == "2025-02-10"  # quoted
    assert [link.target for link in briefs["sample-compute-rule-2025"].links] == [
        "sample-compute-rule-2024",
        "sample-compute-rule-2024",
    ]

    withdrawn = briefs["sample-summit-statement"].model
    assert withdrawn is not None and withdrawn.status == "withdrawn"
    assert len(withdrawn.topics) == 5  # the upper bound
    assert {s.language for s in withdrawn.sources} == {"zh", "en-GB"}

    draft = briefs["sample-draft-outline"].model
    assert draft is not None and draft.status == "draft"


def test_fixture_data_files_hold_the_required_ids_and_chinese_aliases() -> None:
    corpus = validate(CORPUS, today=TODAY)
    for name, (_model, _pattern, required) in DATA_FILES.items():
        assert set(required) <= corpus.data[name].ids, name
    assert len(corpus.topics) == 10
    aliases = [alias for topic in corpus.topics.values() for alias in topic.aliases]
    assert "出口管制" in aliases and "China's AI rules" in aliases
