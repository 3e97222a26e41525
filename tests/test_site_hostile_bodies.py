"""The second guard alone: with the validator's body rules off, every hostile body class still
builds into pages that pass the audit (no event handler, no theme id in the article, no script
but the site's own, nothing loaded from another origin), and the table of contents is clean."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from briefing import ids
from hostile_site import HOSTILE_BODIES, build_hostile_site, slug, without_body_rules
from site_helpers import SITE_URL

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-bodies")
    build_hostile_site(root / "project", root / "site", SITE_URL)  # raises if the audit fails
    return root / "site"


def test_the_validator_would_have_refused_every_class(tmp_path: Path) -> None:
    from briefing.rules.body import check

    for name, body in HOSTILE_BODIES.items():
        assert check(body)[0], f"{name}: the first guard (the validator) lets it through"
    with without_body_rules():
        from briefing.rules import body as patched

        assert patched.check(next(iter(HOSTILE_BODIES.values())))[0] == []


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_each_class_comes_out_inert(site: Path, name: str) -> None:
    tree = lxml.html.fromstring((site / "briefs" / slug(name) / "index.html").read_bytes(),
                                parser=lxml.html.HTMLParser(huge_tree=True))
    article = tree.xpath("//article")[0]
    assert not article.xpath(".//@*[starts-with(name(), 'on')] | .//@style | .//script | .//@srcset")
    assert not article.xpath(".//*[starts-with(@id, '__')] | .//*[contains(@class, 'mermaid')]")
    for value in article.xpath(".//@src | .//@poster | .//@href"):
        assert not str(value).replace("\t", "").lower().startswith(("javascript:", "data:")), value
    for value in article.xpath(".//@src | .//@poster"):
        assert ids.is_same_site(str(value)), value
    numbered = re.compile(r"source-[1-9][0-9]*|cite-[1-9][0-9]*-[1-9][0-9]*")  # the numbered sources, markers
    assert all(ids.is_safe(str(i)) or i in ids.SITE_IDS or numbered.fullmatch(i) for i in article.xpath(".//@id"))
    assert tree.xpath("//*[@id='__config']/@type") == ["application/json"]
    toc = tree.xpath("//nav[contains(@class, 'md-nav--secondary')]//a/@href")
    # the body's headings, safe, then the page's own sections (Sources, Cite this, ...)
    assert all(ids.is_safe(h.removeprefix("#")) or h.removeprefix("#") in ids.SITE_IDS for h in toc), toc


def test_the_toc_ids_are_the_rendered_ids(site: Path) -> None:
    tree = lxml.html.fromstring((site / "briefs" / slug("toc-injection") / "index.html").read_bytes())
    toc = [h.removeprefix("#") for h in tree.xpath("//nav[contains(@class, 'md-nav--secondary')]//a/@href")]
    assert toc[:3] == ["x-onfocusalert1-stylecontent-visibilityauto-tabindex1", "second", "config"]
    headings = tree.xpath("//article//h2/@id")
    assert set(toc) <= set(headings)


def test_the_theme_s_classes_and_hidden_headings_are_gone(site: Path) -> None:
    for name in ("theme-classes", "hidden-h1"):
        tree = lxml.html.fromstring((site / "briefs" / slug(name) / "index.html").read_bytes())
        body = tree.xpath("//div[@class='brief-body']")[0]
        assert not [c for c in body.xpath(".//@class") if "md-" in c], name
        title = tree.xpath("//meta[@name='citation_title']/@content")[0]
        assert [h.text_content() for h in tree.xpath("//h1")] == [title]
    tree = lxml.html.fromstring((site / "briefs" / slug("hidden-h1") / "index.html").read_bytes())
    assert [h.text_content().rstrip("¶") for h in tree.xpath("//div[@class='brief-body']//h2")] == [
        "Listed heading", "Quoted heading", "Admonished heading"]
