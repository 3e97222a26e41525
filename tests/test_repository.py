"""The real corpus in this repository validates with zero errors."""

from __future__ import annotations

from briefing.rules.validate import validate
from support import REPO


def test_repository_corpus_is_valid() -> None:
    corpus = validate(REPO)
    errors = sorted(p.text() for p in corpus.all_problems() if p.severity == "error")
    assert errors == [], f"{len(errors)} error(s); run `make validate`:\n" + "\n".join(errors)


def test_every_id_the_templates_write_is_reserved() -> None:
    """A body may not take an id its page's own templates use (a duplicate id breaks the build's
    audit on the day the brief appears): every literal id in the brief page's template, the
    templates it imports or includes, and docs/overrides (the theme's chrome on every page) is in
    ids.SITE_IDS, and every computed one has a reserved prefix. Pages without a brief body (data,
    digest, follow, timeline years) may use any id."""
    import re

    from briefing import ids

    templates = REPO / "docs/templates"
    pending, pages = ["brief.md.j2"], set()
    while pending:
        name = pending.pop()
        if name not in pages and (templates / name).is_file():
            pages.add(name)
            pending += re.findall(r'{%-?\s*(?:import|include|from)\s+"([^"]+)"', (templates / name).read_text("utf-8"))
    files = [templates / name for name in pages] + [p for p in (REPO / "docs/overrides").rglob("*") if p.is_file()]
    found: set[str] = set()
    for path in files:
        found |= set(re.findall(r'\bid="([^"]+)"', path.read_text("utf-8")))
    assert "brief-sources" in found
    literal = {value for value in found if "{" not in value}
    assert sorted(literal - ids.SITE_IDS - {v for v in literal if ids.is_reserved(v)}) == []
    computed = {value for value in found if "{" in value}
    assert all(value.startswith(ids.RESERVED_PREFIXES) or value == "{{ anchor }}" for value in computed), computed
