"""The second guard: rendered brief bodies pass through an allow-list sanitiser."""

from __future__ import annotations

from bs4 import BeautifulSoup

from briefing.mkdocs_plugin import sanitize_body


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
