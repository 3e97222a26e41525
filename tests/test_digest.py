"""The monthly digest (`/digest/`, `/digest/<yyyy>-<mm>/`, its Atom feed and the plain version for
mailing tools) and the Follow page (`/follow/`), to which the visible feed and calendar links lead."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from briefing.site import monthly
from briefing.site.build import compile_corpus
from briefing.site.dataaudit import digest_failures
from site_helpers import FIXTURE_ROOT, HOSTILE, HOSTILE_TITLE, LIVE, REPO, SITE_URL, TODAY, Site, fixture_site, resolve

FEED_FILES = (".xml", ".ics")
FEED_NAMES = ("feed.json", "updates.json", "calendar.json")


@pytest.fixture(scope="module")
def cat():
    result = compile_corpus(FIXTURE_ROOT, SITE_URL, REPO / "docs" / "templates", today=TODAY)
    assert result.catalog is not None
    return result.catalog


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


# --- the months, from the catalog ------------------------------------------------------------------


def test_every_new_brief_and_change_is_in_the_month_it_happened(cat):
    found = {m.key: m for m in monthly.months(cat)}
    assert list(found) == sorted(found, reverse=True)  # newest first
    for entry in cat.live:
        assert entry in found[entry.brief.published.strftime("%Y-%m")].new
    for change in cat.changes:
        assert change in found[change.date.strftime("%Y-%m")].changes
    assert sum(len(m.new) for m in found.values()) == len(LIVE)
    assert sum(len(m.changes) for m in found.values()) == len(cat.changes)
    first = min(e.brief.published for e in cat.live)
    for month in found.values():
        assert month.active
        assert (month.year, month.month) >= (first.year, first.month)
        assert (month.year, month.month) <= (TODAY.year, TODAY.month)
        for item in [*month.status_changes, *month.events]:
            assert item.date.strftime("%Y-%m") == month.key and item.date <= TODAY
        for item in month.coming:
            nxt = monthly._first_of_next(month.year, month.month)
            assert (item.date.year, item.date.month) == (nxt.year, nxt.month)
    september = found["2026-09"]
    assert [e.slug for e in september.new] == [HOSTILE]
    assert [c.kind for c in september.corrections] == ["correction"]
    assert "1 new brief" in september.counts() and "1 correction" in september.counts()


def test_the_month_of_the_build_date_is_marked_as_partial(cat):
    partial = [m for m in monthly.months(cat) if m.partial]
    assert all(m.key == TODAY.strftime("%Y-%m") for m in partial)


def test_a_crowded_month_is_cut_to_a_page_the_audit_accepts(cat):
    from briefing.site.audit import MAX_PAGE_BYTES
    from briefing.site.pages import Compiler

    month = monthly.Month(2026, 9, new=list(cat.live) * 300, changes=list(cat.changes) * 300,
                          events=list(cat.timeline) * 300, coming=list(cat.calendar) * 300)
    compiler = Compiler(cat, SITE_URL, REPO / "docs" / "templates")
    email = monthly.email_html(compiler.env, month, SITE_URL, "AI Governance Briefs", TODAY)
    page = compiler.listing("digest/2026-09.md", "digest.md.j2", "Digest", "d", "listing", month=month, newer=None,
                            older=None, today=TODAY, limit=monthly.SECTION_LIMIT)
    for html in (email, page.before_html):
        assert len(html.encode()) < MAX_PAGE_BYTES - 60_000  # room for the theme around the page
        assert f"and {len(month.new) - monthly.SECTION_LIMIT} more" in html


def test_no_activity_no_digest(cat):
    empty = type(cat)(dt.date(2026, 1, 1), {}, cat.topics, cat.authors, cat.jurisdictions)
    assert monthly.months(empty) == []


# --- the built site ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_digest_index_months_and_feed(site, cat):
    months = monthly.months(cat)
    index = site.article("digest/")
    listed = [resolve("digest/", a["href"]) for a in index.select(".digest-months a")]
    assert listed == [m.url for m in months]
    feed = feedparser.parse(site.path("digest/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.id for e in feed.entries] == [SITE_URL + m.url for m in months]
    for month in months:
        page = site.article(month.url)
        assert page.find("h1").get_text() == f"Digest: {month.label}"
        for entry in month.new:
            assert any(a["href"].endswith(f"briefs/{entry.slug}/") for a in page.find_all("a", href=True))
        assert site.exists(f"{month.url}email.html")
    assert digest_failures(site.root, SITE_URL) == []


@pytest.mark.slow
def test_the_home_page_links_the_digest_and_the_follow_page(site):
    hrefs = [a["href"] for a in site.article("").find_all("a", href=True)]
    assert "digest/" in hrefs and "follow/" in hrefs


@pytest.mark.slow
def test_the_plain_version_is_self_contained_and_escapes_hostile_text(site, cat):
    september = next(m for m in monthly.months(cat) if m.key == "2026-09")
    raw = site.text(f"{september.url}email.html")
    soup = BeautifulSoup(raw, "html.parser")
    assert soup.find(["script", "link", "style", "img", "iframe", "object", "embed", "form", "base"]) is None
    assert "<script>" not in raw  # the hostile title's markup is text
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on") or name in ("src", "srcset")]
    links = [a["href"] for a in soup.find_all("a", href=True)]
    assert links and all(href.startswith(SITE_URL) for href in links)  # absolute: it is pasted elsewhere
    assert any(a.get_text() == HOSTILE_TITLE for a in soup.find_all("a"))
    assert soup.find("h1").get_text().startswith("September 2026")
    assert any(tag.get("style") for tag in soup.find_all(["h1", "h2", "a"]))
    assert soup.find("nav") is None and soup.find(class_="md-header") is None  # no site chrome


# --- the Follow page ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_follow_page_gives_every_feed_and_calendar_address(site, cat):
    page = site.article("follow/")
    hrefs = {urlsplit(a["href"]).path for a in page.find_all("a", href=True)}
    wanted = {"../feed.xml", "../feed.json", "../updates.xml", "../updates.json", "../corrections/feed.xml",
              "../calendar.ics", "../digest/feed.xml"}
    for topic in cat.topics:
        wanted |= {f"../topics/{topic}/feed.xml", f"../topics/{topic}/updates.xml", f"../topics/{topic}/calendar.ics"}
    assert wanted <= hrefs
    for href in wanted:
        assert site.exists("follow/" + href), href
    text = page.get_text(" ")
    assert f"{SITE_URL}calendar.ics" in text and "Google Calendar" in text and "feed reader" in text
    for anchor in ("feeds", "calendars", "digest", "topic-feeds", *(f"topic-{t}" for t in cat.topics)):
        assert page.find(id=anchor) is not None, anchor


@pytest.mark.slow
def test_visible_feed_and_calendar_links_lead_to_the_follow_page(site):
    offenders = []
    for path in site.html_files():
        url = site.url_of(path)
        if url.startswith(("follow/", "pagefind/")) or url.endswith("email.html") or url == "404.html":
            continue
        soup = site.soup(url)
        article = soup.select_one("article.md-content__inner")
        if article is None:
            continue
        for a in article.find_all("a", href=True):
            target = urlsplit(a["href"]).path
            if target.endswith(FEED_FILES) or target.endswith(FEED_NAMES):
                offenders.append((url, a["href"]))
    assert offenders == []
    # the head still names the feeds for software
    head = {link["href"] for link in site.soup("").find_all("link", rel="alternate")}
    assert {"feed.xml", "updates.xml"} <= head
