"""The print edition (contract v3: /briefs/<slug>.pdf; scripts/briefing/site/pdf.py).

The fixture corpus, plus one brief whose body tries to make the renderer fetch things and to
carry links to other origins, is built with the PDFs on (the other site tests build without them:
tests/conftest.py). The PDFs are read back with pypdf: their text (title, version date, permanent
URL, sources, Chinese) and their link annotations. The fetcher, the time limit and the cache are
tested on the module's functions directly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml

from site_helpers import LIVE, MKDOCS, SITE_URL, TODAY, build_env, make_project

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from briefing.site import pdf  # noqa: E402 (after the skips above)
from briefing.site.pages import long_date  # noqa: E402

pytestmark = pytest.mark.slow

TEMPLATES = Path(__file__).resolve().parents[1] / "docs" / "templates"
PRINT_HOSTILE = "print-hostile-brief"
EVIL = "https://evil.example"
SOURCE_URL = "https://www.bis.gov/press-release/print-fixture-source"
ARCHIVED_URL = "https://web.archive.org/web/2026/https://www.bis.gov/press-release/print-fixture-source"
CHINESE = "生成式人工智能服务管理暂行办法"

HOSTILE_BRIEF = f"""---
title: Print hostile brief with links to other origins
summary: >-
  A fixture brief whose body links to other origins and names an image of the site,
  so that the print edition shows it keeps none of them.
published: 2026-10-01
authors: [editorial-team]
topics: [export-controls]
key_points:
  - The body links to another origin, which the PDF keeps as text only.
  - The body cites its listed source, which the PDF keeps as a link.
instrument:
  name: Interim Measures for generative AI services
  name_zh: {CHINESE}
  type: regulation
  issuers: [Cyberspace Administration of China]
sources:
  - title: The print fixture source
    url: {SOURCE_URL}
    publisher: Bureau of Industry and Security
    type: primary
    archived_url: {ARCHIVED_URL}
---

## What the body tries

A link to [another origin]({EVIL}/tracker?from=pdf) and one to
[a protocol-relative address](//evil.example/relative) must lose their targets in the PDF; a link
to [the listed source]({SOURCE_URL}) keeps its target, as does a link to
[the alpha rule](alpha-chip-rule-2025.md), which is on the site itself.

<img src="../../assets/images/favicon.png" alt="a site image">

<p><a href="{EVIL}/raw-anchor">a raw anchor to another origin</a> and a
<a href="mailto:someone@evil.example">mail link</a>.</p>

The Chinese name of the measure is {CHINESE}, and it must render as Chinese text in the PDF.

## Why it matters

Contributors are untrusted, so the renderer must not fetch anything a brief names, and the PDF of
a brief must not send a reader to another origin except through the sources the brief lists and
the editors have checked. The rest of this paragraph is neutral filler that describes nothing
real, long enough to pass the minimum length of one hundred and fifty words that the validator
asks of every brief body, so that the fixture builds like any other brief of the corpus.
"""


def _build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = build_env(TODAY)
    env["BRIEFING_PDF"] = "true"
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("pdf")
    project = make_project(base / "project")
    (project / "briefs" / f"{PRINT_HOSTILE}.md").write_text(HOSTILE_BRIEF, encoding="utf-8")
    result = _build(project, base / "site")
    if result.returncode != 0:
        pytest.fail(f"the build failed:\n{result.stdout}\n{result.stderr}")
    return project, base / "site", result.stdout + result.stderr


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    """Without any white space: long URLs are broken across lines in print."""
    return "".join(text.split())


def _uris(path: Path) -> list[str]:
    found = []
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            obj: Any = annotation.get_object()
            action = obj.get("/A")
            if action is not None and action.get_object().get("/URI") is not None:
                found.append(str(action.get_object()["/URI"]))
    return found


def test_every_live_brief_has_a_pdf_linked_from_its_page(built: tuple[Path, Path, str]) -> None:
    _project, site, log = built
    for slug in [*LIVE, PRINT_HOSTILE]:
        data = (site / "briefs" / f"{slug}.pdf").read_bytes()
        assert data.startswith(b"%PDF-"), slug
        page = (site / "briefs" / slug / "index.html").read_text("utf-8")
        assert f'href="../../briefs/{slug}.pdf"' in page, slug
    assert not (site / "briefs" / "delta-withdrawn-brief-2025.pdf").exists()  # withdrawn: no print edition
    assert "audit passed" in log


def test_pdf_text_has_title_version_url_sources_and_citation(built: tuple[Path, Path, str]) -> None:
    project, site, _log = built
    for slug in [*LIVE, PRINT_HOSTILE]:
        front = yaml.safe_load((project / "briefs" / f"{slug}.md").read_text("utf-8").split("---")[1])
        text = _text(site / "briefs" / f"{slug}.pdf")
        flat, squeezed = _flat(text), _squeezed(text)
        assert _flat(front["title"]) in flat, slug
        version = front.get("updated") or front["published"]
        assert f"Version {long_date(version)}" in flat, slug
        permalink = f"{SITE_URL}briefs/{slug}/"
        assert permalink in squeezed, slug
        for source in front["sources"]:
            assert _squeezed(source["url"]) in squeezed, (slug, source["url"])
        assert "How to cite this brief" in flat
        assert f"version of {long_date(version)}," in flat, slug


def test_chinese_text_renders_with_a_cjk_font(built: tuple[Path, Path, str]) -> None:
    _project, site, _log = built
    path = site / "briefs" / f"{PRINT_HOSTILE}.pdf"
    assert CHINESE in _squeezed(_text(path))
    fonts = set()
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("CJK" in name for name in fonts), fonts


def test_hostile_pdf_links_only_to_the_site_and_its_sources(built: tuple[Path, Path, str]) -> None:
    project, site, _log = built
    allowed = {SOURCE_URL, ARCHIVED_URL}
    for slug in [*LIVE, PRINT_HOSTILE]:
        uris = _uris(site / "briefs" / f"{slug}.pdf")
        assert uris, slug  # at least the permanent URL
        if slug == PRINT_HOSTILE:
            allowed_here = allowed
        else:
            front = yaml.safe_load((project / "briefs" / f"{slug}.md").read_text("utf-8").split("---")[1])
            allowed_here = {u for s in front["sources"] for u in (s["url"], s.get("archived_url")) if u}
        allowed_here = {unquote(u) for u in allowed_here}
        for uri in uris:  # (WeasyPrint writes them percent-encoded)
            assert uri.startswith(SITE_URL) or unquote(uri) in allowed_here, (slug, uri)
    uris = _uris(site / "briefs" / f"{PRINT_HOSTILE}.pdf")
    assert SOURCE_URL in uris
    assert f"{SITE_URL}briefs/alpha-chip-rule-2025/" in uris
    assert not [u for u in uris if "evil.example" in u]
    text = _flat(_text(site / "briefs" / f"{PRINT_HOSTILE}.pdf"))
    assert "another origin" in text and "a raw anchor to another origin" in text  # the text stays
    assert "[a site image]" in text  # a site image is not fetched either: its alt text stands in


def test_second_build_renders_no_pdf(built: tuple[Path, Path, str], tmp_path: Path) -> None:
    project, site, first_log = built
    assert "0 from the cache" in first_log
    result = _build(project, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert "PDFs: 0 rendered, 6 from the cache" in log, log
    for slug in [*LIVE, PRINT_HOSTILE]:
        assert (tmp_path / "again" / "briefs" / f"{slug}.pdf").read_bytes() == (
            site / "briefs" / f"{slug}.pdf").read_bytes()


# ---------------------------------------------------------------------------------------------
# The renderer's box, without a site build

HOSTILE_DOCUMENT = f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{EVIL}/linked.css">
<style>
@import url("{EVIL}/imported.css");
@font-face {{ font-family: Evil; src: url("{EVIL}/font.woff2"); }}
body {{ background: url("{EVIL}/background.png"); font-family: Evil, serif; }}
li {{ list-style-image: url("{EVIL}/bullet.png"); }}
</style></head><body>
<p>Hostile document</p>
<img src="{EVIL}/pixel.png" alt="pixel">
<img src="file:///etc/hostname" alt="a local file">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='{EVIL}/svg.png'/%3E%3C/svg%3E">
<object data="{EVIL}/object.pdf"></object>
<embed src="{EVIL}/embed.pdf">
<a rel="attachment" href="{EVIL}/attachment.bin">attachment</a>
<ul><li>item</li></ul>
</body></html>"""


def test_the_fetcher_refuses_every_url_and_nothing_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    connections: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        connections.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    refused = pdf.refusing_fetcher_class().refused
    refused.clear()
    data = pdf.render_pdf(HOSTILE_DOCUMENT, "p { color: black; } div { background: url(https://evil.example/css.png) }")
    assert data.startswith(b"%PDF-")
    assert connections == []
    for name in ("linked.css", "imported.css", "font.woff2", "background.png", "pixel.png", "object.pdf",
                 "attachment.bin"):
        assert any(url.endswith(name) for url in refused), (name, refused)
    assert any(url.startswith("file:") for url in refused), refused
    assert all(not url.startswith("http") or url.startswith(EVIL) for url in refused)


def test_print_body_unlinks_other_origins_and_drops_images() -> None:
    permalink = f"{SITE_URL}briefs/x/"
    html = (f'<p><a href="{EVIL}/a">one</a> <a href="//evil.example/b">two</a> <a href="{SOURCE_URL}">three</a> '
            f'<a href="../y/">four</a> <a href="#part">five</a> <a href="mailto:a@evil.example">six</a> '
            f'<img src="{EVIL}/i.png" alt="&lt;b&gt;alt"></p>')
    out = pdf.print_body(html, permalink, SITE_URL, {SOURCE_URL})
    assert "evil.example" not in out
    assert f'<a href="{SOURCE_URL}">three</a>' in out
    assert f'<a href="{SITE_URL}briefs/y/">four</a>' in out
    assert '<a href="#part">five</a>' in out
    assert "<a>one</a>" in out and "<a>two</a>" in out and "<a>six</a>" in out
    assert "[&lt;b&gt;alt]" in out and "<img" not in out
    heading = '<h2 id="x">X<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>'
    assert pdf.print_body(heading, permalink, SITE_URL, set()) == '<h2 id="x">X</h2>'


def _jobs(count: int) -> list[pdf.PdfJob]:
    return [pdf.PdfJob(f"brief-{n}", f"key-{n}", f"<html><body><h1>Brief {n}</h1><p>{CHINESE}</p></body></html>")
            for n in range(count)]


def test_build_pdfs_renders_in_workers_and_then_only_copies(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = pdf.build_pdfs(_jobs(3), tmp_path / "one", cache, "", workers=2)
    assert sorted(first.rendered) == ["brief-0", "brief-1", "brief-2"] and not first.cached and not first.failed
    second = pdf.build_pdfs(_jobs(3), tmp_path / "two", cache, "", workers=2)
    assert second.rendered == [] and sorted(second.cached) == ["brief-0", "brief-1", "brief-2"]
    for n in range(3):
        assert (tmp_path / "two" / f"brief-{n}.pdf").read_bytes() == (tmp_path / "one" / f"brief-{n}.pdf").read_bytes()
    # a PDF no build has used for KEEP_DAYS leaves the cache after a successful build; one used lately stays
    old = time.time() - (pdf.KEEP_DAYS + 1) * 86400
    os.utime(cache / "key-2.pdf", (old, old))
    pdf.build_pdfs(_jobs(1), tmp_path / "three", cache, "", workers=1)
    assert sorted(p.name for p in cache.glob("*.pdf")) == ["key-0.pdf", "key-1.pdf"]


def test_a_pdf_over_the_time_limit_fails_the_job_not_the_build(tmp_path: Path) -> None:
    # thousands of pages: parsing alone takes well over the 0.5 s limit on any machine (400
    # paragraphs were rendered within it on a quiet one, and the test failed there)
    slow = "".join(f"<p>{'word ' * 200}</p>" for _ in range(8000))
    jobs = [pdf.PdfJob("slow", "slow-key", f"<html><body>{slow}</body></html>"), *_jobs(1)]
    report = pdf.build_pdfs(jobs, tmp_path / "out", tmp_path / "cache", "",
                            limits=pdf.PdfLimits(seconds=0.5, grace=20), workers=2)
    assert "slow" in report.failed and "0.5 s" in report.failed["slow"]
    assert set(report.rendered) | set(report.failed) == {"slow", "brief-0"}  # (a cold worker may be slow too)
    assert not (tmp_path / "out" / "slow.pdf").exists()
    assert not (tmp_path / "cache" / "slow-key.pdf").exists()


def test_cache_folder_is_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    repo = Path(__file__).resolve().parents[1]
    folder = pdf.cache_dir(repo)
    assert folder.is_relative_to(tmp_path / "xdg" / "briefing" / "pdf")
    assert not folder.is_relative_to(repo)


def test_the_audit_requires_every_live_briefs_pdf(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from briefing.site.audit import pdf_failures

    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "good-brief.pdf").write_bytes(b"%PDF-1.7\n...")
    (tmp_path / "briefs" / "fake-brief.pdf").write_bytes(b"<html>not a pdf</html>")
    cat: Any = SimpleNamespace(live=[SimpleNamespace(slug=s) for s in ("good-brief", "fake-brief", "lost-brief")])
    assert pdf_failures(tmp_path, cat) == [
        "fake-brief: /briefs/fake-brief.pdf is not a PDF",
        "lost-brief: no PDF at /briefs/lost-brief.pdf",
    ]


@pytest.mark.parametrize("on", [True, False])
def test_brief_pages_link_their_pdf_only_when_the_build_makes_them(on: bool) -> None:
    from briefing.site.build import compile_corpus
    from site_helpers import FIXTURE_ROOT

    result = compile_corpus(FIXTURE_ROOT, SITE_URL, TEMPLATES, today=TODAY, pdf=on)
    assert result.output is not None and result.catalog is not None
    for page in result.output.pages:
        if page.kind != "brief":
            continue
        slug = page.path.removeprefix("briefs/").removesuffix(".md")
        html = page.materialize().before_html
        withdrawn = result.catalog.entries[slug].withdrawn
        assert (f'href="../../briefs/{slug}.pdf"' in html) == (on and not withdrawn), slug


def test_the_cache_key_follows_what_the_document_shows() -> None:
    """document_key stands in for the document: equal keys, equal documents; a change to anything
    the document shows (a label, the site's address, a date passing) changes the key."""
    from briefing.site.build import compile_corpus
    from site_helpers import FIXTURE_ROOT

    def keys_and_documents(today: Any, site_url: str = SITE_URL) -> dict[str, tuple[str, str]]:
        result = compile_corpus(FIXTURE_ROOT, site_url, TEMPLATES, today=today)
        assert result.catalog is not None
        return {job.slug: (job.key, job.html) for job in pdf.jobs(result.catalog.live, result.catalog, site_url,
                                                                   TEMPLATES)}

    base = keys_and_documents(TODAY)
    assert keys_and_documents(TODAY) == base
    other_site = keys_and_documents(TODAY, "https://example.net/")
    assert all(other_site[slug][0] != base[slug][0] for slug in base)
    later = keys_and_documents(TODAY.replace(year=TODAY.year + 3))  # scheduled dates have passed
    for slug, (key, document) in later.items():
        if slug in base:
            assert (key == base[slug][0]) == (document == base[slug][1]), slug
    assert any(later[slug][0] != base[slug][0] for slug in base if slug in later)
