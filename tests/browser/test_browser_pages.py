"""Every kind of page: loads cleanly and only from its own origin, fits a 375 px phone, passes
axe-core without serious or critical violations, and prints without the site's chrome."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PAGES, BuiltSite

pytestmark = pytest.mark.browser

BRIEF = PAGES["brief"]
PHONE = {"width": 375, "height": 812}
MIN_FONT_PX = 12
# Everything but the article in print. Material's own print styles hide some of these; our
# briefs.css hides the rest. `nav` covers the tabs, the sidebars' navigation and the footer's.
PRINT_HIDDEN = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                ".md-footer", ".briefs-search", ".md-top", ".md-source", "nav"]
PRINT_KEPT = ["article h1", ".brief-dek", ".brief-meta", ".brief-keypoints", ".brief-source-list",
              "#what-happened", ".brief-cite"]

# axe-core rules that fail for reasons outside this site's control, as {rule id: {selector}}.
# Empty: every serious or critical violation found so far was fixed in the templates, in
# docs/overrides/ or in docs/stylesheets/briefs.css. Add an entry only with a comment saying
# why it cannot be fixed, and only for the exact rule and selector.
AXE_EXCEPTIONS: dict[str, set[str]] = {}

ids = list(PAGES)

# For a box and the text inside it: where it sits, how large its type is, and whether it spills.
READABLE = """(el) => {
  const width = document.documentElement.clientWidth;
  const parts = [el, ...el.querySelectorAll("li, p, dt, dd, h2, h3, a")];
  return parts.map(p => {
    const r = p.getBoundingClientRect(), s = getComputedStyle(p);
    return {tag: p.tagName, text: p.textContent.trim().slice(0, 40), left: r.left, right: r.right,
            width, font: parseFloat(s.fontSize), clipped: p.scrollWidth > p.clientWidth + 1,
            hidden: s.visibility === "hidden" || r.width === 0};
  });
}"""


@pytest.fixture(scope="module")
def axe(browser: Any) -> Any:
    from axe_playwright_python.sync_playwright import Axe  # after the Chromium check: no import error

    return Axe()


@pytest.mark.parametrize("name", ids)
def test_page_loads_cleanly_from_its_own_origin(open_page, site: BuiltSite, name: str) -> None:
    opened = open_page(PAGES[name], settle="networkidle")
    page = opened.page
    assert page.locator("article h1").first.is_visible()
    # The search box started from the site's own copy of Pagefind's UI, without fetching the index
    # (it loads in chunks when the reader searches), and nothing reported a problem: no console
    # error, no exception, no failed or 4xx/5xx request, no request to another origin.
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("/pagefind/pagefind-ui.js") for u in loaded)
    assert not [u for u in loaded if "/pagefind/index/" in u or "/pagefind/fragment/" in u]
    assert page.locator("input.pagefind-ui__search-input").is_visible()
    assert opened.watch.problems() == []
    others = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert [u for u in others if not opened.watch.own(u)] == []


def test_repository_link_does_not_call_github(open_page) -> None:
    opened = open_page(BRIEF, settle="networkidle")
    source = opened.page.locator(".md-header .md-source")
    assert source.count() == 1 and source.get_attribute("href", timeout=1000)
    assert source.get_attribute("data-md-component") is None  # Material's repo-facts fetcher
    assert opened.watch.foreign_requests == []


@pytest.mark.parametrize("name", ids)
def test_no_horizontal_scrolling_on_a_phone(open_page, name: str) -> None:
    page = open_page(PAGES[name], **PHONE).page
    sizes = page.evaluate("(() => { const e = document.scrollingElement;"
                          " return [e.scrollWidth, e.clientWidth]; })()")
    assert sizes[0] <= sizes[1], f"/{PAGES[name]} scrolls sideways at 375 px: {sizes[0]} > {sizes[1]}"


def test_brief_boxes_are_readable_on_a_phone(open_page) -> None:
    page = open_page(BRIEF, **PHONE).page
    for selector in (".brief-keypoints", ".brief-sources", ".brief-instrument"):
        box = page.locator(selector)
        box.scroll_into_view_if_needed()
        assert box.is_visible(), f"{selector} is not shown at 375 px"
        report = box.evaluate(READABLE)
        assert len(report) > 2
        for part in report:
            where = f"{selector} {part['tag']} '{part['text']}'"
            assert not part["hidden"], f"{where} is not shown"
            assert part["left"] >= 0 and part["right"] <= part["width"] + 0.5, f"{where} is cut off at 375 px"
            assert part["font"] >= MIN_FONT_PX, f"{where} is set in {part['font']} px"
            if part["tag"] in {"LI", "P", "DD"}:
                assert not part["clipped"], f"{where} overflows its box"


def _serious(results: Any) -> list[str]:
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in {"serious", "critical"}:
            continue
        allowed = AXE_EXCEPTIONS.get(violation["id"], set())
        for node in violation["nodes"]:
            target = ", ".join(str(t) for t in node["target"])
            if target in allowed:
                continue
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: "
                         f"{node.get('failureSummary', '').strip()} [{node['html'][:120]}]")
    return found


@pytest.mark.parametrize("name", ids)
@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 375)],
                         ids=["light", "dark", "phone"])
def test_axe_finds_no_serious_violations(open_page, axe: Any, name: str, scheme: str, width: int) -> None:
    page = open_page(PAGES[name], width=width, color_scheme=scheme).page
    problems = _serious(axe.run(page))
    assert problems == [], f"/{PAGES[name]} ({scheme}, {width} px):\n" + "\n".join(problems)


def test_print_shows_the_brief_without_the_chrome(open_page) -> None:
    page = open_page(BRIEF).page
    page.emulate_media(media="print")
    for selector in PRINT_HIDDEN:
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => e.checkVisibility()).map(e => e.className || e.tagName)")
        assert shown == [], f"{selector} is printed: {shown}"
    for selector in PRINT_KEPT:
        assert page.locator(selector).first.is_visible(), f"{selector} is missing from the print"
    # The article takes the page's width, and source links print their addresses.
    content = page.locator(".md-content").bounding_box()
    assert content is not None and content["width"] > 0.8 * page.viewport_size["width"]
    after = page.locator(".brief-source-list a[href^='http']").first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    assert "http" in after
