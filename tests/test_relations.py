"""The brief page's one list of other briefs (site/relations.py): each brief once, grouped by
relation in a fixed order, six shown and the rest behind "Show all"."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.rules.validate import validate
from briefing.site import catalog, pagetoc, relations
from support import REPO

TODAY = dt.date(2026, 12, 7)
ORDER = ["Supersedes", "Superseded by", "Responds to", "Answered by", "Related", "Links here"]


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.build(validate(REPO, today=TODAY), TODAY)


def test_each_other_brief_once_in_the_first_group_it_fits(cat: catalog.Catalog) -> None:
    for entry in cat.entries.values():
        groups = relations.groups(cat, entry)
        slugs = [e.slug for g in groups for e in g.entries]
        assert len(slugs) == len(set(slugs)) and entry.slug not in slugs, entry.slug
        assert [g.label for g in groups] == [label for label in ORDER if label in {g.label for g in groups}]
        expected = {e.slug for e in [*cat.related.get(entry.slug, []), *cat.related_declared.get(entry.slug, []),
                                     *cat.links_here.get(entry.slug, []), *cat.responds_to.get(entry.slug, []),
                                     *cat.answered_by.get(entry.slug, [])]}
        successor = cat.superseded_by.get(entry.slug)
        if successor:
            expected.add(successor.slug)
        if entry.brief.supersedes in cat.entries:
            expected.add(entry.brief.supersedes)
        assert set(slugs) == expected, entry.slug


def test_six_shown_then_the_rest(cat: catalog.Catalog) -> None:
    entry = cat.entries["china-ai-development-and-safety-overview"]
    found = relations.relations(cat, entry)
    shown = [e.slug for g in found.shown for e in g.entries]
    more = [e.slug for g in found.more for e in g.entries]
    assert len(shown) == relations.SHOWN and found.hidden == len(more) == found.total - relations.SHOWN > 0
    every = [e.slug for g in relations.groups(cat, entry) for e in g.entries]
    assert shown + more == every


def test_the_toc_ends_with_the_page_s_sections(cat: catalog.Catalog) -> None:
    entry = cat.entries["us-h200-export-policy-2026"]
    names = [t["id"] for t in pagetoc.after_body(cat, entry)]
    assert names == ["brief-events", "brief-sources", "brief-changelog", "brief-relations", "brief-cite"]
