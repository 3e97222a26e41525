"""The search page and what the briefs give the search (the built real site, no browser): the
page, its filters and their values, the filters, sort and metadata on each brief, the links to
filtered searches, and the Chinese bigrams on indexed pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from briefing.rules.validate import validate
from briefing.site import catalog, zh
from site_helpers import EDITION_TODAY as TODAY
from site_helpers import REPO, Site, real_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return real_site(tmp_path_factory)


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.build(validate(REPO, today=TODAY), TODAY)


def test_search_page_is_a_get_form_with_the_contract_parameters(site: Site, cat: catalog.Catalog) -> None:
    form = site.article("search/").find("form", attrs={"data-search-page": True})
    assert form is not None and form.get("method") == "get"
    names = {i.get("name") for i in form.find_all(["input", "select"])}
    assert names == {"q", "topic", "jurisdiction", "type", "status", "year", "sort"}
    topics = [i["value"] for i in form.find_all("input", attrs={"name": "topic"})]
    assert sorted(topics) == sorted(t for t, briefs in cat.by_topic.items() if briefs)
    statuses = {i["value"] for i in form.find_all("input", attrs={"name": "status"})}
    assert statuses == {cat.current_status(e) for e in cat.live} - {None}
    # The page is in the navigation but not in the search index.
    assert site.soup("search/").find("article").get("data-pagefind-body") is None


def test_each_live_brief_carries_its_filters_sort_and_metadata(site: Site, cat: catalog.Catalog) -> None:
    for entry in cat.live:
        facets = site.article(entry.url).find(class_="brief-facets")
        assert facets is not None and facets.has_attr("hidden") and facets.has_attr("data-pagefind-ignore")
        filters = [s["data-pagefind-filter"] for s in facets.find_all(attrs={"data-pagefind-filter": True})]
        b = entry.brief
        expected = [f"topic:{t}" for t in b.topics] + [f"jurisdiction:{j}" for j in b.jurisdictions]
        if b.instrument:
            expected.append(f"type:{b.instrument.type}")
            if cat.current_status(entry):
                expected.append(f"status:{cat.current_status(entry)}")
        # the years the brief covers (contract v3: its past events and status changes), not its publication's
        years = sorted({d.year for d in [*(ev.date for ev in b.events),
                                         *(s.date for s in (b.instrument.history if b.instrument else []))]
                        if d <= cat.today} or {cat.state[entry.slug].latest_development.year}, reverse=True)
        assert filters == [*expected, *(f"year:{y}" for y in years)], entry.slug
        sort = facets.find(attrs={"data-pagefind-sort": True})
        assert sort["data-pagefind-sort"] == f"date:{b.published.isoformat()}"
        topic = facets.find(attrs={"data-pagefind-meta": "topic[data-label]"})
        assert topic["data-label"] == cat.topics[b.topics[0]].label


def test_topic_pages_and_instrument_boxes_link_to_filtered_searches(site: Site, cat: catalog.Catalog) -> None:
    for topic_id in cat.by_topic:
        link = site.article(f"topics/{topic_id}/").select_one(".topic-search a")
        assert parse_qs(urlsplit(link["href"]).query) == {"topic": [topic_id]}
        assert urlsplit(link["href"]).path.endswith("search/")
    for entry in cat.live:
        if entry.brief.instrument is None:
            continue
        box = site.article(entry.url).select_one(".brief-instrument")
        similar = parse_qs(urlsplit(box.select_one(".brief-instrument__search a")["href"]).query)
        assert similar["type"] == [entry.brief.instrument.type]
        assert similar.get("jurisdiction", []) == list(entry.brief.jurisdictions)
        if cat.current_status(entry):
            assert similar["status"] == [cat.current_status(entry)]


def test_indexed_pages_carry_the_bigrams_of_their_chinese(site: Site, cat: catalog.Catalog) -> None:
    entry = cat.entries["china-algorithmic-recommendation-provisions"]
    element = site.article(entry.url).find(attrs={"data-pagefind-meta": lambda v: bool(v and v.startswith("zh:"))})
    assert element is not None and element.has_attr("hidden")
    terms = set(element["data-pagefind-meta"].removeprefix("zh:").split())
    assert set(zh.segment_query(entry.brief.instrument.name_zh).split()) <= terms
    aliases = [a for t in entry.brief.topics for a in cat.topics[t].aliases]
    assert set(zh.index_terms(aliases)) <= terms
    # Not indexed, so no bigrams: the search page and listings
    for rel in ("search/", "briefs/"):
        assert "data-pagefind-meta=\"zh:" not in site.text(rel + "index.html")
