"""The feeds of updates (contract v2): `/updates.xml`, `/updates.json`, `/topics/<id>/updates.xml`
and `/corrections/feed.xml`: one entry per new brief and per changelog entry of a live brief,
newest first, with stable ids, the kind of change as a category, and links to the changelog
entry's anchor on the brief page; withdrawn, draft and future briefs contribute nothing. The audit
catches a feed that lost an entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import lxml.etree
import pytest

from briefing.site import catalog
from briefing.site.audit import audit_site, updates_and_calendar_failures
from briefing.site.build import BuildResult, compile_corpus
from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    EPSILON,
    ETA,
    FIXTURE_ROOT,
    GAMMA,
    HIDDEN_TEXT,
    HOSTILE,
    PAYLOAD,
    REPO,
    SITE_URL,
    TODAY,
    ZETA,
    Site,
    fixture_site,
    resolve,
)

pytestmark = pytest.mark.slow

TEMPLATES = REPO / "docs" / "templates"
ATOM = "{http://www.w3.org/2005/Atom}"

# (brief, kind, date, anchor) of every update of the live fixture briefs, newest first.
UPDATES = [
    (ALPHA, "update", "2026-10-01", "changelog-2026-10-01"),
    (HOSTILE, "correction", "2026-09-15", "changelog-2026-09-15"),
    (HOSTILE, "new", "2026-09-10", ""),
    (ETA, "new", "2026-08-20", ""),
    (GAMMA, "correction", "2026-07-20", "changelog-2026-07-20"),
    (ALPHA, "correction", "2026-07-01", "changelog-2026-07-01"),
    (GAMMA, "new", "2026-06-15", ""),
    (ALPHA, "new", "2026-05-10", ""),
    (BETA, "new", "2026-03-02", ""),
]
NOTES = {
    (ALPHA, "changelog-2026-10-01"): "Alpha update: added the fictional implementation notice.",
    (ALPHA, "changelog-2026-07-01"): "Alpha correction: the effective date was given wrongly and is now fixed.",
    (GAMMA, "changelog-2026-07-20"): "Gamma correction: the revised threshold was misstated.",
    (HOSTILE, "changelog-2026-09-15"): "Note " + PAYLOAD,
}
TOPICS = {ALPHA: ["export-controls", "compute-governance", "us-china-diplomacy"], BETA: ["compute-governance",
          "export-controls"], GAMMA: ["compute-governance", "export-controls"], ETA: ["safety-summits",
          "un-multilateral"], HOSTILE: ["hostile-topic", "export-controls"]}


def link(slug: str, anchor: str) -> str:
    return f"{SITE_URL}briefs/{slug}/" + (f"#{anchor}" if anchor else "")


def ids(rows: list[tuple[str, str, str, str]]) -> list[str]:
    return [link(slug, anchor) for slug, _kind, _date, anchor in rows]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


def parse_feed(site: Site, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(site.path(path).read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


def kinds(entry: feedparser.FeedParserDict) -> list[str]:
    """The kind categories (the topic categories carry the topics' scheme)."""
    return [t.term for t in entry.tags if not t.get("scheme")]


# --- /updates.xml -------------------------------------------------------------------------------


def test_updates_feed_newest_first(site: Site) -> None:
    feed = parse_feed(site, "updates.xml")
    assert feed.feed.id == SITE_URL + "updates.xml"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": SITE_URL, "self": SITE_URL + "updates.xml"}
    assert feed.feed.updated.startswith("2026-10-01")
    assert [e.id for e in feed.entries] == ids(UPDATES)
    assert [e.updated[:10] for e in feed.entries] == [date for _s, _k, date, _a in UPDATES]
    assert [kinds(e) for e in feed.entries] == [[kind] for _s, kind, _d, _a in UPDATES]


def test_updates_entries_link_to_the_change(site: Site) -> None:
    feed = parse_feed(site, "updates.xml")
    for entry, (slug, kind, _date, anchor) in zip(feed.entries, UPDATES, strict=True):
        assert entry.link == link(slug, anchor)
        topics = [t.term for t in entry.tags if t.get("scheme") == SITE_URL + "topics/"]
        assert topics == TOPICS[slug]
        if kind == "new":
            brief = next(b for b in site.json("api/briefs.json")["briefs"] if b["slug"] == slug)
            assert entry.summary == brief["summary"]
            assert entry.title == "New brief: " + brief["title"]
        else:
            assert entry.summary == NOTES[(slug, anchor)]
            assert entry.title.startswith({"update": "Update: ", "correction": "Correction: "}[kind])


def test_update_anchors_exist_on_the_brief_pages(site: Site) -> None:
    """Each change's link lands on its changelog entry (the ids come from catalog.changelog_anchors,
    which the brief template uses)."""
    for slug, kind, date, anchor in UPDATES:
        if kind == "new":
            continue
        url = f"briefs/{slug}/"
        target = site.soup(url).find(id=anchor)
        assert target is not None, f"{url} has no element with id {anchor!r}"
        assert target.find_parent("section", class_="brief-changelog") is not None or "brief-changelog" in str(
            target.parent), anchor
        assert date in str(target)


def test_hostile_note_is_escaped_text(site: Site) -> None:
    raw = site.path("updates.xml").read_bytes()
    tree = lxml.etree.fromstring(raw)
    summaries = [e.findtext(f"{ATOM}summary") for e in tree.iterfind(f"{ATOM}entry")]
    assert "Note " + PAYLOAD in summaries
    assert b"<script>" not in raw


def test_withdrawn_draft_and_future_briefs_contribute_nothing(site: Site) -> None:
    for path in ("updates.xml", "updates.json", "corrections/feed.xml", "topics/export-controls/updates.xml",
                 "topics/safety-summits/updates.xml"):
        text = site.text(path)
        for hidden in (DELTA, EPSILON, ZETA, "Delta withdrawal note", *HIDDEN_TEXT):
            assert hidden not in text, (path, hidden)


def test_catalog_holds_no_change_of_hidden_briefs(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_ROOT / "briefs", tmp_path / "briefs")
    result = compile_corpus(tmp_path, SITE_URL, TEMPLATES, today=TODAY)
    assert result.catalog is not None
    cat: catalog.Catalog = result.catalog
    assert {c.entry.slug for c in cat.changes} == {ALPHA, GAMMA, HOSTILE}  # not the withdrawn delta
    assert {e.slug for e in cat.live} == {ALPHA, BETA, GAMMA, ETA, HOSTILE}


# --- /updates.json ------------------------------------------------------------------------------


def test_updates_json_feed(site: Site) -> None:
    feed = site.json("updates.json")
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE_URL + "updates.json" and feed["home_page_url"] == SITE_URL
    items = feed["items"]
    assert [i["id"] for i in items] == ids(UPDATES)
    assert [i["url"] for i in items] == ids(UPDATES)
    assert [i["tags"] for i in items] == [[kind] for _s, kind, _d, _a in UPDATES]
    assert [i["date_modified"][:10] for i in items] == [date for _s, _k, date, _a in UPDATES]
    for item, (slug, kind, _date, anchor) in zip(items, UPDATES, strict=True):
        assert item["_briefing"] == {"kind": kind, "brief": slug, "topics": TOPICS[slug]}
        assert item["external_url"] == link(slug, "")
        if kind != "new":
            assert item["summary"] == item["content_text"] == NOTES[(slug, anchor)]
    assert parse_feed(site, "updates.xml").entries[1].summary == items[1]["summary"]


# --- per topic, corrections ---------------------------------------------------------------------


def test_topic_updates_feeds(site: Site) -> None:
    for topic in ("export-controls", "compute-governance", "safety-summits", "hostile-topic", "military-ai"):
        path = f"topics/{topic}/updates.xml"
        feed = parse_feed(site, path)
        assert feed.feed.id == SITE_URL + path
        assert [e.id for e in feed.entries] == ids([u for u in UPDATES if topic in TOPICS[u[0]]]), topic
    assert parse_feed(site, "topics/military-ai/updates.xml").entries == []


def test_corrections_feed_holds_only_corrections(site: Site) -> None:
    feed = parse_feed(site, "corrections/feed.xml")
    assert feed.feed.id == SITE_URL + "corrections/feed.xml"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "alternate": SITE_URL + "corrections/", "self": SITE_URL + "corrections/feed.xml"}
    assert [e.id for e in feed.entries] == ids([u for u in UPDATES if u[1] == "correction"])
    assert all(kinds(e) == ["correction"] for e in feed.entries)
    # The corrections page links its feed.
    page = site.soup("corrections/")
    hrefs = [resolve("corrections/", a["href"]) for a in page.find_all(["a", "link"], href=True)]
    assert "corrections/feed.xml" in hrefs


def test_feeds_are_stable_across_builds(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_ROOT / "briefs", tmp_path / "briefs")
    outputs = []
    for _ in range(2):
        result = compile_corpus(tmp_path, SITE_URL, TEMPLATES, today=TODAY)
        assert result.output is not None
        outputs.append(result.output.files)
    for path in ("updates.xml", "updates.json", "corrections/feed.xml", "topics/export-controls/updates.xml"):
        assert outputs[0][path] == outputs[1][path], path
    # A new changelog entry adds an entry and leaves every existing id as it was.
    path = tmp_path / "briefs" / f"{GAMMA}.md"
    text = path.read_text("utf-8").replace("updated: 2026-07-20", "updated: 2026-11-01")
    text = text.replace("changelog:\n", 'changelog:\n  - date: 2026-11-01\n    kind: clarification\n'
                        '    note: "Gamma clarification: the threshold applies per training run."\n', 1)
    path.write_text(text, "utf-8")
    result = compile_corpus(tmp_path, SITE_URL, TEMPLATES, today=TODAY)
    assert result.output is not None, [p.text() for p in result.problems]
    feed = feedparser.parse(result.output.files["updates.xml"])
    assert [e.id for e in feed.entries] == [link(GAMMA, "changelog-2026-11-01"), *ids(UPDATES)]
    assert kinds(feed.entries[0]) == ["clarification"]


# --- the audit ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled(site: Site) -> BuildResult:
    result = compile_corpus(site.project, SITE_URL, TEMPLATES, today=TODAY)
    assert result.catalog is not None and result.output is not None
    return result


@pytest.fixture
def copy(site: Site, tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(site.root, dest)
    return dest


def drop_entry(path: Path, entry_id: str) -> None:
    tree = lxml.etree.fromstring(path.read_bytes())
    for entry in tree.findall(f"{ATOM}entry"):
        if entry.findtext(f"{ATOM}id") == entry_id:
            tree.remove(entry)
    path.write_bytes(lxml.etree.tostring(tree, xml_declaration=True, encoding="utf-8"))


def test_audit_passes_the_built_feeds(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None and compiled.output is not None
    assert updates_and_calendar_failures(copy, compiled.catalog) == []
    assert audit_site(copy, compiled.catalog, compiled.output, search="pagefind") == []


def test_audit_catches_an_entry_missing_from_updates_xml(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None and compiled.output is not None
    drop_entry(copy / "updates.xml", link(ALPHA, "changelog-2026-07-01"))
    drop_entry(copy / "updates.xml", link(BETA, ""))
    failures = audit_site(copy, compiled.catalog, compiled.output, search="pagefind")
    assert f"{ALPHA}: correction briefs/{ALPHA}/#changelog-2026-07-01 missing from /updates.xml" in failures
    assert f"{BETA}: its publication missing from /updates.xml" in failures
    assert not any("updates.json" in f or "corrections/feed.xml" in f for f in failures)


def test_audit_catches_missing_topic_and_corrections_entries(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    drop_entry(copy / "topics/us-china-diplomacy/updates.xml", link(ALPHA, "changelog-2026-10-01"))
    drop_entry(copy / "corrections/feed.xml", link(GAMMA, "changelog-2026-07-20"))
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert set(failures) == {
        f"{GAMMA}: correction briefs/{GAMMA}/#changelog-2026-07-20 missing from /corrections/feed.xml",
        f"{ALPHA}: update briefs/{ALPHA}/#changelog-2026-10-01 missing from /topics/us-china-diplomacy/updates.xml",
    }


def test_audit_catches_updates_json_and_a_stray_correction(copy: Path, compiled: BuildResult) -> None:
    assert compiled.catalog is not None
    feed = json.loads((copy / "updates.json").read_text("utf-8"))
    feed["items"] = [i for i in feed["items"] if i["id"] != link(HOSTILE, "changelog-2026-09-15")]
    (copy / "updates.json").write_text(json.dumps(feed), "utf-8")
    shutil.copy2(copy / "updates.xml", copy / "corrections/feed.xml")  # every update, not only corrections
    failures = updates_and_calendar_failures(copy, compiled.catalog)
    assert f"{HOSTILE}: correction briefs/{HOSTILE}/#changelog-2026-09-15 missing from /updates.json" in failures
    assert (f"/corrections/feed.xml holds briefs/{ALPHA}/#changelog-2026-10-01, which is not a correction"
            in failures)
    (copy / "updates.xml").unlink()
    assert "/updates.xml is missing" in updates_and_calendar_failures(copy, compiled.catalog)
