"""The post-build audit catches a deliberately broken site, and the build fails on invalid briefs
or a failed audit (non-zero exit, with a message naming the file, line and rule)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import audit_fixtures
from audit_fixtures import audit
from briefing.site.audit import Scanner, check_links, pagefind_records, scan_site
from briefing.site.build import BuildResult
from site_helpers import (
    ALPHA,
    BETA,
    DELTA,
    ETA,
    ETA_OLD,
    GAMMA,
    make_project,
    run_build,
)

pytestmark = pytest.mark.slow


# The fixture site, its compiled catalog, a fresh copy per test and the audit (tests/audit_fixtures.py).
built, compiled, site = audit_fixtures.built, audit_fixtures.compiled, audit_fixtures.site


MAGIC = b"pagefind_dcd"  # what Pagefind 1.x puts before the JSON of a page's fragment


def fragment(site: Path, url: str) -> Path:
    """The file holding one page of the built Pagefind index."""
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(MAGIC))
        if record["url"].lstrip("/") == url:
            return path
    raise AssertionError(f"{url} is not in the Pagefind index")


def edit_html(path: Path, change) -> None:
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    change(soup)
    path.write_text(str(soup), "utf-8")


def remove_cards(slug: str):
    def change(soup: BeautifulSoup) -> None:
        cards = [a.find_parent("li") for a in soup.select("a.brief-card__title") if f"/briefs/{slug}/" in a["href"]]
        assert cards, f"no card for {slug}"
        for card in cards:
            card.decompose()
    return change


def append_link(href: str):
    def change(soup: BeautifulSoup) -> None:
        article = soup.select_one("article")
        paragraph = soup.new_tag("p")
        link = soup.new_tag("a", href=href)
        link.string = "tampered"
        paragraph.append(link)
        article.append(paragraph)
    return change


def test_the_untouched_site_passes(site: Path, compiled: BuildResult) -> None:
    assert audit(site, compiled) == []


def test_a_deleted_brief_page_is_caught(site: Path, compiled: BuildResult) -> None:
    (site / f"briefs/{ALPHA}/index.html").unlink()
    failures = audit(site, compiled)
    assert f"{ALPHA}: no page at /briefs/{ALPHA}/" in failures
    # ... and every page that linked to it now has a broken link.
    assert f"briefs/index.html: broken link '../briefs/{ALPHA}/'" in failures
    assert f"topics/export-controls/index.html: broken link '../../briefs/{ALPHA}/'" in failures


def test_a_deleted_withdrawn_page_is_caught(site: Path, compiled: BuildResult) -> None:
    shutil.rmtree(site / f"briefs/{DELTA}")
    assert f"{DELTA}: no page at /briefs/{DELTA}/" in audit(site, compiled)


def test_a_brief_missing_from_a_topic_page_is_caught(site: Path, compiled: BuildResult) -> None:
    edit_html(site / "topics/compute-governance/index.html", remove_cards(GAMMA))
    failures = audit(site, compiled)
    assert failures == [f"{GAMMA}: missing from topic page /topics/compute-governance/"]


def test_a_brief_missing_from_the_index_and_author_page_is_caught(site: Path, compiled: BuildResult) -> None:
    edit_html(site / "briefs/index.html", remove_cards(BETA))
    edit_html(site / "authors/editorial-team/index.html", remove_cards(BETA))
    failures = audit(site, compiled)
    assert f"{BETA}: missing from the briefs index" in failures
    assert f"{BETA}: missing from author page /authors/editorial-team/" in failures


def test_a_brief_missing_from_api_sitemap_and_search_is_caught(site: Path, compiled: BuildResult) -> None:
    api_path = site / "api/briefs.json"
    api = json.loads(api_path.read_text("utf-8"))
    api["briefs"] = [b for b in api["briefs"] if b["slug"] != ETA]
    api_path.write_text(json.dumps(api), "utf-8")
    sitemap = site / "sitemap.xml"
    sitemap.write_text(re.sub(rf"<url>\s*<loc>[^<]*/briefs/{ETA}/</loc>.*?</url>", "",
                              sitemap.read_text("utf-8"), flags=re.S), "utf-8")
    fragment(site, f"briefs/{ETA}/").unlink()
    failures = audit(site, compiled)
    assert f"{ETA}: missing from /api/briefs.json" in failures
    assert f"{ETA}: missing from the sitemap" in failures
    assert f"{ETA}: missing from the search index" in failures
    assert any(f.startswith("the search index counts") for f in failures)  # the entry file disagrees


def test_a_withdrawn_brief_in_the_search_index_is_caught(site: Path, compiled: BuildResult) -> None:
    path = fragment(site, f"briefs/{ETA}/")
    record = {**pagefind_records(site)[f"briefs/{ETA}/"], "url": f"/briefs/{DELTA}/"}
    path.write_bytes(gzip.compress(MAGIC + json.dumps(record).encode()))
    failures = audit(site, compiled)
    assert f"{DELTA}: withdrawn, but in the search index" in failures
    assert f"{ETA}: missing from the search index" in failures


def test_a_page_marked_for_the_index_but_not_in_it_is_caught(site: Path, compiled: BuildResult) -> None:
    """The build tells Pagefind which folders to read (searchindex.glob_for): a hand-written page
    left out of the index, and a page newly marked, are both caught."""
    fragment(site, "about/").unlink()
    edit_html(site / "authors/editorial-team/index.html",
              lambda soup: soup.find("article").attrs.update({"data-pagefind-body": ""}))
    failures = audit(site, compiled)
    assert "about/index.html: marked for the search index (data-pagefind-body), but not in it" in failures
    assert ("authors/editorial-team/index.html: marked for the search index (data-pagefind-body), but not in it"
            in failures)


def test_a_missing_search_index_is_caught(site: Path, compiled: BuildResult) -> None:
    shutil.rmtree(site / "pagefind")
    assert "the search index is missing (pagefind/pagefind-entry.json)" in audit(site, compiled)


def test_a_missing_redirect_is_caught(site: Path, compiled: BuildResult) -> None:
    (site / f"briefs/{ETA_OLD}/index.html").unlink()
    assert f"redirect briefs/{ETA_OLD}/index.html -> briefs/{ETA}/ was not written" in audit(site, compiled)


def test_a_broken_internal_link_and_anchor_are_caught(site: Path, compiled: BuildResult) -> None:
    edit_html(site / "about/index.html", append_link("../briefs/no-such-brief/"))
    edit_html(site / f"briefs/{BETA}/index.html", append_link(f"../{ALPHA}/#no-such-section"))
    edit_html(site / f"briefs/{GAMMA}/index.html", append_link(f"../{ALPHA}/#brief-sources"))  # fine
    failures = audit(site, compiled)
    assert failures == [
        "about/index.html: broken link '../briefs/no-such-brief/'",
        f"briefs/{BETA}/index.html: broken anchor '../{ALPHA}/#no-such-section'",
    ]


def test_check_links_on_a_small_site(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">A</h2><a href="../">home</a>', "utf-8")
    (tmp_path / "feed.xml").write_text("<feed/>", "utf-8")
    links = [
        "a/", "a/#here", "#top", "feed.xml", "https://example.org/missing/", "mailto:x@example.org",  # fine
        "b/", "a/#there", "../outside/", "#nowhere", "feed.json",  # broken
    ]
    (tmp_path / "index.html").write_text(
        '<div id="top"></div>' + "".join(f'<a href="{href}">x</a>' for href in links), "utf-8")
    assert check_links(tmp_path) == [
        "index.html: broken link 'b/'",
        "index.html: broken anchor 'a/#there'",
        "index.html: broken link '../outside/'",
        "index.html: broken anchor '#nowhere'",
        "index.html: broken link 'feed.json'",
    ]


def test_links_are_resolved_from_each_page_s_own_folder(tmp_path: Path) -> None:
    """The audit resolves a link once per folder, or once per depth when it climbs to the root:
    the same href on pages in different folders must still be judged from each page."""
    for folder in ("a/x", "a/y", "b/x", "c"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "c/index.html").write_text('<h2 id="c">C</h2>', "utf-8")
    page = ('<a href="../y/">sibling</a><a href="../../c/#c">c</a><a href="../../c/#d">d</a><a href="?q=1">q</a>'
            '<a href="../y/?from=https://example.org/">query with a URL</a>')
    for folder in ("a/x", "a/y", "b/x"):
        (tmp_path / folder / "index.html").write_text(page, "utf-8")
    assert check_links(tmp_path) == [
        "a/x/index.html: broken anchor '../../c/#d'",
        "a/y/index.html: broken anchor '../../c/#d'",
        "b/x/index.html: broken link '../y/'",  # a/y exists, b/y does not
        "b/x/index.html: broken anchor '../../c/#d'",
        "b/x/index.html: broken link '../y/?from=https://example.org/'",
    ]


def _page(body: str) -> str:
    return f"<html><head></head><body>{body}</body></html>"


def test_the_scan_during_the_build_finds_what_a_scan_afterwards_finds(tmp_path: Path) -> None:
    """Scanner: pages handed over as they are written, some links and scripts pointing at files
    written only later (as Pagefind's are), one page never handed over, one script that never
    appears, one broken link: the facts are those of a scan of the finished site."""
    site = tmp_path / "site"
    (site / "late").mkdir(parents=True)
    (site / "404.html").write_text(_page("not found"), "utf-8")
    pages = {
        f"p{i}/index.html": _page(f'<h2 id="h{i}">P</h2><a href="../p{(i + 1) % 60}/#h{(i + 1) % 60}">next</a>'
                                  '<link rel="stylesheet" href="../late/ui.css"><script src="../late/ui.js"></script>'
                                  + ('<script src="../never.js"></script><a href="../gone/">x</a>' if i == 7 else ""))
        for i in range(60)
    }
    scanner = Scanner(site, set(pages) | {"late/ui.css", "late/ui.js", "skipped/index.html"}, "https://example.org/")
    try:
        for rel, html in pages.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(html, "utf-8")
            scanner.add(rel)
        (site / "skipped").mkdir()
        (site / "skipped/index.html").write_text(_page('<a href="#nowhere">x</a>'), "utf-8")  # never handed over
        (site / "late/ui.css").write_text("", "utf-8")
        (site / "late/ui.js").write_text("", "utf-8")
        during = scanner.finish()
    finally:
        scanner.close()
    after = scan_site(site, "https://example.org/")
    assert during == after
    failures = sorted(f for facts in during.values() for f in facts.failures)
    assert failures == ["p7/index.html: a script that is not a file of this site: ../never.js"]
    assert during["p7/index.html"].anchors == [("p8/index.html", "h8", "../p8/#h8"), ("", "", "../gone/")]
    assert during["skipped/index.html"].anchors == [("skipped/index.html", "nowhere", "#nowhere")]


def test_the_scan_during_the_build_starts_again_if_an_expected_file_never_came(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    scanner = Scanner(site, {"a/index.html", "b/index.html"}, "https://example.org/")
    (site / "a/index.html").write_text(_page('<a href="../b/">b</a>'), "utf-8")
    scanner.add("a/index.html")
    during = scanner.finish()  # b/index.html was expected, so the batch judged the link fine: not trusted
    assert during == scan_site(site, "https://example.org/")
    assert during["a/index.html"].anchors == [("", "", "../b/")]


def test_scans_that_overlap_keep_their_own_sites(tmp_path: Path) -> None:
    """Under `mkdocs serve` a background audit can still be scanning when the next build starts
    its own: each scanner's workers judge links against their own site's files."""
    sites = {}
    for name, target in (("one", "b"), ("two", "c")):
        site = tmp_path / name
        for rel in ("a/index.html", f"{target}/index.html"):
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "a/index.html").write_text(_page('<a href="../b/">b</a><a href="../c/">c</a>'), "utf-8")
        (site / f"{target}/index.html").write_text(_page("here"), "utf-8")
        sites[name] = site
    first = Scanner(sites["one"], {"a/index.html", "b/index.html"}, "https://example.org/")
    second = Scanner(sites["two"], {"a/index.html", "c/index.html"}, "https://example.org/")
    try:
        for scanner in (first, second):  # the first's workers are forked after the second exists
            scanner.add("a/index.html")
            scanner.add("b/index.html" if scanner is first else "c/index.html")
        found = {"one": first.finish(), "two": second.finish()}
    finally:
        first.close()
        second.close()
    for name, site in sites.items():
        assert found[name] == scan_site(site, "https://example.org/")
    assert found["one"]["a/index.html"].anchors == [("", "", "../c/")]
    assert found["two"]["a/index.html"].anchors == [("", "", "../b/")]


# --- the build fails --------------------------------------------------------------------------------


def test_an_invalid_brief_fails_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    path = project / "briefs" / f"{BETA}.md"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("topics:"))
    lines[number - 1] = "topics: [compute-governence, export-controls]\n"
    path.write_text("".join(lines), "utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(rf"briefs/{BETA}\.md:{number}:\d+: error REF-TOPIC .*compute-governence", output), output
    assert "the site was not built" in output
    assert not (project / "site" / "briefs" / BETA / "index.html").exists()


def test_a_failed_audit_fails_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    # Raw HTML links are not checked by MkDocs itself; the audit must catch them.
    (project / "docs/about/index.md").write_text(
        (project / "docs/about/index.md").read_text("utf-8")
        + '\n<p><a href="../briefs/no-such-brief/">a dead link</a></p>\n', "utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the site audit failed" in output
    assert "about/index.html: broken link '../briefs/no-such-brief/'" in output
