"""The search page (/search/, contract v2) in real Chromium: filters from the metadata with live
counts, filters that combine, filters without words (newest first), sorting, the URL as the state
(back button, bookmarks), links to it from topic pages, the instrument box and the header box,
readable results, keyboard, phone width and axe in both schemes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import BuiltSite
from test_browser_pages import _serious

from briefing.site.catalog import Catalog, Entry
from briefing.site.standing import years_covered

pytestmark = pytest.mark.browser

# The page has searched: its status line reports the outcome of the URL's search.
SETTLED = """() => {
  const s = document.querySelector("#search-status");
  return !!s && !/Searching/.test(s.textContent) && (/result/.test(s.textContent) || /Type a query/.test(s.textContent))
    && [...document.querySelectorAll("[data-count]")].every(c => c.textContent !== "");
}"""
RESULT_URLS = "els => els.map(a => new URL(a.href).pathname.replace(/^\\//, ''))"


@pytest.fixture(scope="module")
def axe(browser: Any) -> Any:
    from axe_playwright_python.sync_playwright import Axe  # after the Chromium check: no import error

    return Axe()



def _open(open_page: Any, query: str = "", **options: Any) -> Any:
    opened = open_page("search/" + (f"?{query}" if query else ""), **options)
    opened.page.wait_for_function(SETTLED)
    return opened


def _settle(page: Any) -> None:
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(150)
    page.wait_for_function(SETTLED)


def _all_results(page: Any) -> list[str]:
    while page.locator("[data-search-more]").is_visible():
        before = page.locator(".search-result").count()
        page.locator("[data-search-more]").click()
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {before}")
    return page.eval_on_selector_all(".search-result__title", RESULT_URLS)


def _count(page: Any, facet: str, value: str) -> int:
    text = page.locator(f"[data-facet={facet}] input[value='{value}'] ~ [data-count]").inner_text()
    return int(text.strip("()").replace(",", ""))


def _newest_first(entries: list[Entry]) -> list[str]:
    return [e.url for e in sorted(entries, key=lambda e: (e.brief.published, e.slug), reverse=True)]


def test_filters_are_built_from_the_metadata(open_page: Any, catalog: Catalog) -> None:
    page = _open(open_page).page
    values = {facet: page.eval_on_selector_all(f"[data-facet={facet}] input", "els => els.map(e => e.value)")
              for facet in ("topic", "jurisdiction", "type", "status", "year")}
    live = catalog.live
    assert set(values["topic"]) == {t for t, briefs in catalog.by_topic.items() if briefs}
    assert set(values["jurisdiction"]) == {j for e in live for j in e.brief.jurisdictions}
    assert set(values["type"]) == {e.brief.instrument.type for e in live if e.brief.instrument}
    assert set(values["status"]) == {catalog.current_status(e) for e in live} - {None}
    # the years the briefs cover (contract v3), not the years they were published
    assert values["year"] == sorted({str(y) for e in live for y in years_covered(catalog, e)}, reverse=True)
    # With nothing chosen, each value counts the briefs that have it.
    for topic, briefs in catalog.by_topic.items():
        if briefs:
            assert _count(page, "topic", topic) == len(briefs), topic
    assert _count(page, "jurisdiction", "CN") == len(catalog.by_jurisdiction["CN"])


def test_filters_without_words_list_briefs_newest_first(open_page: Any, catalog: Catalog) -> None:
    page = _open(open_page, "jurisdiction=CN").page
    assert page.locator("[data-facet=jurisdiction] input[value=CN]").is_checked()
    expected = _newest_first(catalog.by_jurisdiction["CN"])
    shown = _all_results(page)
    assert sorted(shown) == sorted(expected)
    published = {e.url: e.brief.published.isoformat() for e in catalog.live}
    dates = [published[url] for url in shown]
    assert dates == sorted(dates, reverse=True)  # briefs of one day in any order
    published_times = ".search-result__meta time:not(.search-result__latest)"  # beside it: the latest development
    assert page.eval_on_selector_all(published_times, "els => els.map(t => t.dateTime)") == dates
    status = page.locator("#search-status").inner_text()
    assert f"{len(expected)} results" in status and "newest first" in status
    # Each result shows its date and primary topic.
    first = catalog.entries[shown[0].removeprefix("briefs/").strip("/")]
    meta = page.locator(".search-result__meta").first.inner_text()
    assert catalog.topics[first.brief.topics[0]].label in meta
    assert str(first.brief.published.year) in meta


def test_filters_combine_and_counts_follow(open_page: Any, catalog: Catalog) -> None:
    """Values of one filter: any of them; different filters: all of them. Each count is what
    choosing that value would give."""
    page = _open(open_page, "topic=export-controls&topic=compute-governance&jurisdiction=US").page
    topics = {"export-controls", "compute-governance"}
    expected = [e for e in catalog.live if topics & set(e.brief.topics) and "US" in e.brief.jurisdictions]
    assert set(_all_results(page)) == {e.url for e in expected}
    assert expected
    # A topic's count keeps the jurisdiction, not the topic choice; a jurisdiction's keeps the topics.
    for topic in ("military-ai", "export-controls"):
        want = sum(1 for e in catalog.live if topic in e.brief.topics and "US" in e.brief.jurisdictions)
        assert _count(page, "topic", topic) == want, topic
    want_cn = sum(1 for e in catalog.live if topics & set(e.brief.topics) and "CN" in e.brief.jurisdictions)
    assert _count(page, "jurisdiction", "CN") == want_cn


def test_status_filter_uses_the_current_status(open_page: Any, catalog: Catalog) -> None:
    statuses = {catalog.current_status(e) for e in catalog.live} - {None}
    for status in sorted(statuses):
        page = _open(open_page, f"status={status}").page
        expected = {e.url for e in catalog.live if catalog.current_status(e) == status}
        assert set(_all_results(page)) == expected, status
        page.context.close()


def test_words_with_filters_and_sort_by_date(open_page: Any, catalog: Catalog) -> None:
    page = _open(open_page, "q=chips&topic=export-controls&sort=date").page
    urls = _all_results(page)
    assert urls and set(urls) <= {e.url for e in catalog.by_topic["export-controls"]}
    dates = page.eval_on_selector_all(".search-result__meta time:not(.search-result__latest)",
                                      "els => els.map(t => t.dateTime)")
    assert len(dates) == len(urls) and dates == sorted(dates, reverse=True)
    assert page.locator("#search-sort").input_value() == "date"
    assert page.locator(".search-result mark").count() > 0  # matched terms highlighted


def test_url_is_the_state_back_button_and_bookmark(open_page: Any, site: BuiltSite) -> None:
    page = _open(open_page).page
    page.locator("#search-q").fill("Bletchley")
    page.wait_for_function("location.search === '?q=Bletchley'")
    _settle(page)
    first = page.eval_on_selector_all(".search-result__title", RESULT_URLS)
    assert first[0] == "briefs/bletchley-declaration-2023/"
    # Keyboard: Tab to a filter and tick it with the space bar
    box = page.locator("[data-facet=topic] input[value=safety-summits]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('topic=safety-summits')")
    _settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Bletchley"], "topic": ["safety-summits"]}
    narrowed = page.eval_on_selector_all(".search-result__title", RESULT_URLS)
    assert all(url.startswith("briefs/") for url in narrowed)
    page.go_back()
    page.wait_for_function("location.search === '?q=Bletchley'")
    _settle(page)
    assert not box.is_checked()
    assert page.eval_on_selector_all(".search-result__title", RESULT_URLS) == first
    page.go_forward()
    page.wait_for_function("location.search.includes('topic=safety-summits')")
    _settle(page)
    assert box.is_checked() and page.locator("#search-q").input_value() == "Bletchley"
    # A bookmark: the same URL opened afresh shows the same search.
    again = _open(open_page, urlsplit(page.url).query).page
    assert again.eval_on_selector_all(".search-result__title", RESULT_URLS) == narrowed
    assert again.locator("#search-q").input_value() == "Bletchley"


def test_topic_pages_and_the_instrument_box_link_to_filtered_searches(open_page: Any, catalog: Catalog) -> None:
    page = open_page("topics/export-controls/").page
    link = page.locator(".topic-search a")
    with page.expect_navigation():
        link.click()
    page.wait_for_function(SETTLED)
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["export-controls"]}
    assert set(_all_results(page)) == {e.url for e in catalog.by_topic["export-controls"]}

    entry = catalog.entries["china-algorithmic-recommendation-provisions"]
    assert entry.brief.instrument is not None
    page = open_page(entry.url).page
    similar = page.locator(".brief-instrument__search a")
    query = parse_qs(urlsplit(similar.get_attribute("href")).query)
    assert query == {"type": [entry.brief.instrument.type], "status": [catalog.current_status(entry)],
                     "jurisdiction": list(entry.brief.jurisdictions)}
    with page.expect_navigation():
        similar.click()
    page.wait_for_function(SETTLED)
    assert entry.url in _all_results(page)
    brief = open_page(entry.url).page
    type_link = brief.locator(".brief-instrument dd a").first.get_attribute("href")
    assert parse_qs(urlsplit(type_link).query) == {"type": [entry.brief.instrument.type]}
    status_link = brief.locator(".brief-instrument__status > a").first.get_attribute("href")
    assert parse_qs(urlsplit(status_link).query) == {"status": [catalog.current_status(entry)]}


def test_header_box_offers_all_results_and_filters(open_page: Any) -> None:
    page = open_page("briefs/").page
    page.keyboard.press("/")
    page.keyboard.type("出口管制")
    link = page.locator(".briefs-search__all")
    link.wait_for()
    page.wait_for_function("document.querySelector('.briefs-search__all').href.includes('q=')")
    assert parse_qs(urlsplit(link.get_attribute("href")).query) == {"q": ["出口管制"]}
    with page.expect_navigation():
        link.click()
    page.wait_for_function(SETTLED)
    assert page.locator("#search-q").input_value() == "出口管制"
    assert "topics/export-controls/" in _all_results(page)


JURISDICTIONS = """els => els.map(li => [new URL(li.querySelector('a.search-result__title').href).pathname,
  [...li.querySelectorAll('.search-result__jurisdictions a')].map(a => [a.href, a.textContent, a.children.length])])"""


def test_results_link_their_jurisdictions(open_page: Any, catalog: Catalog, site: BuiltSite) -> None:
    """Each brief in the results names its jurisdictions, each a link to its page on this site
    (issue 21), in the brief's order, with the jurisdiction's name as plain text."""
    opened = _open(open_page, "q=export+controls")
    page = opened.page
    _all_results(page)
    rows = page.locator("li.search-result").evaluate_all(JURISDICTIONS)
    by_url = {"/" + e.url: e for e in catalog.live}
    briefs = [(path, links) for path, links in rows if path in by_url]
    assert len(briefs) >= 5, rows
    origin = site.base_url.rstrip("/")
    for path, links in briefs:
        codes = by_url[path].brief.jurisdictions
        assert [href for href, _name, _children in links] == [
            f"{origin}/jurisdictions/{code.lower()}/" for code in codes], (path, links)
        assert [name for _href, name, _children in links] == [catalog.jurisdictions[c].label for c in codes]
        assert not any(children for _href, _name, children in links)
    assert not [links for path, links in rows if path not in by_url and links]  # topics and site pages: none
    with page.expect_navigation():
        page.locator(".search-result__jurisdictions a").first.click()
    assert page.locator("#jurisdiction-state").count() == 1
    assert opened.watch.problems() == []


FONT_SIZES = """() => {
  const px = (el) => el ? parseFloat(getComputedStyle(el).fontSize) : 0;
  const body = document.createElement("p");
  document.querySelector("article.md-typeset").appendChild(body);
  const size = {body: px(body), title: px(document.querySelector(".search-result__title")),
                summary: px(document.querySelector(".search-result__summary"))};
  body.remove();
  return size;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_results_are_readable_and_fit_a_phone(open_page: Any, width: int) -> None:
    page = _open(open_page, "q=export+controls", width=width).page
    sizes = page.evaluate(FONT_SIZES)
    assert sizes["summary"] >= sizes["body"] > 0, sizes
    assert sizes["title"] > sizes["body"], sizes
    scroll = page.evaluate("(() => { const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth]; })()")
    assert scroll[0] <= scroll[1], scroll
    assert page.locator(".search-result__title").first.is_visible()


@pytest.mark.parametrize(("scheme", "width", "query"),
                         [("light", 1280, "q=Bletchley&topic=safety-summits"), ("dark", 1280, "q=算法推荐"),
                          ("light", 375, "jurisdiction=CN&year=2025"), ("dark", 375, "")],
                         ids=["light", "dark", "phone", "phone-dark-empty"])
def test_axe_finds_no_serious_violations_on_the_search_page(open_page: Any, axe: Any, scheme: str, width: int,
                                                           query: str) -> None:
    opened = _open(open_page, query, width=width, color_scheme=scheme)
    problems = _serious(axe.run(opened.page))
    assert problems == [], f"/search/?{query} ({scheme}, {width} px):\n" + "\n".join(problems)
    assert opened.watch.problems() == []
