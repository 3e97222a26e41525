"""A reader's way through the site: home -> topic -> brief -> related brief -> topic, the
timeline's links, and the feeds a browser or feed reader discovers from the page head."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import BuiltSite

pytestmark = pytest.mark.browser

TOPIC = "export-controls"
TOPIC_LABEL = "Export controls"


def _follow(page: Any, locator: Any) -> None:
    assert locator.count() > 0, f"nothing to click: {locator}"
    with page.expect_navigation():
        locator.first.click()
    page.wait_for_load_state("networkidle")


def _h1(page: Any) -> str:
    return " ".join(page.locator("article h1").first.inner_text().split())


def test_home_topic_brief_related_and_back(open_page, site: BuiltSite) -> None:
    opened = open_page("", settle="networkidle")
    page = opened.page

    _follow(page, page.locator(f".topic-chips a[href$='topics/{TOPIC}/']"))
    assert site.path_of(page.url) == f"topics/{TOPIC}/"
    assert _h1(page) == TOPIC_LABEL

    first_brief = page.locator(".brief-list .brief-card__title").first
    title = " ".join(first_brief.inner_text().split())
    _follow(page, first_brief)
    brief_path = site.path_of(page.url)
    assert brief_path.startswith("briefs/") and _h1(page) == title
    assert page.locator(".brief-keypoints").is_visible()

    # A related brief that shares the topic (the list shows titles only: the built page says which).
    more = page.locator(".brief-relations details > summary")
    if more.count():  # those beyond six are folded behind "show all": a reader opens it
        more.first.click()
    links = page.locator(".brief-relations dd a")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    sharing = next(i for i, href in enumerate(hrefs)
                   if f"topics/{TOPIC}/" in (site.root / site.path_of(href) / "index.html").read_text("utf-8"))
    related = links.nth(sharing)
    related_title = " ".join(related.inner_text().split())
    _follow(page, related)
    related_path = site.path_of(page.url)
    assert related_path.startswith("briefs/") and related_path != brief_path
    assert _h1(page) == related_title

    # Back to the topic from the related brief's own topic links...
    _follow(page, page.locator(f".brief-tags .brief-topic[href$='topics/{TOPIC}/']"))
    assert site.path_of(page.url) == f"topics/{TOPIC}/"
    assert page.locator(f".brief-list a[href$='{related_path.removeprefix('briefs/')}']").count() == 1

    # ...and the browser's history retraces the way.
    page.go_back(wait_until="networkidle")
    assert site.path_of(page.url) == related_path
    page.go_back(wait_until="networkidle")
    assert site.path_of(page.url) == brief_path
    page.go_back(wait_until="networkidle")
    assert site.path_of(page.url) == f"topics/{TOPIC}/"
    assert opened.watch.problems() == []


def test_timeline_links_to_briefs(open_page, site: BuiltSite) -> None:
    opened = open_page("timeline/", settle="networkidle")
    page = opened.page
    links = page.locator(".brief-timeline li > a:not(.brief-topic)")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) >= 10
    for href in hrefs:
        path = site.path_of(href)
        assert path.startswith("briefs/"), href
        assert (site.root / path / "index.html").is_file(), f"timeline links to a missing brief: {href}"
    first_title = " ".join(links.first.inner_text().split())
    _follow(page, links)
    assert site.path_of(page.url) == site.path_of(hrefs[0])
    assert page.locator(".brief-keypoints").is_visible()
    assert page.locator(".brief-events").get_by_text(first_title).count() >= 1
    assert opened.watch.problems() == []


@pytest.mark.parametrize("path", ["", "briefs/", "briefs/china-deep-synthesis-provisions/"])
def test_feeds_are_discoverable(open_page, site: BuiltSite, path: str) -> None:
    page = open_page(path).page
    feeds = {
        "application/atom+xml": (site.url("feed.xml"), b"<feed"),
        "application/feed+json": (site.url("feed.json"), b'"version"'),
    }
    for media_type, (url, marker) in feeds.items():
        links = page.locator(f'head link[rel~="alternate"][type="{media_type}"]')
        hrefs = links.evaluate_all("els => els.map(l => l.href)")
        assert url in hrefs, f"no {media_type} feed link in the head of /{path}"
        response = page.request.get(url)
        assert response.ok and marker in response.body()


def test_brief_head_links_its_topic_feeds(open_page, site: BuiltSite) -> None:
    page = open_page("briefs/china-deep-synthesis-provisions/").page
    hrefs = page.locator('head link[rel~="alternate"][type="application/atom+xml"]').evaluate_all(
        "els => els.map(l => l.href)")
    topics = page.locator(".brief-tags .brief-topic").evaluate_all("els => els.map(a => a.href)")
    assert topics
    for topic_url in topics:
        assert topic_url + "feed.xml" in hrefs
        assert page.request.get(topic_url + "feed.xml").ok
