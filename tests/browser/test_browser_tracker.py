"""The tracker (/tracker/, contract v3) and a jurisdiction page in real Chromium: filters in the
URL (a shared link restores them, Back undoes them), sorting by status date and next date, at
desktop (1280 px) and phone (390 px) widths, and axe finds no serious problem on either page."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser_pages import _serious

from briefing.site.catalog import Catalog

pytestmark = pytest.mark.browser

READY = "() => !!document.querySelector('#tracker-status[data-initial]')"  # tracker.js has started
ROWS = "els => els.map(r => ({brief: r.dataset.brief, jurisdiction: r.dataset.jurisdiction, " \
       "status: r.dataset.status, since: r.dataset.since, next: r.dataset.next}))"
WIDTHS = [1280, 390]


@pytest.fixture(scope="module")
def axe(browser: Any) -> Any:
    from axe_playwright_python.sync_playwright import Axe  # after the Chromium check: no import error

    return Axe()


def _open(open_page: Any, query: str = "", width: int = 1280, color_scheme: str = "light") -> Any:
    opened = open_page("tracker/" + (f"?{query}" if query else ""), width=width, color_scheme=color_scheme)
    opened.page.wait_for_function(READY)
    return opened


def _rows(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all("#tracker-table tbody tr", ROWS)


def _instruments(catalog: Catalog) -> set[str]:
    return {e.slug for e in catalog.live if e.brief.instrument is not None}


@pytest.mark.parametrize("width", WIDTHS, ids=["desktop", "phone"])
def test_filters_live_in_the_url_and_back_undoes_them(open_page: Any, catalog: Catalog, width: int) -> None:
    opened = _open(open_page, width=width)
    page = opened.page
    everything = _rows(page)
    assert {r["brief"] for r in everything} == _instruments(catalog)
    page.locator("[data-facet=jurisdiction] input[value=CN]").check()
    page.wait_for_function("() => /jurisdiction=CN/.test(location.search)")
    shown = _rows(page)
    expected = {e.slug for e in catalog.by_jurisdiction["CN"] if e.brief.instrument is not None}
    assert {r["brief"] for r in shown} == expected and expected
    assert f"{len(shown)} of {len(everything)}" in page.locator("#tracker-status").inner_text()
    page.locator("[data-facet=status] input[value=in-force]").check()
    page.wait_for_function("() => /status=in-force/.test(location.search)")
    assert parse_qs(urlsplit(page.url).query) == {"jurisdiction": ["CN"], "status": ["in-force"]}
    both = _rows(page)
    assert both and all("CN" in r["jurisdiction"].split() and r["status"] == "in-force" for r in both)
    page.go_back()
    page.wait_for_function("() => !/status=/.test(location.search)")
    assert {r["brief"] for r in _rows(page)} == expected
    assert not page.locator("[data-facet=status] input[value=in-force]").is_checked()
    page.go_back()
    page.wait_for_function(f"() => document.querySelectorAll('#tracker-table tbody tr').length === {len(everything)}")
    if width < 500:  # the table scrolls inside its own region; the page never scrolls sideways
        sizes = page.evaluate("(() => { const e = document.scrollingElement; "
                              "return [e.scrollWidth, e.clientWidth]; })()")
        assert sizes[0] <= sizes[1], sizes
    assert opened.watch.problems() == []


@pytest.mark.parametrize("width", WIDTHS, ids=["desktop", "phone"])
def test_sorting_by_status_date_and_next_date(open_page: Any, width: int) -> None:
    page = _open(open_page, width=width).page
    page.select_option("#tracker-sort", "since")
    page.wait_for_function("() => /sort=since/.test(location.search)")
    since = [r["since"] for r in _rows(page)]
    dated = [d for d in since if d]
    assert dated == sorted(dated, reverse=True) and since[: len(dated)] == dated  # undated last
    page.select_option("#tracker-sort", "next")
    page.wait_for_function("() => /sort=next/.test(location.search)")
    following = [r["next"] for r in _rows(page)]
    dated = [d for d in following if d]
    assert dated == sorted(dated) and following[: len(dated)] == dated


def test_a_shared_link_restores_the_view(open_page: Any, catalog: Catalog) -> None:
    page = _open(open_page, "type=regulation&sort=since").page
    page.wait_for_function("() => /of \\d+ instrument/.test(document.querySelector('#tracker-status').textContent)")
    rows = _rows(page)
    expected = {e.slug for e in catalog.live
                if e.brief.instrument is not None and e.brief.instrument.type == "regulation"}
    assert {r["brief"] for r in rows} == expected
    assert page.locator("[data-facet=type] input[value=regulation]").is_checked()
    assert page.locator("#tracker-sort").input_value() == "since"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS, ids=["desktop", "phone"])
def test_axe_on_the_tracker_and_a_jurisdiction_page(open_page: Any, axe: Any, width: int, scheme: str) -> None:
    page = _open(open_page, "jurisdiction=US", width=width, color_scheme=scheme).page
    problems = _serious(axe.run(page))
    assert problems == [], f"/tracker/ ({width} px, {scheme}):\n" + "\n".join(problems)
    opened = open_page("jurisdictions/cn/", width=width, color_scheme=scheme)
    assert opened.page.locator("#jurisdiction-state").is_visible()
    assert opened.page.locator(".state-of-play .state-item").count() > 0
    problems = _serious(axe.run(opened.page))
    assert problems == [], f"/jurisdictions/cn/ ({width} px):\n" + "\n".join(problems)
    assert opened.watch.problems() == []
