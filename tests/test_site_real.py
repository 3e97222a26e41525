"""The repository's own corpus: it builds with --strict and passes the audit, and the launch
edition holds its editorial invariants (enough briefs, balanced topics, every brief linked from
another, no orphan pages)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from briefing.load.corpus import Corpus
from briefing.rules.validate import validate
from briefing.site import catalog
from site_helpers import EDITION_TODAY as TODAY
from site_helpers import REPO, SITE_URL, Site, real_site, resolve

pytestmark = pytest.mark.slow

MIN_BRIEFS = 24


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return real_site(tmp_path_factory)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    found = validate(REPO, today=TODAY)
    assert [p.text() for p in found.all_problems() if p.severity == "error"] == []
    return found


@pytest.fixture(scope="module")
def cat(corpus: Corpus) -> catalog.Catalog:
    return catalog.build(corpus, TODAY)


def test_the_real_site_builds_strictly_and_passes_the_audit(site: Site, cat: catalog.Catalog) -> None:
    match = re.search(r"audit passed: (\d+) briefs checked", site.log)
    assert match, site.log[-2000:]
    assert int(match.group(1)) == len(cat.live)
    assert "WARNING" not in site.log
    for entry in cat.live:
        assert site.exists(entry.url), entry.slug


def test_launch_edition_has_enough_briefs(cat: catalog.Catalog) -> None:
    assert len(cat.live) >= MIN_BRIEFS


def test_every_topic_is_used_and_none_dominates(cat: catalog.Catalog) -> None:
    uses = Counter(t for entry in cat.live for t in entry.brief.topics)
    unused = sorted(set(cat.topics) - set(uses))
    assert unused == [], f"topics without a published brief: {unused}"
    crowded = {t: n for t, n in uses.items() if n > len(cat.live) / 2}
    assert crowded == {}, f"topics on more than half of the briefs: {crowded}"


def test_every_brief_is_linked_from_another_brief_body(corpus: Corpus, cat: catalog.Catalog) -> None:
    live = {e.slug for e in cat.live}
    linked = {link.target for b in corpus.briefs if b.slug in live for link in b.links if link.target != b.slug}
    assert sorted(live - linked) == [], "briefs no other brief links to in its body"


def test_no_orphan_pages(site: Site, cat: catalog.Catalog) -> None:
    """Every page is reachable by following links from the home page, and every brief is
    listed on some listing page (briefs index, topic or author page)."""
    seen, queue = {""}, [""]
    while queue:
        url = queue.pop()
        for a in site.soup(url).find_all("a", href=True):
            href = a["href"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("#"):
                continue
            target = resolve(url, href)
            # pages, and plain HTML files such as a digest's email.html
            if (target == "" or target.endswith(("/", ".html"))) and target not in seen and site.exists(target):
                seen.add(target)
                queue.append(target)
    pages = {site.url_of(p) for p in site.html_files()} - {"404.html"}
    pages -= {f"briefs/{old}/" for old in cat.redirects}
    assert sorted(pages - seen) == []

    listings = ["briefs/", *(f"topics/{t}/" for t in cat.topics), *(f"authors/{a}/" for a in cat.authors)]
    listed = set()
    for url in listings:
        for a in site.article(url).select("a.brief-card__title"):
            listed.add(resolve(url, a["href"]))
    assert sorted({e.url for e in cat.live} - listed) == []


def test_real_api_and_feeds_cover_the_corpus(site: Site, cat: catalog.Catalog) -> None:
    api = site.json("api/briefs.json")
    assert [b["slug"] for b in api["briefs"]] == [e.slug for e in cat.live]
    items = site.json("feed.json")["items"]
    assert len(items) == min(len(cat.live), 50)
    assert {i["url"] for i in items} <= {SITE_URL + e.url for e in cat.live}
    for topic in cat.topics:
        assert site.exists(f"topics/{topic}/feed.xml"), topic
