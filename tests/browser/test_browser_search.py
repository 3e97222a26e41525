"""Search: what the index holds, and a reader finding briefs by English and Chinese queries."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from browser_support import REPO, TODAY, BuiltSite

from briefing.build import compile_corpus
from briefing.catalog import Catalog
from briefing.mkdocs_plugin import search_terms

pytestmark = pytest.mark.browser

SEPARATOR = re.compile(r"[\s\u200b\-]+")  # mkdocs.yml: plugins.search.separator
# Terms the publication uses that jieba would otherwise split (出口管制 -> 出口 / 管制).
OWN_TERMS = ["深度合成", "生成式人工智能", "全球人工智能治理倡议", "出口管制", "算法推荐"]

# (query, pages the best result may be): the click must land on one of them.
QUERIES = [
    ("Bletchley", {"briefs/bletchley-declaration-2023/"}),
    ("出口管制", {"topics/export-controls/"}),
    ("深度合成", {"topics/synthetic-media/", "briefs/china-deep-synthesis-provisions/"}),
]

# Settled when the first result and the number of results stay the same for 300 ms: typing
# runs one search per keystroke, and the last one must be the one on screen.
RESULTS_SETTLED = """() => {
  const items = document.querySelectorAll(".md-search-result__item");
  if (!items.length) return false;
  const key = items[0].querySelector("a").href + "|" + items.length;
  const now = performance.now(), seen = window.__results;
  if (!seen || seen.key !== key) { window.__results = {key, since: now}; return false; }
  return now - seen.since > 300;
}"""


SEARCH_OPEN = "() => document.getElementById('__search').checked"

# The focused element's place in the result list (its href, or its text for "more" toggles).
FOCUSED_RESULT = """() => {
  const el = document.activeElement;
  if (!el || !el.closest(".md-search-result__list")) return null;
  return el.getAttribute("href") || el.textContent.trim();
}"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = compile_corpus(REPO, "http://127.0.0.1:8000/", REPO / "docs" / "templates",
                            today=dt.date.fromisoformat(TODAY))
    assert result.catalog is not None, [p.text() for p in result.problems]
    return result.catalog


@pytest.fixture(scope="module")
def index(site: BuiltSite) -> dict[str, Any]:
    return json.loads((site.root / "search" / "search_index.json").read_text("utf-8"))


def _docs(index: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {doc["location"]: doc for doc in index["docs"]}


def _text(text: str) -> str:
    """Index text without markup; jieba's word breaks (zero-width spaces) are kept."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _plain(text: str) -> str:
    """Index text as a reader sees it."""
    return _text(text).replace("\u200b", "")


def _tokens(index: dict[str, Any]) -> set[str]:
    """The words lunr indexes: the text split on the configured separator."""
    found: set[str] = set()
    for doc in index["docs"]:
        found.update(SEPARATOR.split(_text(doc["title"] + " " + doc["text"])))
    return found


# --- the index ---------------------------------------------------------------------------------


def test_search_terms_come_from_the_data(catalog: Catalog) -> None:
    terms = search_terms(catalog)
    assert set(OWN_TERMS) <= set(terms)
    aliases = " ".join(a for t in catalog.topics.values() for a in t.aliases)
    names = " ".join(e.brief.instrument.name_zh or "" for e in catalog.entries.values() if e.brief.instrument)
    assert all(term in aliases or term in names for term in terms)
    assert all(len(term) >= 2 and not re.search(r"[\sA-Za-z0-9()]", term) for term in terms)


def test_own_chinese_terms_are_indexed_whole(index: dict[str, Any]) -> None:
    tokens = _tokens(index)
    missing = [term for term in OWN_TERMS if term not in tokens]
    assert not missing, f"jieba split these terms in the search index: {missing}"


def test_brief_result_text_starts_with_the_summary(index: dict[str, Any], catalog: Catalog) -> None:
    docs = _docs(index)
    for entry in catalog.live:
        doc = docs.get(entry.url)
        assert doc is not None, f"{entry.url} has no page-level search entry"
        assert _plain(doc["text"]).startswith(entry.brief.summary), entry.slug


def test_topic_pages_are_indexed_with_their_aliases(index: dict[str, Any], catalog: Catalog) -> None:
    docs = _docs(index)
    for topic_id, topic in catalog.topics.items():
        doc = docs.get(f"topics/{topic_id}/")
        assert doc is not None, f"topic {topic_id} is not in the search index"
        text = _plain(doc["text"])
        assert text.startswith(topic.description)
        assert all(alias in text for alias in topic.aliases), topic_id


def test_timeline_is_indexed(index: dict[str, Any], catalog: Catalog) -> None:
    docs = _docs(index)
    assert "timeline/" in docs
    years = {ev.date.year for ev in catalog.timeline}
    for year in years:
        section = docs.get(f"timeline/#year-{year}")
        assert section is not None, f"timeline year {year} is not in the search index"
    indexed = " ".join(_plain(docs[f"timeline/#year-{y}"]["text"]) for y in years)
    assert all(ev.title in indexed for ev in catalog.timeline)


def test_brief_boilerplate_is_not_indexed(index: dict[str, Any], catalog: Catalog) -> None:
    """Related briefs, back-links and the citation repeat other pages' words: a search for one
    brief's title must not list another brief's "Related briefs" box. Excluding them at the
    heading drops the whole section; excluding only the block left empty entries carrying the
    page title, which ranked right under the page itself."""
    docs = _docs(index)
    boilerplate = ("#brief-related", "#brief-referenced", "#brief-cite")
    assert not [loc for loc in docs if loc.endswith(boilerplate)]
    titles = {loc: doc["title"] for loc, doc in docs.items() if "#" not in loc}
    empty = [loc for loc, doc in docs.items()
             if "#" in loc and not doc["text"].strip() and doc["title"] == titles.get(loc.split("#")[0])]
    assert empty == [], f"search entries that only repeat their page's title: {empty[:5]}"


def test_withdrawn_briefs_are_not_indexed(index: dict[str, Any], catalog: Catalog) -> None:
    locations = {loc.split("#")[0] for loc in _docs(index)}
    assert not [e.slug for e in catalog.entries.values() if e.withdrawn and e.url in locations]


# --- in the browser ----------------------------------------------------------------------------


def _search(page: Any, query: str, shortcut: str = "/") -> None:
    page.keyboard.press(shortcut)
    assert page.evaluate("document.activeElement.matches('.md-search__input')"), f"'{shortcut}' did not open search"
    page.keyboard.type(query)
    # Material searches on keyup. Keyboard.type enters CJK text as a single insertion without
    # key events (an input method would end with one), so finish with a key that changes nothing.
    page.keyboard.press("End")
    page.wait_for_function(RESULTS_SETTLED)


def _landed(site: BuiltSite, page: Any) -> str:
    return unquote(site.path_of(page.url))


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_search_and_open_the_best_result(open_page, site: BuiltSite, query: str, expected: set[str]) -> None:
    opened = open_page("")
    page = opened.page
    _search(page, query)
    first = page.locator(".md-search-result__item").first.locator("a").first
    with page.expect_navigation():
        first.click()
    page.wait_for_load_state("networkidle")
    assert _landed(site, page) in expected, f"{query!r} led to {page.url}"
    assert page.locator("h1").first.is_visible()
    assert opened.watch.problems() == []


def test_brief_result_shows_its_summary(open_page, catalog: Catalog) -> None:
    page = open_page("").page
    _search(page, "Bletchley")
    summary = catalog.entries["bletchley-declaration-2023"].brief.summary
    result = page.locator(".md-search-result__item").filter(
        has=page.locator("a[href*='briefs/bletchley-declaration-2023/']")).first
    text = " ".join(result.locator("article").first.inner_text().split())
    assert " ".join(summary.split())[:60] in text


def test_keyboard_shortcuts_open_search(open_page) -> None:
    page = open_page("briefs/").page
    for shortcut in ("/", "s", "f"):
        page.keyboard.press(shortcut)
        assert page.evaluate("document.activeElement.matches('.md-search__input')"), shortcut
        page.wait_for_function(SEARCH_OPEN)  # Material's search toggle: the overlay is open
        page.keyboard.press("Escape")
        page.wait_for_function(f"!({SEARCH_OPEN})()")
        assert page.evaluate("!document.activeElement.matches('.md-search__input')")
        # Material notices focus changes through a 1 ms debounce; a key pressed inside it (only a
        # robot is that fast) would focus the query without opening the overlay.
        page.wait_for_timeout(100)


def test_keyboard_only_search(open_page, site: BuiltSite) -> None:
    opened = open_page("briefs/china-deep-synthesis-provisions/")
    page = opened.page
    _search(page, "Bletchley")
    # ArrowDown walks from the query into the results. (Tab closes Material's search overlay by
    # design, so the arrow keys are the way into the list.)
    page.keyboard.press("ArrowDown")
    first = page.evaluate(FOCUSED_RESULT)
    assert first, "ArrowDown did not move focus to the first result"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED_RESULT) != first, "ArrowDown did not move on to the next result"
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED_RESULT) == first
    target = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0] == target.split("#")[0]
    assert opened.watch.problems() == []


def test_enter_in_the_query_opens_the_best_result(open_page, site: BuiltSite) -> None:
    page = open_page("timeline/").page
    _search(page, "Bletchley")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _landed(site, page) == "briefs/bletchley-declaration-2023/"
