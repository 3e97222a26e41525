"""Citations in the body (contract v3): `[@id]` renders as a numbered marker linking to its source
in the page's numbered list, each source links back to every marker citing it, and nothing a
contributor writes in an id or a marker leaves its attribute or link."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from briefing import classes, ids
from briefing.site import citations
from briefing.site.build import compile_corpus
from briefing.site.render import render_bodies, render_one
from briefing.site.sanitize import brief_body, sanitize_body
from support import BASE, REPO, TODAY, edit, make_corpus

SITE_URL = "https://briefs.example.test/"
TEMPLATES = REPO / "docs" / "templates"

SOURCES = """\
sources:
  - title: "A fictional analysis"
    url: "https://example.org/analysis"
    publisher: "Example Analyst"
    type: secondary
    id: analysis
  - title: "A fictional source"
    url: "https://example.org/source"
    publisher: "Example Publisher"
    type: primary
    id: notice
  - title: "A fictional report without an id"
    url: "https://example.org/report"
    publisher: "Example Wire"
    type: secondary
"""
OLD_SOURCES = """\
sources:
  - title: "A fictional source"
    url: "https://example.org/source"
    publisher: "Example Publisher"
    type: primary
"""


def cited_brief() -> str:
    text = edit(BASE, OLD_SOURCES, SOURCES)
    text = edit(text, "A fictional office published a fictional notice,",
                "A fictional office published a fictional notice [@notice][@analysis],")
    text = edit(text, "It matters only to the tests.", 'It matters "only to the tests" [@analysis]. Not `[@notice]`.')
    return text


def test_sources_are_numbered_in_list_order() -> None:
    class S:
        def __init__(self, kind: str, name: str | None) -> None:
            self.type, self.id = kind, name

    sources = [S("translation", "t"), S("secondary", "s"), S("primary", "p"), S("primary", None)]
    assert [(n, s.id) for n, s in citations.numbered(sources)] == [(1, "p"), (2, None), (3, "s"), (4, "t")]
    assert citations.numbers(sources) == {"p": 1, "s": 3, "t": 4}


def test_markers_link_to_their_source_and_are_counted_in_document_order() -> None:
    body = "One [@a][@b] two [@a].\n\n## Later\n\nThree [@b] and `[@a]` and \\[@a] and [@unknown].\n"
    rendered = render_one(body, citations={"a": 2, "b": 1})
    tree = lxml.html.fromstring(f"<div>{sanitize_body(rendered.html)}</div>")
    markers = [(s.get("id"), s.get("class"), s[0].get("href"), s.text_content()) for s in tree.xpath("//sup")]
    assert markers == [
        ("cite-2-1", "cite-ref", "#source-2", "[2]"), ("cite-1-1", "cite-ref", "#source-1", "[1]"),
        ("cite-2-2", "cite-ref", "#source-2", "[2]"), ("cite-1-2", "cite-ref", "#source-1", "[1]"),
    ]
    assert rendered.cited == {2: 2, 1: 2}
    text = tree.text_content()
    assert "[@a]" in text and "[@unknown]" in text  # in code, escaped, and an unknown id: as written
    assert render_one("No markers [@a].\n").cited == {}  # without numbers, nothing is a marker


def test_the_render_cache_key_includes_the_numbers() -> None:
    cache: dict = {}
    first, _ = render_bodies({"x": "See [@a].\n"}, cache=cache, citations={"x": {"a": 1}}, workers=1)
    second, _ = render_bodies({"x": "See [@a].\n"}, cache=cache, citations={"x": {"a": 2}}, workers=1)
    assert "#source-1" in first["x"].html and "#source-2" in second["x"].html


def test_marker_ids_and_prefixes_are_reserved() -> None:
    for value in ("source-1", "cite-1-1", "Source-2"):
        assert ids.is_reserved(value) and not ids.is_safe(value)
        assert ids.contributor_id_problem(value.lower()) is not None
    assert ids.safe_slug("Source 1") == "source-1-section"  # a heading cannot take a source's anchor
    assert classes.is_allowed(citations.MARKER_CLASS)


def test_raw_html_cannot_take_a_marker_id_except_on_a_marker() -> None:
    clean = sanitize_body('<p id="cite-1-1">x</p><span id="source-1">y</span><sup id="cite-1-1">z</sup>'
                          '<sup id="cite-1-1&quot; onclick=&quot;x">w</sup>')
    tree = lxml.html.fromstring(f"<div>{clean}</div>")
    assert tree.xpath("//@id") == ["cite-1-1"]
    assert "onclick" not in clean


@pytest.mark.parametrize("hostile", [
    '[@a"onmouseover="alert(1)]', "[@a'><script>alert(1)</script>]", "[@javascript:alert(1)]",
    "[@a](javascript:alert(1))", "[@<img src=x onerror=alert(1)>]", "[@a]\"><b>x</b>",
])
def test_a_hostile_marker_cannot_break_out(hostile: str) -> None:
    html = sanitize_body(render_one(f"Text {hostile} end.\n", citations={"a": 1}).html)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert not tree.xpath("//script | //@*[starts-with(name(), 'on')]")  # raw HTML is the sanitiser's
    for href in tree.xpath("//a/@href"):
        assert href == "#source-1", href
    for value in tree.xpath("//@id"):
        assert value.startswith("cite-1-"), value


def test_a_hostile_source_id_is_refused_before_it_reaches_a_page() -> None:
    from pydantic import ValidationError

    from briefing.model import Source

    for value in ('a" onclick="x', "a><b", "A", "-a", "a b", "a--b"):
        with pytest.raises(ValidationError):
            Source(title="t", url="https://example.org/", publisher="p", type="primary", id=value)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    root = make_corpus(tmp_path_factory.mktemp("cite") / "corpus", {"briefs/test-brief.md": cited_brief()})
    result = compile_corpus(root, SITE_URL, TEMPLATES, today=TODAY)
    assert [p.text() for p in result.problems if p.severity == "error"] == []
    assert result.output is not None
    found = next(p for p in result.output.pages if p.path == "briefs/test-brief.md").materialize()
    return lxml.html.fromstring(f"<div>{found.before_html}{brief_body(found.body_html)}{found.after_html}</div>")


def test_the_page_numbers_sources_and_links_both_ways(page: lxml.html.HtmlElement) -> None:
    items = page.xpath("//section[@class='brief-sources']//li")
    assert [li.get("id") for li in items] == ["source-1", "source-2", "source-3"]  # primary first
    assert [ol.get("start") for ol in page.xpath("//ol[@class='brief-source-list']")] == ["1", "2"]
    assert "A fictional source" in items[0].text_content()
    markers = page.xpath("//div[@class='brief-body']//sup[@class='cite-ref']")
    assert [(m.get("id"), m[0].get("href")) for m in markers] == [
        ("cite-1-1", "#source-1"), ("cite-2-1", "#source-2"), ("cite-2-2", "#source-2")]
    backs = {li.get("id"): li.xpath(".//a[@class='brief-source__back']/@href") for li in items}
    assert backs == {"source-1": ["#cite-1-1"], "source-2": ["#cite-2-1", "#cite-2-2"], "source-3": []}
    every_id = page.xpath("//@id")
    assert len(every_id) == len(set(every_id))
    for href in page.xpath("//a/@href"):
        if href.startswith("#"):
            assert href[1:] in every_id, href


def test_the_repository_s_briefs_use_the_syntax_the_validator_knows(tmp_path: Path) -> None:
    """Every `[@id]` in the real briefs renders as a marker (BODY-CITE would have stopped the build otherwise)."""
    from briefing.rules.body import citations as found
    from briefing.rules.validate import validate

    corpus = validate(REPO, today=TODAY)
    for brief in corpus.briefs:
        if brief.model is None or not found(brief.body):
            continue
        numbers = citations.numbers(brief.model.sources)
        html = render_one(brief.body, citations=numbers).html
        markers = lxml.html.fromstring(f"<div>{html}</div>").xpath("//sup[@class='cite-ref']")
        assert len(markers) == len(found(brief.body)), brief.slug


def test_the_report_link_fills_in_the_brief_and_its_version() -> None:
    import datetime as dt
    from urllib.parse import parse_qs, urlsplit

    from briefing.site.reporting import report_url

    assert report_url("", "x-brief", dt.date(2026, 1, 2), "T") is None
    assert report_url("https://gitlab.com/a/b", "x-brief", dt.date(2026, 1, 2), "T") is None
    hostile = 'A "title" & <b>more</b>?template=evil.yml#x'
    url = report_url("https://github.com/owner/repo.git/", "x-brief", dt.date(2026, 1, 2), hostile)
    assert url is not None and url.startswith("https://github.com/owner/repo/issues/new?")
    query = parse_qs(urlsplit(url).query)
    assert query == {"template": ["report-error.yml"], "title": [f"Error in: {hostile}"], "brief": ["/briefs/x-brief/"],
                     "version": ["2026-01-02"]}
    form = (REPO / ".github/ISSUE_TEMPLATE/report-error.yml").read_text("utf-8")
    assert "id: brief\n" in form and "id: version\n" in form


def test_the_brief_page_links_to_the_form_only_with_a_repository(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "corpus", {"briefs/test-brief.md": cited_brief()})
    for repo_url, expected in ((None, 0), ("https://github.com/owner/repo", 1)):
        result = compile_corpus(root, SITE_URL, TEMPLATES, today=TODAY, repo_url=repo_url)
        assert result.output is not None
        found = next(p for p in result.output.pages if p.path == "briefs/test-brief.md").materialize()
        tree = lxml.html.fromstring(f"<div>{found.before_html}{found.after_html}</div>")
        links = tree.xpath("//p[@class='brief-report']/a/@href")
        assert len(links) == expected
        if links:
            assert "brief=%2Fbriefs%2Ftest-brief%2F" in links[0] and "version=2024-05-01" in links[0]


def test_feeds_and_the_api_carry_no_body_so_no_raw_marker(tmp_path: Path) -> None:
    """Feeds and the API carry a brief's summary and key points, never its body: a citation
    cannot appear there as raw `[@id]` (the body, with its numbered markers, is on the page)."""
    root = make_corpus(tmp_path / "corpus", {"briefs/test-brief.md": cited_brief()})
    result = compile_corpus(root, SITE_URL, TEMPLATES, today=TODAY)
    assert result.output is not None
    for name, data in result.output.files.items():
        if name.endswith((".xml", ".json")) and not name.endswith(".schema.json"):  # schemas describe the syntax
            assert b"[@" not in data, name
