"""The second guard: rendered brief bodies pass through an allow-list sanitiser."""

from __future__ import annotations

from bs4 import BeautifulSoup

from briefing.site.sanitize import sanitize_body


def test_unsafe_markup_is_removed_and_ordinary_markup_kept() -> None:
    html = (
        '<h2 id="why">Why <a class="headerlink" href="#why">¶</a></h2>'
        '<p>Text with <a href="../other-brief/">a link</a> and <code>code</code>.</p>'
        "<script>alert(1)</script>"
        '<img src="x.png" alt="x" onerror="alert(1)">'
        '<a href="javascript:alert(1)">bad</a>'
        '<iframe src="https://example.org/"></iframe>'
        '<div class="mermaid note">graph TD</div>'
        "<!-- a comment -->"
    )
    soup = BeautifulSoup(sanitize_body(html), "html.parser")
    assert soup.find("script") is None and soup.find("iframe") is None
    assert soup.find("img").get("onerror") is None
    assert [a.get("href") for a in soup.find_all("a")] == ["#why", "../other-brief/", None]
    assert soup.find("div")["class"] == ["note"]  # `mermaid` would load a third-party script
    assert soup.find("h2")["id"] == "why" and soup.find("code").text == "code"
    assert "a comment" not in str(soup)


def test_unsafe_and_theme_ids_are_dropped() -> None:
    html = sanitize_body('<div id="__config">a</div><p id="x&quot; onfocus=&quot;y">b</p><h2 id="scope">c</h2>'
                         '<p id="brief-sources">d</p>')
    assert html == "<div>a</div><p>b</p><h2 id=\"scope\">c</h2><p>d</p>"


def test_images_from_other_origins_lose_their_source() -> None:
    html = sanitize_body('<img src="https://e.example/p.gif" alt="a"><img src="//e.example/p.gif" alt="b">'
                         '<img src="local.png" alt="c">')
    assert html == '<img alt="a"><img alt="b"><img src="local.png" alt="c">'


def test_theme_classes_never_reach_the_page() -> None:
    """Material's consent and dialog classes put a blurred full-screen overlay over the page with
    no script at all (hardening round three): only the allow-list survives."""
    html = sanitize_body(
        '<div class="md-consent__overlay"></div><div class="md-consent__inner md-typeset note">'
        '<p class="md-dialog md-dialog--active admonition-title">Session expired</p></div>'
        '<p class="highlight brief-card search-page__input">x</p>'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.get("class") for tag in soup.find_all(["div", "p"])] == [
        None, ["note"], ["admonition-title"], ["highlight"],
    ]
    assert "md-" not in html


def test_level_one_headings_become_level_two() -> None:
    """The page's one <h1> is the brief's title, wherever the body's heading was nested."""
    html = sanitize_body("<ul><li><h1 id=\"x\">In a list</h1></li></ul><blockquote><h1>Quoted</h1></blockquote>"
                         "<p>&lt;h1&gt; as text</p>")
    assert html == ('<ul><li><h2 id="x">In a list</h2></li></ul><blockquote><h2>Quoted</h2></blockquote>'
                    "<p>&lt;h1&gt; as text</p>")


def test_harmless_presentation_is_kept() -> None:
    """viewBox on inline SVG, <details open> and a Markdown table's alignment survive."""
    from briefing.site.render import render_one

    table = render_one("| a | b |\n|:-|-:|\n| 1 | 2 |\n").html
    html = sanitize_body('<svg viewBox="0 0 10 10" width="10"><path d="M0 0"></path></svg>'
                         "<details open><summary>s</summary>x</details>" + table)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("svg")["viewbox"] == "0 0 10 10"
    assert soup.find("details").has_attr("open")
    assert [th.get("align") for th in soup.find_all("th")] == ["left", "right"]
