"""Search (Pagefind): what the index holds, and a reader finding briefs by English and Chinese queries."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
from browser_support import BuiltSite

from briefing.mkdocs_plugin import search_terms
from briefing.site.audit import pagefind_records
from briefing.site.catalog import Catalog

pytestmark = pytest.mark.browser

# Terms the publication uses, in Chinese: Pagefind's extended build segments them.
OWN_TERMS = ["深度合成", "生成式人工智能", "全球人工智能治理倡议", "出口管制", "算法推荐"]

# (query, pages the best result may be): the click must land on one of them.
QUERIES = [
    ("Bletchley", {"briefs/bletchley-declaration-2023/"}),
    ("出口管制", {"topics/export-controls/"}),
    ("深度合成", {"topics/synthetic-media/", "briefs/china-deep-synthesis-provisions/"}),
]

INPUT = "input.pagefind-ui__search-input"
RESULT = ".pagefind-ui__result"
RESULT_LINK = "a.pagefind-ui__result-link"

# Settled when the first result and the number of results stay the same for 300 ms: typing
# runs one search per pause, and the last one must be the one on screen.
RESULTS_SETTLED = """() => {
  const items = document.querySelectorAll(".pagefind-ui__result-link");  // loaded results, not placeholders
  if (!items.length) return false;
  const key = items[0].href + "|" + items.length;
  const now = performance.now(), seen = window.__results;
  if (!seen || seen.key !== key) { window.__results = {key, since: now}; return false; }
  return now - seen.since > 300;
}"""

# The focused element's place in the result list (its href).
FOCUSED_RESULT = """() => {
  const el = document.activeElement;
  if (!el || !el.closest(".pagefind-ui__results")) return null;
  return el.getAttribute("href");
}"""



@pytest.fixture(scope="module")
def records(site: BuiltSite) -> dict[str, dict[str, Any]]:
    """Pagefind's index, page by page (site-relative URL -> url, title, content, meta)."""
    found = pagefind_records(site.root)
    assert found, "the site has no Pagefind index"
    return found


# --- the index ---------------------------------------------------------------------------------


def test_search_terms_come_from_the_data(catalog: Catalog) -> None:
    """The Chinese terms the plugin teaches jieba when Material's search is enabled instead
    (benchmarks/bench_reader.py builds the site both ways)."""
    terms = search_terms(catalog)
    assert set(OWN_TERMS) <= set(terms)
    aliases = " ".join(a for t in catalog.topics.values() for a in t.aliases)
    names = " ".join(e.brief.instrument.name_zh or "" for e in catalog.entries.values() if e.brief.instrument)
    assert all(term in aliases or term in names for term in terms)
    assert all(len(term) >= 2 and not re.search(r"[\sA-Za-z0-9()]", term) for term in terms)


def test_every_live_brief_is_indexed_with_its_summary(records: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    for entry in catalog.live:
        record = records.get(entry.url)
        assert record is not None, f"{entry.url} is not in the search index"
        assert record["meta"]["summary"] == entry.brief.summary, entry.slug
        assert record["meta"]["title"] == entry.brief.title, entry.slug


def test_topic_pages_are_indexed_with_their_aliases(records: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    for topic_id, topic in catalog.topics.items():
        record = records.get(f"topics/{topic_id}/")
        assert record is not None, f"topic {topic_id} is not in the search index"
        assert record["meta"]["summary"] == topic.description
        assert all(alias in record["content"] for alias in topic.aliases), topic_id


def test_timeline_is_indexed(records: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    """Each event is indexed once, on its year's page (/timeline/<year>/)."""
    for ev in catalog.timeline:
        record = records.get(f"timeline/{ev.date.year}/")
        assert record is not None and ev.title in record["content"], ev.title
    assert "timeline/" not in records  # the overview repeats the latest year: not indexed twice


def test_brief_boilerplate_is_not_indexed(records: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    """Related briefs, back-links, the citation and card lists repeat other pages' words: a search
    for one brief's title must not list every page whose "Related briefs" box names it."""
    for heading in ("Related briefs", "Referenced by", "Cite this brief"):
        assert not [url for url, r in records.items() if heading in r["content"]], heading
    bletchley = catalog.entries["bletchley-declaration-2023"].brief.title
    holders = {url for url, r in records.items() if bletchley in r["content"]}
    assert holders <= {"briefs/bletchley-declaration-2023/"}, holders


def test_listings_and_withdrawn_briefs_are_not_indexed(records: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    assert not [e.slug for e in catalog.entries.values() if e.withdrawn and e.url in records]
    assert not {"", "briefs/", "topics/", "authors/", "corrections/"} & set(records)
    assert not [url for url in records if url.startswith("authors/")]


# --- in the browser ----------------------------------------------------------------------------


def _search(page: Any, query: str) -> None:
    page.keyboard.press("/")
    assert page.evaluate(f"document.activeElement.matches({INPUT!r})"), "'/' did not focus the search box"
    page.keyboard.type(query)
    page.wait_for_function(RESULTS_SETTLED)


def _landed(site: BuiltSite, page: Any) -> str:
    return unquote(site.path_of(page.url))


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_search_and_open_the_best_result(open_page, site: BuiltSite, query: str, expected: set[str]) -> None:
    opened = open_page("")
    page = opened.page
    _search(page, query)
    first = page.locator(RESULT).first.locator(RESULT_LINK)
    with page.expect_navigation():
        first.click()
    page.wait_for_load_state("networkidle")
    assert _landed(site, page) in expected, f"{query!r} led to {page.url}"
    assert page.locator("h1").first.is_visible()
    assert opened.watch.problems() == []


@pytest.mark.parametrize("term", OWN_TERMS)
def test_own_chinese_terms_find_pages(open_page, records: dict[str, dict[str, Any]], term: str) -> None:
    holders = {url for url, r in records.items() if term in r["content"]}
    assert holders, f"no indexed page holds {term}"
    page = open_page("").page
    _search(page, term)
    hrefs = page.eval_on_selector_all(RESULT_LINK, "els => els.map(a => a.getAttribute('href'))")
    assert {h.lstrip("/") for h in hrefs} & holders, (term, hrefs)


def test_brief_result_shows_its_summary(open_page, catalog: Catalog) -> None:
    page = open_page("").page
    _search(page, "Bletchley")
    summary = catalog.entries["bletchley-declaration-2023"].brief.summary
    result = page.locator(RESULT).filter(has=page.locator("a[href*='briefs/bletchley-declaration-2023/']")).first
    text = " ".join(result.inner_text().split())
    assert " ".join(summary.split()) in text


def test_slash_focuses_search_and_escape_leaves_it(open_page) -> None:
    page = open_page("briefs/").page
    box = page.locator(INPUT)
    assert box.get_attribute("aria-label") or page.locator(f"label[for='{box.get_attribute('id')}']").count()
    for _ in range(2):
        page.keyboard.press("/")
        assert page.evaluate(f"document.activeElement.matches({INPUT!r})")
        assert box.input_value() == ""  # the slash focused the box; it was not typed into it
        page.keyboard.type("Bletchley")
        page.wait_for_function(RESULTS_SETTLED)
        page.keyboard.press("Escape")
        assert page.evaluate(f"!document.activeElement.matches({INPUT!r})")
        assert box.input_value() == ""
        page.evaluate("window.__results = null")


def test_keyboard_only_search(open_page, site: BuiltSite) -> None:
    opened = open_page("briefs/china-deep-synthesis-provisions/")
    page = opened.page
    _search(page, "Bletchley")
    page.keyboard.press("ArrowDown")
    first = page.evaluate(FOCUSED_RESULT)
    assert first, "ArrowDown did not move focus to the first result"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_RESULT) not in (None, first), "ArrowDown did not move on to the next result"
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_RESULT) == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate(f"document.activeElement.matches({INPUT!r})"), "ArrowUp did not return to the box"
    # Tab reaches the results too (past the box's clear button).
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_RESULT):
            break
    assert page.evaluate(FOCUSED_RESULT) == first, "Tab did not reach the first result"
    target = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0] == target.split("#")[0]
    assert opened.watch.problems() == []


def test_enter_in_the_query_opens_the_search_page_with_it(open_page, site: BuiltSite) -> None:
    """Enter in the header box opens every result with the filters (/search/?q=...); the best
    result is one ArrowDown away."""
    page = open_page("timeline/").page
    _search(page, "Bletchley declaration")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _landed(site, page) == "search/"
    assert page.url.endswith("/search/?q=Bletchley%20declaration")


def test_site_pages_are_labelled_and_titles_have_no_pilcrow(open_page) -> None:
    """A hand-written page (about, contribute, API) is labelled "Site page" in the header's results,
    and no result title carries the permalink sign."""
    page = open_page("").page
    _search(page, "methodology")
    titles = page.locator(".pagefind-ui__result-title").all_inner_texts()
    assert titles and not [t for t in titles if "¶" in t], titles
    tags = page.locator(RESULT).filter(has=page.locator("a[href*='about/methodology/']")).first.locator(
        ".pagefind-ui__result-tag").all_inner_texts()
    assert "Kind: Site page" in tags, tags


SITE_PAGE_PATHS = ("/about/", "/contribute/", "/api/")
RESULT_ROWS = """els => els.map(e => [new URL(e.querySelector('a.pagefind-ui__result-link').href).pathname,
  e.querySelector('.pagefind-ui__result-title').innerText,
  [...e.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.innerText)])"""


@pytest.mark.parametrize("query", ["出口管制", "methodology sources"])
def test_header_results_list_site_pages_after_briefs(open_page, query: str) -> None:
    """The header's quick results list about, contribute and API pages after the briefs and topics,
    as the search page does (for 出口管制 "How the search works" and "About" were 2nd and 3rd, before
    the H200 brief); each is labelled "Site page" and no title carries ¶."""
    opened = open_page("")
    page = opened.page
    _search(page, query)
    rows = page.locator(RESULT).evaluate_all(RESULT_ROWS)
    site_pages = [i for i, (path, _title, _tags) in enumerate(rows) if path.startswith(SITE_PAGE_PATHS)]
    content = [i for i, (path, _title, _tags) in enumerate(rows) if path.startswith(("/briefs/", "/topics/"))]
    assert content, rows
    if query == "methodology sources":
        assert site_pages, rows  # the methodology page is found, after the brief
    assert not site_pages or min(site_pages) > max(content), rows
    assert all("Kind: Site page" in rows[i][2] for i in site_pages), rows
    assert not [title for _path, title, _tags in rows if "¶" in title], rows
    assert opened.watch.problems() == []


def test_search_works_on_a_phone(open_page, site: BuiltSite) -> None:
    page = open_page("briefs/", width=375, height=812).page
    box = page.locator(INPUT)
    assert box.is_visible()
    _search(page, "Bletchley")
    first = page.locator(RESULT_LINK).first
    assert first.is_visible()
    box_right = page.evaluate("document.querySelector('.pagefind-ui__drawer').getBoundingClientRect().right")
    assert box_right <= 375
    sizes = page.evaluate("(() => { const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth]; })()")
    assert sizes[0] <= sizes[1], sizes
    with page.expect_navigation():
        first.click()
    assert _landed(site, page).startswith(("briefs/", "topics/"))


FONT_SIZES = """() => {
  const px = (el) => el ? parseFloat(getComputedStyle(el).fontSize) : 0;
  return {
    body: px(document.querySelector("article.md-typeset > p:not([class]), .brief-body > p:not([class])")),
    title: px(document.querySelector(".pagefind-ui__result-title")),
    excerpt: px(document.querySelector(".pagefind-ui__result-excerpt")),
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_results_are_set_in_the_body_type_scale(open_page, width: int) -> None:
    """Result summaries no smaller than the brief's body text, titles larger (before: 11.6 px and
    8.8 px, when Pagefind's own rules outranked ours)."""
    page = open_page("briefs/bletchley-declaration-2023/", width=width).page
    _search(page, "Bletchley")
    sizes = page.evaluate(FONT_SIZES)
    assert sizes["excerpt"] >= sizes["body"] > 0, sizes
    assert sizes["title"] > sizes["body"], sizes


def test_header_results_show_date_topic_and_highlighted_terms(open_page, catalog: Catalog) -> None:
    """A brief's result in the header box: its summary with the matched words marked, its date and
    its primary topic; the Chinese bigrams (metadata `zh`) are never shown."""
    page = open_page("").page
    _search(page, "Bletchley declaration")
    entry = catalog.entries["bletchley-declaration-2023"]
    assert "declaration" in entry.brief.summary and "Bletchley" not in entry.brief.summary
    result = page.locator(RESULT).filter(has=page.locator("a[href*='briefs/bletchley-declaration-2023/']")).first
    tags = result.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert f"Topic: {catalog.topics[entry.brief.topics[0]].label}" in tags, tags
    assert any(t.startswith("Date: ") and str(entry.brief.published.year) in t for t in tags), tags
    assert not [t for t in tags if t.lower().startswith(("zh", "summary"))], tags
    marks = result.locator(".pagefind-ui__result-excerpt mark").all_inner_texts()
    assert marks and all(m.lower().startswith(("bletchley", "declaration")) for m in marks), marks


def test_chinese_query_in_the_header_finds_the_brief_by_its_chinese_name(open_page, site: BuiltSite) -> None:
    """治理 was found nowhere before the bigrams; 算法推荐 found the topic but not the brief."""
    page = open_page("").page
    _search(page, "算法推荐")
    hrefs = page.eval_on_selector_all(RESULT_LINK, "els => els.map(a => a.getAttribute('href'))")
    assert "/briefs/china-algorithmic-recommendation-provisions/" in hrefs, hrefs
    page.locator(INPUT).fill("")
    page.evaluate("window.__results = null")
    page.locator(INPUT).fill("治理")
    page.wait_for_function(RESULTS_SETTLED)
    assert page.locator(RESULT_LINK).count() >= 5
