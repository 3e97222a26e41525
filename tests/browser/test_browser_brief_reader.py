"""The brief page as readers read it (issue 22): citations that go to their source and back, the
phone's "On this page" list and readable header, the search page with results first on a phone,
and axe-core without serious or critical violations on home, a brief, a topic and the search
page, light and dark, at 1280 px and 390 px (one test per problem the reader review found)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import BuiltSite, published_briefs

from briefing.site.pages import SOURCE_GROUPS

pytestmark = pytest.mark.browser

CITED = "briefs/us-h200-export-policy-2026/"
FRAMING = "briefs/china-ai-development-and-safety-overview/"
PHONE = {"width": 390, "height": 844}
INPUT = "input.pagefind-ui__search-input"
SEARCH_SETTLED = """() => {
  const s = document.querySelector("#search-status");
  return !!s && !/Searching/.test(s.textContent) && (/result/.test(s.textContent) || /Type a query/.test(s.textContent))
    && [...document.querySelectorAll("[data-count]")].every(c => c.textContent !== "");
}"""
HEADER_SETTLED = """() => {
  const items = document.querySelectorAll(".pagefind-ui__result-link");
  if (!items.length) return false;
  const key = items[0].href + "|" + items.length, now = performance.now(), seen = window.__results;
  if (!seen || seen.key !== key) { window.__results = {key, at: now}; return false; }
  return now - seen.at > 300;
}"""


@pytest.fixture(scope="module")
def axe(browser: Any) -> Any:
    from axe_playwright_python.sync_playwright import Axe  # after the Chromium check: no import error

    return Axe()


def _header_search(page: Any, query: str) -> None:
    page.locator(INPUT).click()
    page.keyboard.type(query)
    page.wait_for_function(HEADER_SETTLED)


def test_a_citation_goes_to_its_source_and_back(open_page) -> None:
    opened = open_page(CITED)
    page = opened.page
    marker = page.locator(".brief-body sup.cite-ref a").first
    target = marker.get_attribute("href")
    assert target and target.startswith("#source-") and marker.inner_text().startswith("[")
    marker.click()
    page.wait_for_function(f"location.hash === {target!r}")
    source = page.locator(f"li{target}")
    assert source.is_visible() and source.locator("a[href^='http']").count() >= 1
    back = source.locator("a.brief-source__back").first
    back.click()
    page.wait_for_function("location.hash.startsWith('#cite-')")
    assert page.evaluate("document.querySelector(location.hash).matches('sup.cite-ref')")
    assert opened.watch.problems() == []


def test_on_this_page_only_on_a_phone(open_page) -> None:
    phone = open_page(CITED, **PHONE).page
    box = phone.locator("details.brief-onthispage")
    assert box.is_visible()
    box.locator("summary").click()
    names = box.locator("a").all_inner_texts()
    assert "Sources" in names and "Cite this brief" in names and "What happened" in names, names
    box.locator("a", has_text="Sources").click()
    phone.wait_for_function("location.hash === '#brief-sources'")
    desktop = open_page(CITED).page
    assert not desktop.locator("details.brief-onthispage").is_visible()
    toc = desktop.locator("nav.md-nav--secondary a").all_inner_texts()
    assert {"Sources", "Changelog", "Related briefs", "Cite this brief"} <= {" ".join(t.split()) for t in toc}, toc


def test_the_header_title_stays_readable_on_a_phone(open_page) -> None:
    page = open_page(CITED, **PHONE).page
    width = page.evaluate("document.querySelector('.md-header__title').getBoundingClientRect().width")
    assert width >= 100, f"the header title is {width} px wide at 390 px"


def test_header_search_type_on_a_phone(open_page) -> None:
    """16 px in the box (no zoom on iOS), at least 14 px in the results (before: 11.5 and 7.7-8.8 px)."""
    page = open_page("", **PHONE).page
    size = page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({INPUT!r})).fontSize)")
    assert size >= 16, size
    _header_search(page, "Bletchley")
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        '.pagefind-ui__result-title, .pagefind-ui__result-excerpt, .pagefind-ui__result-tag, .briefs-search__all')]
        .filter(e => e.getBoundingClientRect().width > 0).map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 14, sizes


def test_the_clear_button_takes_no_focus_while_the_box_is_empty(open_page) -> None:
    page = open_page("").page
    clear = page.locator(".pagefind-ui__search-clear")
    if clear.count():
        assert clear.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    page.locator(INPUT).focus()
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.matches('.pagefind-ui__search-clear')")


def test_search_page_on_a_phone_shows_results_before_folded_filters(open_page) -> None:
    page = open_page("search/?q=export&topic=export-controls", **PHONE).page
    page.wait_for_function(SEARCH_SETTLED)
    filters = page.locator("details#search-filters")
    assert filters.get_attribute("open") is None  # folded, even with a filter chosen
    results_top = page.evaluate("document.querySelector('.search-results').getBoundingClientRect().top")
    filters_top = page.evaluate("document.querySelector('#search-filters').getBoundingClientRect().top")
    assert results_top < filters_top
    first = page.locator(".search-result__title").first
    assert first.is_visible() and first.bounding_box()["y"] < 844, "the first result is not on the first screen"


PAGES = {"home": "", "brief": CITED, "topic": "topics/export-controls/", "search": "search/?q=出口管制"}


def _serious(results: Any) -> list[str]:
    return [f"{v['id']} ({v['impact']}) at {', '.join(str(t) for t in n['target'])}: {n['html'][:120]}"
            for v in results.response["violations"] if v["impact"] in {"serious", "critical"} for n in v["nodes"]]


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_light_and_dark_desktop_and_phone(open_page, axe: Any, name: str, scheme: str, width: int) -> None:
    opened = open_page(PAGES[name], width=width, height=900, color_scheme=scheme)
    page = opened.page
    if name == "search":
        page.wait_for_function(SEARCH_SETTLED)
    problems = _serious(axe.run(page))
    assert problems == [], f"/{PAGES[name]} ({scheme}, {width} px):\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_highlighted_results_in_the_header(open_page, axe: Any, scheme: str) -> None:
    """The highlighted words in the header's results (2.98:1 in the dark scheme before)."""
    page = open_page("", color_scheme=scheme).page
    _header_search(page, "export controls")
    assert page.locator(".pagefind-ui__result-excerpt mark").count() > 0
    problems = _serious(axe.run(page))
    assert problems == [], "\n".join(problems)


def test_the_citation_blocks_can_be_reached_by_keyboard(open_page, site: BuiltSite) -> None:
    page = open_page(CITED, **PHONE).page
    for selector in ("pre.brief-cite__ris", "pre.brief-cite__bibtex"):
        assert page.locator(selector).get_attribute("tabindex") == "0", selector


@pytest.mark.parametrize("query", ["出口管制", "methodology sources"])
def test_site_pages_rank_after_briefs(open_page, query: str) -> None:
    """About, contribute and API pages stay searchable but come after the briefs and topics (for
    出口管制 they were 2nd and 3rd), labelled "Site page"."""
    page = open_page(f"search/?q={query}").page
    page.wait_for_function(SEARCH_SETTLED)
    items = page.locator("li.search-result").evaluate_all(
        "els => els.map(e => [new URL(e.querySelector('a').href).pathname, !!e.querySelector('.search-result__kind')])")
    site_pages = [i for i, (path, _kind) in enumerate(items) if path.startswith(("/about/", "/contribute/", "/api/"))]
    briefs = [i for i, (path, _kind) in enumerate(items) if path.startswith(("/briefs/", "/topics/"))]
    if site_pages and briefs:
        assert min(site_pages) > max(briefs), items
        assert all(items[i][1] for i in site_pages), items


def test_the_offline_preview_opens_from_disk(browser: Any, site: BuiltSite, tmp_path: Any) -> None:
    """The pull-request artifact `site-offline` (site/offline.py): opened as files, a brief link
    opens the brief (not a folder listing), and the page says that search needs a server."""
    from briefing.site.offline import make_offline_copy

    make_offline_copy(site.root, tmp_path / "offline")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((tmp_path / "offline" / "briefs" / "index.html").as_uri())
        assert "Search does not work" in page.locator(".offline-preview").inner_text()
        link = page.locator(".brief-list a[href*='briefs/']").first
        with page.expect_navigation():
            link.click()
        assert page.url.startswith("file://") and page.url.split("#")[0].endswith("/index.html")
        assert page.locator("article h1").first.is_visible()
        assert page.locator(".brief-keypoints").is_visible()
    finally:
        context.close()


def test_the_citation_blocks_code_tools_are_named_landmarks(open_page, axe: Any) -> None:
    """Material's copy-button <nav> on the BibTeX and RIS blocks: each named (axe: landmark-unique)."""
    page = open_page(CITED).page
    page.wait_for_function("[...document.querySelectorAll('.brief-cite .md-code__nav')]"
                           ".every(n => n.getAttribute('aria-label'))")
    names = page.locator(".brief-cite .md-code__nav").evaluate_all("els => els.map(n => n.getAttribute('aria-label'))")
    assert len(names) == len(set(names)), names
    found = [v["id"] for v in axe.run(page).response["violations"]]
    assert "landmark-unique" not in found, found


def test_the_framing_brief_is_no_longer_a_wall_of_links_on_a_phone(open_page) -> None:
    """The framing brief was 37 phone screens, 24 of them related links (reader review, 7 December
    2026), then about 19 (16,317 px) once its related briefs took under a screen. What went since:
    its sources past the first three of each kind, its changelog past the latest entry, its answered
    watch questions and the BibTeX and RIS records are folded behind "Show all" (in the page, opened
    by a link into them and by printing), and on a phone the title, dek, key points and body are set
    tighter and the notes under the text in the size of notes. Edition 3 lengthened the body (about
    6,100 px of the page at 390 x 844, 7.2 screens) and its summary and key points were then
    shortened, so the whole page measures 12.6 screens (10,660 px on 7 December 2026) against the
    issue's target of a third (about 12.3); everything but the body, which was most of the 37
    screens, now takes under six."""
    page = open_page(FRAMING, **PHONE).page
    relations = page.evaluate("document.querySelector('.brief-relations').getBoundingClientRect().height")
    total = page.evaluate("document.documentElement.scrollHeight")
    body = page.evaluate("document.querySelector('.brief-body').getBoundingClientRect().height")
    assert relations < PHONE["height"], relations
    assert total - body < 6 * PHONE["height"], f"{(total - body) / PHONE['height']:.1f} screens besides the body"
    assert total < 13.5 * PHONE["height"], f"{total / PHONE['height']:.1f} screens"
    assert page.locator(".brief-relations dd").count() >= 6
    assert not page.locator(".brief-relations details dd").first.is_visible()  # the rest, folded
    # Folded, not removed: every source and change is in the page, under a summary that says how many
    brief = published_briefs()[FRAMING.rstrip("/").rsplit("/", 1)[-1]]
    n = len(brief.sources)
    sources = page.locator(".brief-sources li[id^='source-']")
    assert sources.count() == n and sources.nth(n - 1).get_attribute("id") == f"source-{n}"
    expected = []
    for kind, heading in SOURCE_GROUPS:
        count = sum(1 for s in brief.sources if s.type == kind)
        if count > 5:
            expected.append(f"Show all {count} {heading.lower()} ({count - 3} more)")
    assert expected and page.locator(".brief-sources details.brief-more summary").all_inner_texts() == expected
    changes = len(brief.changelog)
    assert page.locator(".brief-changelog li.brief-change").count() == changes
    assert page.locator(".brief-changelog details.brief-more summary").inner_text() == (
        f"Show all {changes} changes ({changes - 1} earlier)")
    assert not page.locator("pre.brief-cite__ris").is_visible()


def test_a_link_into_a_folded_list_opens_it(open_page) -> None:
    """A citation of a folded source, and the updates feed's link to an earlier change, open the
    fold and show what they point to (javascripts/cite.js)."""
    opened = open_page(FRAMING, **PHONE)
    page = opened.page
    marker = page.locator(".brief-body sup.cite-ref a[href='#source-20']").first
    marker.click()
    page.wait_for_function("location.hash === '#source-20'")
    source = page.locator("li#source-20")
    assert source.is_visible()
    top = source.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"], top
    earliest = page.locator(".brief-changelog li.brief-change").last.get_attribute("id")
    again = open_page(f"{FRAMING}#{earliest}", **PHONE).page
    again.wait_for_function(f"document.getElementById({earliest!r}).getBoundingClientRect().height > 0")
    assert again.locator(f"li#{earliest}").is_visible()
    assert opened.watch.problems() == []
