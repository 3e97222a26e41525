"""The real corpus in this repository validates with zero errors."""

from __future__ import annotations

from briefing.rules.validate import validate
from support import REPO


def test_repository_corpus_is_valid() -> None:
    corpus = validate(REPO)
    errors = sorted(p.text() for p in corpus.all_problems() if p.severity == "error")
    assert errors == [], f"{len(errors)} error(s); run `make validate`:\n" + "\n".join(errors)


def test_every_id_the_templates_write_is_reserved() -> None:
    """A body may not take an id the page's own templates use (a duplicate id breaks the build's
    audit on the day the brief appears): every literal id in docs/templates and docs/overrides is
    in ids.SITE_IDS, and every computed one has a reserved prefix or is on a page without briefs."""
    import re

    from briefing import ids

    computed_elsewhere = {"year-{{ year }}"}  # the timeline's year headings: no brief body there
    found: set[str] = set()
    for folder in ("docs/templates", "docs/overrides"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file():
                found |= set(re.findall(r'\bid="([^"]+)"', path.read_text("utf-8")))
    literal = {value for value in found if "{" not in value}
    assert sorted(literal - ids.SITE_IDS - {v for v in literal if ids.is_reserved(v)}) == []
    computed = {value for value in found if "{" in value} - computed_elsewhere
    assert all(value.startswith(ids.RESERVED_PREFIXES) or value == "{{ anchor }}" for value in computed), computed
