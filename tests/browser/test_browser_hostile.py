"""Each hostile body class (tests/hostile_site.py), built with only the second guard in place,
opened in real Chromium: no dialog, no uncaught exception, no console error from injected code,
no request to another origin. Focus and scroll the headings, as the TOC-injection payloads need."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import BuiltSite, serve

from hostile_site import HOSTILE_BODIES, build_hostile_site, slug

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Overrides conftest's `site`: `open_page` then opens pages of this site."""
    root = tmp_path_factory.mktemp("hostile-browser")
    (root / "site").mkdir()
    with serve(root / "site") as base_url:
        build_hostile_site(root / "project", root / "site", base_url)
        yield BuiltSite(root / "site", base_url)


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_a_hostile_page_runs_nothing_and_loads_nothing_from_elsewhere(open_page: Any, name: str) -> None:
    opened = open_page(None)
    dialogs: list[str] = []
    opened.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.page.goto(f"briefs/{slug(name)}/", wait_until="load")
    opened.page.wait_for_load_state("networkidle")
    for heading in opened.page.locator("article h2, article [tabindex]").all()[:10]:
        heading.focus()
        heading.scroll_into_view_if_needed()
    for link in opened.page.locator("nav.md-nav--secondary a").all()[:10]:
        link.focus()
    opened.page.wait_for_timeout(300)
    watch = opened.watch
    assert dialogs == []
    assert watch.page_errors == []
    assert watch.foreign_requests == []
    # A same-site image that does not exist (the sanitised `<img src=x>`) may 404; nothing else may fail.
    assert [e for e in watch.console_errors if "Failed to load resource" not in e] == []
    assert opened.page.evaluate("() => typeof window.__hostile") == "undefined"


# Every element of the brief's article that is fixed, and every element of its body taken out of
# the flow or blurring what lies under it (what an overlay is made of).
_COVERING = """() => {
  const body = document.querySelector(".brief-body");
  const out = [];
  for (const el of document.querySelectorAll("article *")) {
    const style = getComputedStyle(el);
    const inBody = body.contains(el);
    const placed = ["fixed", "absolute", "sticky"].includes(style.position);
    const blurs = style.backdropFilter !== "none" || style.filter !== "none";
    if (style.position === "fixed" || inBody && (placed || blurs))
      out.push(el.tagName + "." + el.className + " " + style.position);
  }
  return out;
}"""
# Whether the element at the middle of the header is the header's own (nothing lies over it).
_HEADER_ON_TOP = """() => {
  const header = document.querySelector(".md-header");
  const box = header.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !!top && !!top.closest(".md-header");
}"""


@pytest.mark.parametrize("name", ["theme-classes", "hidden-h1"])
@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_in_a_brief_covers_the_page(open_page: Any, name: str, width: int) -> None:
    """Material's consent and dialog classes would put a blurred overlay over the whole page; a
    hidden level-1 heading would replace the page's title. Neither reaches the reader."""
    opened = open_page(None)
    opened.page.set_viewport_size({"width": width, "height": 800})
    opened.page.goto(f"briefs/{slug(name)}/", wait_until="load")
    opened.page.wait_for_timeout(300)
    assert opened.page.evaluate(_COVERING) == []
    assert opened.page.evaluate(_HEADER_ON_TOP)
    assert opened.page.locator("h1").count() == 1
    title = opened.page.locator("meta[name=citation_title]").get_attribute("content")
    assert opened.page.locator("h1").inner_text().strip() == title
