"""The charts of issue 23 in Chromium: drawn with a size at desktop and phone widths, scrolled
inside their own box on a phone (the page never overflows sideways), reachable from the keyboard,
named by their titles, filtered by the URL, printed, and clean under axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import published_briefs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHART_PAGES = {
    "responses": "timeline/responses/",
    "year": "timeline/2025/",
    "brief strip": "briefs/bis-advanced-computing-rule-2022/",
    "topic": "topics/un-multilateral/",
    "topic timeline": "topics/export-controls/timeline/",
}
SERIOUS = {"serious", "critical"}


def _pair_titles() -> set[str]:
    """The titles of both ends of every responds_to pair among the published briefs."""
    briefs = published_briefs()
    return {briefs[s].title for slug, b in briefs.items() for other in b.responds_to
            for s in (slug, other) if s in briefs}


@pytest.fixture(scope="module")
def axe(browser: Any) -> Any:
    from axe_playwright_python.sync_playwright import Axe  # after the Chromium check: no import error

    return Axe()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_chart_is_drawn_without_page_overflow(open_page, tmp_path: Path, name: str, width: int) -> None:
    opened = open_page(CHART_PAGES[name], width=width)
    page = opened.page
    chart = page.locator("figure.chart-figure svg.chart").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, box
    shot = tmp_path / f"{name.replace(' ', '-')}-{width}.png"
    page.locator("figure.chart-figure").first.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{CHART_PAGES[name]} at {width} px overflows by {overflow} px"
    # Legible: never shrunk below its drawing width; on a phone its box scrolls instead
    assert box["width"] >= 600
    if width == 390:
        scroll = page.locator(".chart-scroll").first
        assert scroll.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'")
    assert opened.watch.problems() == []


def test_marks_are_links_reachable_from_the_keyboard_and_named_by_their_title(open_page) -> None:
    page = open_page("timeline/responses/").page
    marks = page.locator("svg.chart a.chart-mark")
    names = marks.evaluate_all("els => els.map(a => a.querySelector('title').textContent)")
    # Both ends of every pair the edition's briefs state, read from the briefs themselves (an
    # edition adds and withdraws pairs as its sources allow)
    titles = _pair_titles()
    assert titles, "no published brief states responds_to"
    for title in titles:
        assert any(n.startswith(title) for n in names), (title, names)
    link = page.get_by_role("link", name=sorted(titles)[0], exact=False)
    assert link.count() >= 2  # the mark (named by its <title>) and the table's link
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.closest('svg') !== null"):
            break
    else:
        pytest.fail("no chart mark received the focus within 200 presses of Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("../../briefs/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/briefs/**")


def test_filters_in_the_url_narrow_the_list_and_the_chart(open_page) -> None:
    page = open_page("timeline/2025/?jurisdiction=CN").page
    page.wait_for_function("document.querySelector('.timeline-filter__status').textContent !== ''")
    shown = page.locator(".timeline-filterable > li:not([hidden])")
    total = page.locator(".timeline-filterable > li").count()
    assert 0 < shown.count() < total
    codes = shown.evaluate_all("els => els.map(e => e.dataset.jurisdictions)")
    assert all("CN" in c.split() for c in codes)
    visible_marks = page.locator("svg.chart a.chart-mark:not(.is-filtered)").count()
    assert visible_marks == shown.count()
    assert page.locator("select[name=jurisdiction]").input_value() == "CN"


def test_print_keeps_the_chart_within_the_page(open_page) -> None:
    page = open_page("timeline/responses/").page
    page.emulate_media(media="print")
    chart = page.locator("svg.chart").first
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)],
                         ids=["light", "dark", "phone"])
@pytest.mark.parametrize("name", ["responses", "year", "brief strip"])
def test_axe_finds_no_serious_violations_on_chart_pages(open_page, axe: Any, name: str, scheme: str,
                                                       width: int) -> None:
    page = open_page(CHART_PAGES[name], width=width, color_scheme=scheme).page
    results = axe.run(page, context={"include": [["figure.chart-figure"], [".chart-table-scroll"]]}
                      if name == "responses" else {"include": [["figure.chart-figure"]]})
    found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
             for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert found == [], found
