"""Listings that stay small (contract v2): /briefs/, topic and author pages split into pages of
`listing_page_size` briefs at .../page/<n>/, newest first, each linking the previous and the next
(in the page and as rel="prev"/"next"); the audit walks every page of a listing, and fails on any
HTML page over 200 KB. Built in process from the fixture corpus with two briefs per page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.site.audit import MAX_PAGE_BYTES, audit_site
from briefing.site.build import compile_corpus
from site_helpers import (
    FIXTURE_ROOT,
    LIVE,
    REPO,
    SITE_URL,
    TODAY,
    build_in_process,
    card_slugs,
    make_project,
    resolve,
)

pytestmark = pytest.mark.slow
PER_PAGE = 2


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("pagination")
    project = make_project(root / "project", FIXTURE_ROOT / "briefs")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("      pagefind: true\n", f"      pagefind: true\n      listing_page_size: {PER_PAGE}\n"),
        "utf-8",
    )
    build_in_process(project, root / "site", SITE_URL)
    return project, root / "site"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def pages_of(site: Path, url: str) -> list[str]:
    found, number = [url], 2
    while (site / f"{url}page/{number}/index.html").is_file():
        found.append(f"{url}page/{number}/")
        number += 1
    return found


def test_the_briefs_index_is_split_newest_first(built: tuple[Path, Path]) -> None:
    _project, site = built
    pages = pages_of(site, "briefs/")
    assert pages == ["briefs/", "briefs/page/2/", "briefs/page/3/"]  # 5 live briefs, 2 a page
    slugs = [s for url in pages for s in card_slugs(soup(site, url).select_one("article"), url)]
    assert slugs == LIVE
    assert all(len(card_slugs(soup(site, url).select_one("article"), url)) <= PER_PAGE for url in pages)


def test_each_page_links_the_previous_and_the_next(built: tuple[Path, Path]) -> None:
    _project, site = built
    middle = soup(site, "briefs/page/2/")
    assert [(link["rel"], link["href"]) for link in middle.head.select("link[rel=prev], link[rel=next]")] == [
        (["prev"], "../../"), (["next"], "../3/")]
    pager = middle.select_one("nav.listing-pager")
    here = "briefs/page/2/"
    assert resolve(here, pager.select_one("a[rel=prev]")["href"]) == "briefs/"
    assert resolve(here, pager.select_one("a[rel=next]")["href"]) == "briefs/page/3/"
    assert "Page 2 of 3" in pager.get_text()
    assert "page 2 of 3" in middle.title.get_text()
    first = soup(site, "briefs/")
    assert [link["rel"] for link in first.head.select("link[rel=prev], link[rel=next]")] == [["next"]]
    assert not soup(site, "briefs/page/3/").head.select("link[rel=next]")


def test_topic_and_author_pages_are_split(built: tuple[Path, Path]) -> None:
    _project, site = built
    for url in ("topics/export-controls/", "authors/editorial-team/"):
        pages = pages_of(site, url)
        assert len(pages) >= 2, url
        seen = [s for page in pages for s in card_slugs(soup(site, page).select_one("article"), page)]
        assert len(seen) == len(set(seen)), url
        if url.startswith("authors/"):
            assert seen == [s for s in LIVE if s in seen], url  # newest published first
        else:  # a topic: latest development first (contract v3), the date beside each card
            cards = [c for page in pages for c in soup(site, page).select("#topic-briefs ~ ul li.brief-card")]
            latest = [(c.select_one(".brief-card__latest") or c.select_one("time"))["datetime"] for c in cards]
            assert latest == sorted(latest, reverse=True), url
        assert soup(site, pages[0]).select_one("#topic-events, #author-briefs") is not None


def test_the_audit_walks_every_page_of_a_listing(built: tuple[Path, Path], tmp_path: Path) -> None:
    project, site = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    compiled = compile_corpus(project, SITE_URL, REPO / "docs" / "templates", today=TODAY, page_size=PER_PAGE)
    assert compiled.catalog is not None and compiled.output is not None
    assert audit_site(copy, compiled.catalog, compiled.output) == []
    last = copy / "briefs/page/3/index.html"
    page = BeautifulSoup(last.read_text("utf-8"), "html.parser")
    missing = card_slugs(page.select_one("article"), "briefs/page/3/")[0]
    for card in page.select("li.brief-card"):
        card.decompose()
    last.write_text(str(page), "utf-8")
    assert f"{missing}: missing from the briefs index" in audit_site(copy, compiled.catalog, compiled.output)


def test_the_audit_fails_a_page_over_the_size_limit(built: tuple[Path, Path], tmp_path: Path) -> None:
    project, site = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    compiled = compile_corpus(project, SITE_URL, REPO / "docs" / "templates", today=TODAY, page_size=PER_PAGE)
    assert compiled.catalog is not None and compiled.output is not None
    about = copy / "about/index.html"
    about.write_text(about.read_text("utf-8").replace("</body>", "<!--" + "x" * MAX_PAGE_BYTES + "--></body>"))
    failures = audit_site(copy, compiled.catalog, compiled.output)
    assert [f for f in failures if "limit for a page" in f] == [
        f"about/index.html: {about.stat().st_size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit for a page"]
