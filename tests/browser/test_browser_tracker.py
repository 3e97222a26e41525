"""The tracker (/tracker/, contract v3) and a jurisdiction page in real Chromium: filters in the
URL (a shared link restores them, Back undoes them), sorting by status date and next date, at
desktop (1280 px) and phone (390 px) widths, the rows drawn from /tracker/rows.json as the page
draws them (a hundred at a time, text only), and axe finds no serious problem on either page."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser_pages import _serious

from briefing.site.catalog import Catalog

pytestmark = pytest.mark.browser

READY = "() => !!document.querySelector('#tracker-status[data-initial]')"  # tracker.js has started
# The rows on screen are those of the URL's view (tracker.js marks the view it drew)
DRAWN = "() => document.getElementById('tracker-table').dataset.view === location.search"
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
    opened.page.wait_for_function(DRAWN)
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
    clear = page.locator("[data-tracker-clear]")
    assert not clear.is_visible()  # shown only with a filter chosen (Material's buttons ignored `hidden`)
    page.locator("[data-facet=jurisdiction] input[value=CN]").check()
    page.wait_for_function("() => /jurisdiction=CN/.test(location.search)")
    page.wait_for_function(DRAWN)
    shown = _rows(page)
    expected = {e.slug for e in catalog.by_jurisdiction["CN"] if e.brief.instrument is not None}
    assert {r["brief"] for r in shown} == expected and expected
    assert f"{len(shown)} of {len(everything)}" in page.locator("#tracker-status").inner_text()
    assert clear.is_visible()
    page.locator("[data-facet=status] input[value=in-force]").check()
    page.wait_for_function("() => /status=in-force/.test(location.search)")
    page.wait_for_function(DRAWN)
    assert parse_qs(urlsplit(page.url).query) == {"jurisdiction": ["CN"], "status": ["in-force"]}
    both = _rows(page)
    assert both and all("CN" in r["jurisdiction"].split() and r["status"] == "in-force" for r in both)
    page.go_back()
    page.wait_for_function("() => !/status=/.test(location.search)")
    page.wait_for_function(DRAWN)
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
    page.wait_for_function(DRAWN)
    since = [r["since"] for r in _rows(page)]
    dated = [d for d in since if d]
    assert dated == sorted(dated, reverse=True) and since[: len(dated)] == dated  # undated last
    page.select_option("#tracker-sort", "next")
    page.wait_for_function("() => /sort=next/.test(location.search)")
    page.wait_for_function(DRAWN)
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


# Each row as a reader meets it: its cells' text and where its links go.
ROW_VIEW = """els => els.map(r => [r.dataset.brief, [...r.cells].map(c => c.innerText.trim()),
  [...r.querySelectorAll('a')].map(a => a.href),
  [...r.querySelectorAll('svg.tracker-strip title, svg.tracker-strip rect')].map(e => e.tagName === 'title'
    ? e.textContent : [e.getAttribute('x'), e.getAttribute('width'), e.getAttribute('class')].join(' '))])"""


def test_rows_come_from_rows_json_as_the_page_draws_them(open_page: Any, site: Any) -> None:
    """A sort or a filter draws every row from /tracker/rows.json, fetched once, and never fetches
    the tracker's other pages (it fetched each of them before: 34 at 5,000 briefs); each row drawn
    reads and links as the page's own row does."""
    opened = _open(open_page)
    page = opened.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    served = {row[0]: row for row in page.eval_on_selector_all("#tracker-table tbody tr", ROW_VIEW)}
    page.select_option("#tracker-sort", "since")
    page.wait_for_function("() => /of \\d+ instrument/.test(document.querySelector('#tracker-status').textContent)")
    page.wait_for_function(DRAWN)
    drawn = {row[0]: row for row in page.eval_on_selector_all("#tracker-table tbody tr", ROW_VIEW)}
    assert drawn == served
    page.locator("[data-facet=jurisdiction] input[value=US]").check()
    page.wait_for_function("() => /jurisdiction=US/.test(location.search)")
    page.wait_for_function(DRAWN)
    page.select_option("#tracker-sort", "")
    page.wait_for_function("() => !/sort=/.test(location.search)")
    page.wait_for_function(DRAWN)
    assert [r for r in requests if "/tracker/" in r] == [site.base_url + "tracker/rows.json"], requests
    assert not page.locator("[data-tracker-more]").is_visible()
    assert opened.watch.problems() == []


def test_many_rows_are_drawn_a_hundred_at_a_time_as_text(open_page: Any, site: Any) -> None:
    """With 250 rows in rows.json (a large tracker), the first hundred are drawn and "Show more"
    adds the next; a row's values are text, its links go to this site or to http(s) sources."""
    document = json.loads((site.root / "tracker/rows.json").read_text("utf-8"))
    columns = document["columns"]
    template = dict(zip(columns, document["rows"][0], strict=True))
    rows = []
    for i in range(250):
        row = {**template, "brief": f"brief-{i:03d}", "since": f"2026-01-{1 + i % 28:02d}"}
        if i == 0:
            row.update(brief="../../evil", title="<img src=x onerror=alert(1)>", source="javascript:alert(1)",
                       jurisdictions=["ZZ"], name="<b>bold</b>")
        rows.append([row[c] for c in columns])
    opened = open_page(None)
    page = opened.page
    page.route("**/tracker/rows.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"columns": columns, "rows": rows})))
    page.goto("tracker/?sort=since")
    page.wait_for_function("() => /of 250 instruments/.test(document.querySelector('#tracker-status').textContent)")
    assert page.locator("#tracker-table tbody tr").count() == 100
    assert "the first 100 listed" in page.locator("#tracker-status").inner_text()
    more = page.locator("[data-tracker-more]")
    assert more.is_visible() and more.inner_text() == "Show 100 more"
    assert page.locator("[data-tracker-pager]").first.is_hidden() or not page.locator("[data-tracker-pager]").count()
    more.click()
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#tracker-table tbody tr').length === 250")
    assert more.is_hidden()
    evil = page.locator("#tracker-table tbody tr[data-brief='../../evil']")
    assert evil.locator("img, b").count() == 0
    assert evil.locator("a.tracker-row__brief").inner_text() == "<img src=x onerror=alert(1)>"
    hrefs = evil.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["/jurisdictions/zz/", "/briefs/..%2F..%2Fevil/"], hrefs  # no javascript: source link
    assert opened.watch.problems() == []
