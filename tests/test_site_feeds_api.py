"""Machine-readable outputs of the fixture build: Atom and JSON feeds, the JSON API against its
own schema, the sitemap and the search index."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import jsonschema
import pytest

from briefing.site.audit import pagefind_records
from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    ETA,
    ETA_OLD,
    GAMMA,
    HIDDEN,
    HOSTILE,
    LIVE,
    SITE_URL,
    Site,
    fixture_site,
)

pytestmark = pytest.mark.slow

TOPICS = [
    "export-controls", "compute-governance", "safety-summits", "us-china-diplomacy", "china-ai-regulation",
    "synthetic-media", "military-ai", "un-multilateral", "evaluations-red-teaming", "trade-tariffs", "hostile-topic",
]
# published, updated-or-published for each live brief
DATES = {
    ALPHA: ("2026-05-10", "2026-10-01"),
    HOSTILE: ("2026-09-10", "2026-09-15"),
    ETA: ("2026-08-20", "2026-08-20"),
    GAMMA: ("2026-06-15", "2026-07-20"),
    BETA: ("2026-03-02", "2026-03-02"),
}
BY_LAST_CHANGE = [ALPHA, HOSTILE, ETA, GAMMA, BETA]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


def permalink(slug: str) -> str:
    return f"{SITE_URL}briefs/{slug}/"


def slug_of(url: str) -> str:
    assert url.startswith(SITE_URL + "briefs/"), url
    return url[len(SITE_URL + "briefs/"):].strip("/")


def parse_feed(site: Site, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(site.path(path).read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


# --- Atom ---------------------------------------------------------------------------------------


def test_site_atom_feed(site: Site) -> None:
    feed = parse_feed(site, "feed.xml")
    assert feed.feed.title == "AI Governance Briefs"
    assert feed.feed.id == SITE_URL + "feed.xml"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": SITE_URL, "self": SITE_URL + "feed.xml"}
    assert feed.feed.updated.startswith("2026-10-01")
    assert [slug_of(e.id) for e in feed.entries] == BY_LAST_CHANGE


def test_atom_entries_use_updated_when_present(site: Site) -> None:
    for entry in parse_feed(site, "feed.xml").entries:
        slug = slug_of(entry.id)
        published, updated = DATES[slug]
        assert entry.published.startswith(published), slug
        assert entry.updated.startswith(updated), slug
        assert entry.link == permalink(slug)
    alpha = next(e for e in parse_feed(site, "feed.xml").entries if slug_of(e.id) == ALPHA)
    assert alpha.title == "Alpha chip rule: a fictional export rule on advanced accelerators"
    assert alpha.summary.startswith("A fictional ministry issued")
    assert [t.term for t in alpha.tags] == ["export-controls", "compute-governance", "us-china-diplomacy"]
    assert [a.name for a in alpha.authors] == ["Editorial team"]


def test_topic_feeds(site: Site) -> None:
    for topic in TOPICS:
        feed = parse_feed(site, f"topics/{topic}/feed.xml")
        assert feed.feed.id == f"{SITE_URL}topics/{topic}/feed.xml"
        for entry in feed.entries:
            assert topic in [t.term for t in entry.tags]
    export = parse_feed(site, "topics/export-controls/feed.xml")
    assert export.feed.title == "AI Governance Briefs: Export controls"
    assert {link.rel: link.href for link in export.feed.links}["alternate"] == SITE_URL + "topics/export-controls/"
    assert [slug_of(e.id) for e in export.entries] == [ALPHA, HOSTILE, GAMMA, BETA]
    assert parse_feed(site, "topics/military-ai/feed.xml").entries == []


def test_feeds_are_well_formed_xml_with_ordered_updates(site: Site) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for path in ["feed.xml", *(f"topics/{t}/feed.xml" for t in TOPICS)]:
        root = ET.fromstring(site.path(path).read_bytes())
        updated = [e.findtext(f"{atom}updated") for e in root.iter(f"{atom}entry")]
        assert updated == sorted(updated, reverse=True), path


# --- JSON Feed ----------------------------------------------------------------------------------


def test_json_feed_1_1(site: Site) -> None:
    feed = site.json("feed.json")
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "AI Governance Briefs"
    assert feed["home_page_url"] == SITE_URL
    assert feed["feed_url"] == SITE_URL + "feed.json"
    items = feed["items"]
    assert [slug_of(i["id"]) for i in items] == BY_LAST_CHANGE
    for item in items:
        slug = slug_of(item["id"])
        assert item["url"] == item["id"] == permalink(slug)
        assert item["title"]
        assert item["content_text"].startswith(item["summary"])
        published, updated = DATES[slug]
        assert item["date_published"] == f"{published}T00:00:00+00:00"
        assert item["date_modified"] == f"{updated}T00:00:00+00:00"
        assert item["authors"] and all(a["name"] for a in item["authors"])
    alpha = items[0]
    assert alpha["tags"] == ["Export controls", "Compute governance", "US–China diplomacy"]
    assert "- Alpha key point one" in alpha["content_text"]


# --- API ----------------------------------------------------------------------------------------


def test_api_validates_against_its_published_schema(site: Site) -> None:
    schema = site.json("api/briefs.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    document = site.json("api/briefs.json")
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    broken = dict(document, briefs=[dict(document["briefs"][0], unexpected=1)])
    assert not validator.is_valid(broken)  # the schema is strict, so the check means something


def test_api_holds_exactly_the_live_briefs(site: Site) -> None:
    document = site.json("api/briefs.json")
    assert document["version"] == 1
    assert document["generated"] == "2026-11-27"
    assert [b["slug"] for b in document["briefs"]] == LIVE
    assert document["count"] == len(LIVE)
    for brief in document["briefs"]:
        assert brief["url"] == permalink(brief["slug"])
        assert (brief["published"], brief["last_changed"]) == DATES[brief["slug"]]
    serialized = site.text("api/briefs.json")
    for slug in (DELTA, *HIDDEN):
        assert slug not in serialized


def test_api_brief_details(site: Site) -> None:
    briefs = {b["slug"]: b for b in site.json("api/briefs.json")["briefs"]}
    alpha = briefs[ALPHA]
    assert alpha["updated"] == "2026-10-01"
    assert alpha["instrument"]["name_zh"] == "虚构先进加速器规则"
    assert alpha["instrument"]["effective"] == "2025-03-01"
    assert [s["type"] for s in alpha["sources"]] == ["primary", "secondary", "translation"]
    assert alpha["sources"][2]["language"] == "zh"
    assert alpha["sources"][1]["language"] == "en"  # the default is filled in
    assert alpha["related"] == [ETA, GAMMA, BETA, HOSTILE]
    assert [c["kind"] for c in alpha["changelog"]] == ["correction", "update"]
    assert alpha["topics"][0] == {"id": "export-controls", "label": "Export controls"}
    assert alpha["jurisdictions"] == [{"id": "US", "label": "United States"}, {"id": "CN", "label": "China"}]
    assert briefs[BETA]["superseded_by"] == GAMMA
    assert briefs[GAMMA]["supersedes"] == BETA
    assert briefs[GAMMA]["superseded_by"] is None
    assert briefs[ETA]["updated"] is None
    assert briefs[ETA]["last_changed"] == "2026-08-20"


# --- sitemap and search -------------------------------------------------------------------------


def sitemap_urls(site: Site) -> list[str]:
    root = ET.fromstring(site.path("sitemap.xml").read_bytes())
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_page(site: Site) -> None:
    urls = sitemap_urls(site)
    assert len(urls) == len(set(urls))
    assert all(u.startswith(SITE_URL) for u in urls)
    listed = {u[len(SITE_URL):] for u in urls}
    pages = {site.url_of(p) for p in site.html_files()} - {"404.html", f"briefs/{ETA_OLD}/"}
    # a digest's plain-HTML copy for mailing tools is a file to paste, not a page of the site
    pages = {url for url in pages if not (url.startswith("digest/") and url.endswith("/email.html"))}
    assert listed == pages
    for expected in ("", "briefs/", "topics/", "timeline/", "corrections/", "authors/editorial-team/",
                     "topics/export-controls/", *(f"briefs/{s}/" for s in [*LIVE, DELTA])):
        assert expected in listed, expected
    for slug in (*HIDDEN, ETA_OLD):
        assert not any(slug in u for u in urls)


def test_search_index_has_live_briefs_only(site: Site) -> None:
    records = pagefind_records(site.root)
    for slug in LIVE:
        assert f"briefs/{slug}/" in records, slug
    for slug in (DELTA, *HIDDEN, ETA_OLD):
        assert not any(slug in url for url in records), slug
    alpha = records[f"briefs/{ALPHA}/"]
    assert alpha["meta"]["title"] == "Alpha chip rule: a fictional export rule on advanced accelerators"
    everything = " ".join(r["meta"]["title"] + " " + r["content"] for r in records.values())
    for text in ("Delta withdrawn", "Epsilon draft", "Zeta future"):
        assert text not in everything
