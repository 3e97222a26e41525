"""The built pages of the fixture corpus, read with an HTML parser: brief pages, notices,
redirects, topic pages, listings, author pages, timeline, corrections and home."""

from __future__ import annotations

import json
import re

import pytest

from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    EPSILON,
    ETA,
    ETA_OLD,
    GAMMA,
    HIDDEN,
    HIDDEN_TEXT,
    HOSTILE,
    HOSTILE_TITLE,
    LIVE,
    PAYLOAD,
    SITE_URL,
    ZETA,
    Site,
    bibtex_entry,
    bibtex_text,
    card_slugs,
    fixture_site,
    resolve,
)

pytestmark = pytest.mark.slow

ALPHA_URL = f"briefs/{ALPHA}/"
ALPHA_TITLE = "Alpha chip rule: a fictional export rule on advanced accelerators"
ALPHA_SUMMARY = (
    "A fictional ministry issued a fictional rule that limits exports of advanced accelerator chips; "
    "this fixture brief carries every optional field the site can show."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return fixture_site(tmp_path_factory)


def text(el) -> str:
    return " ".join(el.get_text(" ").split())


def links(container, page_url: str) -> list[str]:
    return [resolve(page_url, a["href"]) for a in container.find_all("a", href=True)]


# --- one brief --------------------------------------------------------------------------------


def test_brief_title_summary_dates_and_byline(site: Site) -> None:
    article = site.article(ALPHA_URL)
    h1s = article.find_all("h1")
    assert [h.get_text() for h in h1s] == [ALPHA_TITLE]
    assert site.soup(ALPHA_URL).title.get_text() == f"{ALPHA_TITLE} - AI Governance Briefs"
    assert article.select_one(".brief-dek").get_text() == ALPHA_SUMMARY
    meta = article.select_one(".brief-meta")
    assert [t["datetime"] for t in meta.find_all("time")] == ["2026-05-10", "2026-10-01"]
    assert "Published 10 May 2026" in text(meta)
    assert "Updated 1 October 2026" in text(meta)
    authors = meta.find_all("a")
    assert [resolve(ALPHA_URL, a["href"]) for a in authors] == ["authors/editorial-team/"]
    assert authors[0].get_text() == "Editorial team"


def test_brief_topics_and_jurisdictions(site: Site) -> None:
    tags = site.article(ALPHA_URL).select_one(".brief-tags")
    topic_links = tags.select("a.brief-topic")
    assert [resolve(ALPHA_URL, a["href"]) for a in topic_links] == [
        "topics/export-controls/", "topics/compute-governance/", "topics/us-china-diplomacy/",
    ]
    assert [a.get_text() for a in topic_links] == ["Export controls", "Compute governance", "US–China diplomacy"]
    assert [s.get_text() for s in tags.select(".brief-jurisdiction")] == ["United States", "China"]


def test_brief_key_points_and_instrument(site: Site) -> None:
    article = site.article(ALPHA_URL)
    box = article.select_one("aside.brief-keypoints")
    assert box.find("h2").get_text() == "Key points"
    assert [li.get_text() for li in box.find_all("li")] == [
        "Alpha key point one: the fictional rule covers accelerator chips above a fictional threshold.",
        "Alpha key point two: the fictional rule took effect on a fictional date.",
    ]
    instrument = article.select_one("aside.brief-instrument")
    fields = {dt.get_text(): dt.find_next_sibling("dd") for dt in instrument.find_all("dt")}
    assert fields["Official name"].get_text() == "Fictional Rule on Advanced Accelerators"
    assert fields["Chinese name"].get_text() == "虚构先进加速器规则"
    assert fields["Chinese name"]["lang"] == "zh"
    assert fields["Type"].get_text() == "rule"
    assert fields["Issued by"].get_text() == "Fictional Ministry of Commerce; Fictional Trade Office"
    assert fields["Adopted"].find("time")["datetime"] == "2025-01-13"
    assert fields["In effect from"].get_text() == "1 March 2025"
    # since the date its status rests on (no history: the declared effective date), never "as of" the build
    assert fields["Status"].get_text() == "in force since 1 March 2025"


def test_brief_body_is_rendered_with_links_to_other_briefs(site: Site) -> None:
    article = site.article(ALPHA_URL)
    assert article.find("h2", id="what-happened") is not None
    assert "fictional performance threshold" in text(article)
    paragraphs = article.select_one("div.brief-body").find_all("p", recursive=False)
    body_links = [resolve(ALPHA_URL, a["href"]) for p in paragraphs for a in p.find_all("a")]
    assert f"briefs/{GAMMA}/" in body_links
    assert f"briefs/{ETA}/" in body_links
    assert not any(link.endswith(".md") for link in links(article, ALPHA_URL))


def test_brief_events_in_date_order(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-events")
    items = section.select("ul.brief-timeline > li")
    assert [li.find("time")["datetime"] for li in items] == ["2025-01-13", "2025-03-01"]
    assert [text(li) for li in items] == [
        "13 January 2025 Alpha rule announced", "1 March 2025 Alpha rule takes effect",
    ]
    assert "timeline/" in links(section, ALPHA_URL)


def test_brief_sources_grouped_by_type(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-sources")
    headings = section.find_all("h3")
    assert [h.get_text() for h in headings] == ["Primary sources", "Secondary sources", "Translations"]
    groups = {h.get_text(): h.find_next_sibling("ol").find_all("li") for h in headings}
    assert all(len(items) == 1 for items in groups.values())

    primary = groups["Primary sources"][0]
    anchors = primary.find_all("a")
    assert anchors[0]["href"] == "https://example.org/alpha/primary"
    assert anchors[0].get_text() == "Alpha primary source"
    assert primary.select_one(".brief-source__publisher").get_text() == "Fictional Ministry of Commerce"
    assert primary.find("time")["datetime"] == "2025-01-13"
    assert primary.select_one(".brief-source__language").get_text() == "English"
    assert anchors[1].get_text() == "Archived copy"
    assert anchors[1]["href"] == "https://web.archive.org/web/2025/https://example.org/alpha/primary"

    secondary = groups["Secondary sources"][0]
    assert secondary.find("a")["href"] == "https://example.org/alpha/secondary"
    assert "Archived copy" not in text(secondary)

    translation = groups["Translations"][0]
    assert translation.select_one(".brief-source__language").get_text() == "Chinese"
    assert translation.find("time") is None
    assert [a.get_text() for a in translation.find_all("a")] == ["Alpha translation", "Archived copy"]
    for a in section.find_all("a"):
        assert "noopener" in a["rel"]


def test_brief_changelog_marks_the_correction(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-changelog")
    items = section.select("li.brief-change")
    assert [li.find("time")["datetime"] for li in items] == ["2026-10-01", "2026-07-01"]  # newest first
    correction = section.select("li.brief-change--correction")
    assert len(correction) == 1
    assert correction[0].select_one(".brief-change__kind").get_text() == "Correction"
    assert "Alpha correction: the effective date was given wrongly" in text(correction[0])
    assert section.select_one("li.brief-change--update .brief-change__kind").get_text() == "Update"
    assert "corrections/" in links(section, ALPHA_URL)


def test_related_briefs_declared_first_then_computed(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-relations")
    # One list, each brief once (contract v3): declared (eta, gamma) in front-matter order, then
    # computed by shared topics: beta scores higher than the hostile brief. Withdrawn, draft and
    # scheduled briefs are never related. No cards: titles only.
    assert not site.article(ALPHA_URL).select("section.brief-related, section.brief-relations .brief-card")
    related = [dd.a["href"].strip("./").split("/")[-1] for dd in section.select("dl > dd")]
    assert related[:4] == [ETA, GAMMA, BETA, HOSTILE] and len(related) == len(set(related))


def test_sources_changelog_relations_and_cite_are_in_the_table_of_contents(site: Site) -> None:
    toc = [a["href"] for a in site.soup(ALPHA_URL).select("nav.md-nav--secondary a")]
    tail = [href for href in toc if href.startswith("#brief-")]
    assert tail == ["#brief-events", "#brief-sources", "#brief-changelog", "#brief-relations", "#brief-cite"], toc
    article = site.article(ALPHA_URL)
    for href in tail:
        assert article.select_one(href) is not None, href


def test_relations_list_live_briefs_linking_here_or_related(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-relations")
    targets = set(links(section, ALPHA_URL))
    # Declared on either side or linked in a body; the withdrawn delta, the draft epsilon and the
    # scheduled zeta also link here, and appear nowhere.
    assert targets == {f"briefs/{s}/" for s in (HOSTILE, ETA, GAMMA, BETA)}


def test_cite_block_carries_the_permalink(site: Site) -> None:
    permalink = SITE_URL + ALPHA_URL
    section = site.article(ALPHA_URL).select_one("section.brief-cite")
    plain = section.select_one(".brief-cite__plain")
    assert f"“{ALPHA_TITLE},”" in plain.get_text()
    assert "AI Governance Briefs, 10 May 2026, version of 1 October 2026" in text(plain)
    assert plain.find("a")["href"] == permalink
    assert plain.select_one(".brief-cite__accessed")["data-build-date"] == "2026-11-27"
    bibtex = section.select_one("pre.brief-cite__bibtex code").get_text()
    assert bibtex.startswith(f"@misc{{aigb-{ALPHA}-2026-10-01,")
    assert f"  url = {{{permalink}}}," in bibtex
    assert f"  title = {{{{{ALPHA_TITLE}}}}}," in bibtex
    assert "  year = {2026}," in bibtex



@pytest.mark.parametrize("slug", LIVE)
def test_cite_block_bibtex_is_one_entry_with_the_permalink(site: Site, slug: str) -> None:
    # The hostile brief's title holds `}, url = {...}`: BibTeX counts an escaped `\}` as a brace, so
    # such a title used to close its field, end the entry and leave the permalink outside it.
    url = f"briefs/{slug}/"
    title = site.article(url).find("h1").get_text()
    bibtex = site.article(url).select_one("pre.brief-cite__bibtex code").get_text()
    key, entry = bibtex_entry(bibtex)
    assert key.startswith(f"aigb-{slug}-")
    assert entry.fields["url"] == SITE_URL + url
    assert bibtex_text(entry.fields["title"]) == "{" + title + "}"
    assert set(entry.fields) == {"title", "howpublished", "year", "date", "version", "url", "urldate"}
    assert len(entry.persons["author"]) == len(site.article(url).select(".brief-meta a[href*='authors/']"))

def test_brief_head_canonical_open_graph_and_json_ld(site: Site) -> None:
    soup = site.soup(ALPHA_URL)
    permalink = SITE_URL + ALPHA_URL
    assert soup.find("link", rel="canonical")["href"] == permalink
    props = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert props["og:title"] == ALPHA_TITLE
    assert props["og:description"] == ALPHA_SUMMARY
    assert props["og:type"] == "article"
    assert props["og:url"] == permalink
    assert props["article:published_time"] == "2026-05-10"
    assert props["article:modified_time"] == "2026-10-01"
    assert soup.find("meta", attrs={"name": "description"})["content"] == ALPHA_SUMMARY
    assert soup.find("meta", attrs={"name": "robots"}) is None
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "Report"
    assert data["headline"] == ALPHA_TITLE
    assert data["url"] == permalink
    assert data["datePublished"] == "2026-05-10"
    assert data["dateModified"] == "2026-10-01"
    assert data["author"] == [{"@type": "Organization", "name": "Editorial team"}]
    assert data["about"] == ["Export controls", "Compute governance", "US–China diplomacy"]


def test_brief_head_links_every_feed(site: Site) -> None:
    soup = site.soup(ALPHA_URL)
    alternates = {(link["type"], resolve(ALPHA_URL, link["href"])) for link in soup.find_all("link", rel="alternate")}
    expected = {("application/atom+xml", "feed.xml"), ("application/feed+json", "feed.json"),
                ("application/atom+xml", "updates.xml")} | {
        (kind, f"topics/{t}/{name}")
        for t in ("export-controls", "compute-governance", "us-china-diplomacy")
        for kind, name in (("application/atom+xml", "feed.xml"), ("application/atom+xml", "updates.xml"))
    }
    assert alternates == expected
    for _type, target in alternates:
        assert site.exists(target), target


def test_other_pages_are_websites_not_articles(site: Site) -> None:
    for url in ("", "briefs/", "topics/export-controls/", "timeline/", "about/"):
        soup = site.soup(url)
        assert soup.find("meta", property="og:type")["content"] == "website"
        assert not soup.find_all("script", type="application/ld+json")
    home = site.soup("")
    assert home.title.get_text() == "AI Governance Briefs"
    assert home.find("meta", property="og:title")["content"] == "AI Governance Briefs"


# --- supersedes, withdrawn, drafts, scheduled, aliases -----------------------------------------


def test_superseded_brief_points_to_its_successor(site: Site) -> None:
    url = f"briefs/{BETA}/"
    notice = site.article(url).select_one(".brief-notice--superseded")
    assert notice is not None
    assert links(notice, url) == [f"briefs/{GAMMA}/"]
    assert notice.find("a").get_text() == "Gamma compute rule: the revised fictional compute threshold"
    # The successor says what it replaces; the superseded brief stays listed.
    gamma = site.article(f"briefs/{GAMMA}/")
    assert [links(n, f"briefs/{GAMMA}/") for n in gamma.select(".brief-notice")] == [[f"briefs/{BETA}/"]]
    assert gamma.select_one(".brief-notice--superseded") is None
    assert BETA in card_slugs(site.article("briefs/"), "briefs/")


def test_withdrawn_brief_keeps_its_page_with_a_notice(site: Site) -> None:
    url = f"briefs/{DELTA}/"
    soup = site.soup(url)
    notice = site.article(url).select_one(".brief-notice--withdrawn")
    assert notice is not None
    assert "withdrawn" in notice.get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Delta withdrawal note" in text(site.article(url).select_one("section.brief-changelog"))


def test_withdrawn_brief_leaves_every_listing(site: Site) -> None:
    for url in ("", "briefs/", "topics/export-controls/", "authors/editorial-team/", "timeline/", "corrections/",
                *(f"briefs/{s}/" for s in LIVE)):
        article = site.article(url)
        assert f"briefs/{DELTA}/" not in links(article, url), url
        assert "Delta" not in text(article), url


def test_drafts_and_scheduled_briefs_appear_nowhere(site: Site) -> None:
    for slug in HIDDEN:
        assert not site.path(f"briefs/{slug}/").exists()
        assert not site.path(f"briefs/{slug}").exists()
    leaks = []
    for path in site.all_files():
        content = path.read_bytes().decode("utf-8", errors="replace")
        for needle in (*HIDDEN, *HIDDEN_TEXT):
            if needle in content:
                leaks.append(f"{path.relative_to(site.root)} mentions {needle!r}")
    assert leaks == []


def test_alias_redirects_to_the_new_url(site: Site) -> None:
    old = f"briefs/{ETA_OLD}/"
    soup = site.soup(old)
    assert soup.find("link", rel="canonical")["href"] == SITE_URL + f"briefs/{ETA}/"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    match = re.fullmatch(r"0; url=(\S+)", refresh)
    assert match is not None
    assert resolve(old, match.group(1)) == f"briefs/{ETA}/"
    assert site.exists(resolve(old, match.group(1)))
    assert links(soup, old) == [f"briefs/{ETA}/"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


# --- topics -------------------------------------------------------------------------------------


def test_topic_page(site: Site) -> None:
    url = "topics/export-controls/"
    article = site.article(url)
    assert article.find("h1").get_text() == "Export controls"
    dek = article.select_one(".brief-dek").get_text()
    assert dek == "Fictional limits on selling chips and related technology abroad."
    assert [s.get_text() for s in article.select(".topic-alias")] == ["出口管制", "Entity List", "chip controls"]
    related = article.select_one(".topic-related")
    assert links(related, url) == ["topics/compute-governance/", "topics/trade-tariffs/"]
    feed = article.select_one(".topic-feed a")  # visible links lead to the Follow page, never to raw XML
    assert feed["href"].endswith("#topic-export-controls") and resolve(url, feed["href"]) == "follow/"
    assert site.exists("topics/export-controls/feed.xml")
    head_feeds = [resolve(url, link["href"]) for link in site.soup(url).find_all("link", rel="alternate")]
    assert "topics/export-controls/feed.xml" in head_feeds
    # Latest development first (contract v3: a brief's latest past event or status change, else its
    # instrument's adoption, else its publication), live briefs only.
    assert card_slugs(article, url) == [BETA, HOSTILE, GAMMA, ALPHA]
    latest = [(c.select_one(".brief-card__latest") or c.select_one("time"))["datetime"]
              for c in article.select("#topic-briefs ~ ul li.brief-card")]
    assert latest == sorted(latest, reverse=True)
    events = article.find("h2", id="topic-events").find_next_sibling("ul").find_all("li")
    dates = [li.find("time")["datetime"] for li in events]
    assert dates == sorted(dates, reverse=True)
    assert "2025-03-01" in dates and "2025-02-02" not in dates  # alpha yes, withdrawn delta no
    for li in events:
        assert resolve(url, li.find("a")["href"]).startswith("briefs/")


def test_topic_page_without_briefs(site: Site) -> None:
    article = site.article("topics/military-ai/")
    assert "No published briefs yet." in text(article)
    assert article.select("li.brief-card") == []


def test_topic_summary_cards_show_summaries(site: Site) -> None:
    article = site.article("topics/safety-summits/")
    cards = article.select("li.brief-card")
    assert len(cards) == 1
    assert cards[0].select_one(".brief-card__summary").get_text().startswith("A fictional summit adopted")


def test_topics_index(site: Site) -> None:
    url = "topics/"
    cards = site.article(url).select("li.topic-card")
    found = {resolve(url, c.select_one("a.topic-card__title")["href"]): c for c in cards}
    assert len(found) == 11
    export = found["topics/export-controls/"]
    assert export.select_one(".topic-card__count").get_text() == "4 briefs"
    assert "出口管制" in export.select_one(".topic-card__aliases").get_text()
    assert found["topics/safety-summits/"].select_one(".topic-card__count").get_text() == "1 brief"
    assert found["topics/military-ai/"].select_one(".topic-card__count").get_text() == "0 briefs"
    for target in found:
        assert site.exists(target)


# --- listings -----------------------------------------------------------------------------------


def test_briefs_index_newest_first_with_summaries(site: Site) -> None:
    article = site.article("briefs/")
    assert card_slugs(article, "briefs/") == LIVE
    assert "5 published briefs" in text(article.select_one(".listing-intro"))
    alpha = next(c for c in article.select("li.brief-card") if ALPHA in c.find("a")["href"])
    assert alpha.select_one(".brief-card__summary").get_text() == ALPHA_SUMMARY
    # published, the latest development it covers (v3), updated
    assert [t["datetime"] for t in alpha.select(".brief-card__meta time")] == ["2026-05-10", "2025-03-01", "2026-10-01"]
    dates = [c.select_one(".brief-card__meta time")["datetime"] for c in article.select("li.brief-card")]
    assert dates == sorted(dates, reverse=True)


def test_author_pages(site: Site) -> None:
    assert card_slugs(site.article("authors/editorial-team/"), "authors/editorial-team/") == LIVE
    hostile = site.article("authors/hostile-author/")
    assert card_slugs(hostile, "authors/hostile-author/") == [HOSTILE]
    index = site.article("authors/")
    assert sorted(links(index, "authors/")) == ["authors/editorial-team/", "authors/hostile-author/"]


def test_timeline_by_year_links_briefs_with_topic_labels(site: Site) -> None:
    overview = site.article("timeline/")
    # /timeline/ shows the latest year and an index of every year; each year has its own page
    assert [h["id"] for h in overview.find_all("h2")] == ["timeline-upcoming", "year-2025", "timeline-years"]
    index = [resolve("timeline/", a["href"]) for a in overview.select("ul.timeline-years a")]
    assert index == ["timeline/2025/", "timeline/2024/"]
    headings = []
    for year_url in ("timeline/2024/", "timeline/2025/"):
        headings += [(h, year_url) for h in site.article(year_url).find_all("h2") if h["id"].startswith("year-")]
    years = [h for h, _url in headings]
    assert [(h["id"], h.get_text()) for h in years] == [("year-2024", "2024"), ("year-2025", "2025")]
    rows = []
    for heading, url in headings:
        for li in heading.find_next_sibling("ol").find_all("li", recursive=False):
            anchors = li.find_all("a")
            rows.append((li.find("time")["datetime"], resolve(url, anchors[0]["href"]), anchors[0].get_text(),
                         [a.get_text() for a in anchors[1:]], [resolve(url, a["href"]) for a in anchors[1:]]))
    assert [r[0] for r in rows] == ["2024-11-20", "2025-01-13", "2025-03-01", "2025-06-01", "2025-07-07"]
    assert rows[0] == ("2024-11-20", f"briefs/{ETA}/", "Eta summit adopts its statement",
                       ["AI safety summits", "UN and multilateral governance"],
                       ["topics/safety-summits/", "topics/un-multilateral/"])
    # An event without topics takes the brief's primary topic.
    assert rows[1][1:] == (f"briefs/{ALPHA}/", "Alpha rule announced", ["Export controls"], ["topics/export-controls/"])
    assert rows[4][1] == f"briefs/{HOSTILE}/"
    assert rows[4][2] == "Event " + PAYLOAD
    for _date, brief, _title, _labels, topics in rows:
        assert site.exists(brief)
        assert all(site.exists(t) for t in topics)


def test_corrections_page_newest_first(site: Site) -> None:
    url = "corrections/"
    items = site.article(url).select("ul.brief-corrections > li")
    rows = [(li.find("time")["datetime"], resolve(url, li.find("a")["href"])) for li in items]
    assert rows == [("2026-09-15", f"briefs/{HOSTILE}/"), ("2026-07-20", f"briefs/{GAMMA}/"),
                    ("2026-07-01", f"briefs/{ALPHA}/")]
    assert "Alpha correction: the effective date was given wrongly" in text(items[2])
    assert "Alpha update" not in text(site.article(url))  # updates stay in the brief's changelog


def test_home_page(site: Site) -> None:
    article = site.article("")
    latest = article.find("h2", id="home-latest").find_next_sibling("ul")
    assert card_slugs(latest, "") == LIVE
    chips = {resolve("", a["href"]): a for a in article.select("ul.topic-chips a.brief-topic")}
    assert len(chips) == 11
    assert chips["topics/export-controls/"].select_one(".topic-card__count").get_text() == "4"
    assert chips["topics/export-controls/"].contents[0].strip() == "Export controls"
    assert chips["topics/compute-governance/"].select_one(".topic-card__count").get_text() == "3"
    changes = article.find("h2", id="home-changes").find_next_sibling("ul").find_all("li", recursive=False)
    rows = [(li.find("time")["datetime"], li.select_one(".brief-change__kind").get_text(),
             resolve("", li.find("a")["href"])) for li in changes]
    assert rows == [
        ("2026-10-01", "Update", f"briefs/{ALPHA}/"),
        ("2026-09-15", "Correction", f"briefs/{HOSTILE}/"),
        ("2026-07-20", "Correction", f"briefs/{GAMMA}/"),
        ("2026-07-01", "Correction", f"briefs/{ALPHA}/"),
    ]
    for target in ("briefs/", "timeline/", "follow/", "digest/", "api/", "data/"):
        assert target in links(article, "")


def test_every_internal_link_on_generated_pages_resolves(site: Site) -> None:
    # The audit checks this during the build too; here with an independent resolver.
    broken = []
    for path in site.html_files():
        url = site.url_of(path)
        if url == "404.html":  # served at any depth, so its links are site-absolute
            continue
        for a in site.soup(url).find_all("a", href=True):
            href = a["href"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("#"):
                continue
            target = resolve(url, href.split("?", 1)[0])  # /search/?topic=... is the search page
            if not site.path(target).is_file():
                broken.append(f"{url}: {href}")
    assert broken == []


def test_no_page_mentions_the_hidden_slugs_in_links(site: Site) -> None:
    for path in site.html_files():
        soup = site.soup(site.url_of(path))
        hrefs = " ".join(a["href"] for a in soup.find_all("a", href=True))
        assert EPSILON not in hrefs and ZETA not in hrefs


def test_hostile_title_in_relations_is_text(site: Site) -> None:
    section = site.article(ALPHA_URL).select_one("section.brief-relations")
    assert HOSTILE_TITLE in [a.get_text() for a in section.find_all("a")]


def test_the_navigation_rendered_once_for_all_briefs_changes_no_page(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The plugin renders Material's navigation once for all brief pages (nav_cache): the same
    site built without it has the same bytes in every HTML page."""
    from site_helpers import make_project, run_build

    project = make_project(tmp_path_factory.mktemp("no-nav-cache") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - briefing:\n" in text
    config.write_text(text.replace("  - briefing:\n", "  - briefing:\n      nav_cache: false\n"), "utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    pages = sorted(p.relative_to(site.root).as_posix() for p in site.html_files()
                   if not p.relative_to(site.root).as_posix().startswith("pagefind/"))
    assert any(rel.startswith("briefs/") for rel in pages)
    different = [rel for rel in pages if (site.root / rel).read_bytes() != (project / "site" / rel).read_bytes()]
    assert different == []


def test_pages_rendered_by_the_page_worker_are_the_same_bytes(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A one-off build renders some pages' templates in a forked worker (mkdocs_pageworker.py): the
    same site built without it has the same files, byte for byte, and the worker did render some."""
    import re

    from site_helpers import make_project, run_build

    rendered = re.search(r"a second process rendered (\d+) of the (\d+) pages", site.log)
    assert rendered is not None, site.log[-2000:]
    assert 0 < int(rendered.group(1)) < int(rendered.group(2))
    project = make_project(tmp_path_factory.mktemp("no-page-worker") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - briefing:\n", "  - briefing:\n      page_worker: false\n"),
                      "utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "a second process rendered" not in result.stderr
    files = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file())
    files = [rel for rel in files if not rel.startswith("pagefind/")]  # its file names vary with its run
    assert any(rel.startswith("briefs/") for rel in files)
    assert files == sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")
                           if p.is_file() and not p.relative_to(project / "site").as_posix().startswith("pagefind/"))
    different = [rel for rel in files if (site.root / rel).read_bytes() != (project / "site" / rel).read_bytes()]
    assert different == []
