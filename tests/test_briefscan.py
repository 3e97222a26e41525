"""The audit's checks of a brief's page (briefing.site.briefscan): the body cannot restyle the page
around it (theme classes, styles, dialogs, popovers) and the page has one <h1>, its title."""

from __future__ import annotations

import lxml.etree
import pytest

from briefing.site.briefscan import brief_page_failures
from briefing.site.pagescan import parse_page

TITLE = "A brief &amp; its title"


def page(body: str, h1: str = f"<h1>{TITLE}</h1>", title: str = TITLE) -> lxml.etree._ElementTree:
    html = (f'<!doctype html><html><head><meta name="citation_title" content="{title}"></head><body>'
            f'<div class="md-dialog" data-md-component="dialog"></div><article class="md-content__inner md-typeset">'
            f'{h1}<p class="brief-version">v</p><div class="brief-body">\n{body}\n</div><h2 id="brief-sources">S</h2>'
            "</article></body></html>")
    tree = parse_page(html.encode(), "briefs/x/index.html").tree
    assert tree is not None
    return tree


def test_an_ordinary_brief_page_passes() -> None:
    body = ('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2><div class="admonition note">'
            '<p class="admonition-title">Note</p></div><div class="highlight"><pre><code><span class="n">x</span>'
            '</code></pre></div><div class="footnote"><a class="footnote-backref" href="#r">r</a></div>')
    assert brief_page_failures(page(body), "briefs/x/index.html") == []


def test_other_pages_are_not_brief_pages() -> None:
    tree = parse_page(b"<html><body><h1>a</h1><h1>b</h1></body></html>", "about/index.html").tree
    assert brief_page_failures(tree, "about/index.html") == []


CASES = {
    "consent overlay": ('<div class="md-consent__overlay"></div>',
                        ["the class 'md-consent__overlay' inside the brief's body is not on the allow-list "
                         "(the theme's own)"]),
    "dialog class": ('<p class="note md-dialog--active">x</p>',
                     ["the class 'md-dialog--active' inside the brief's body is not on the allow-list "
                      "(the theme's own)"]),
    "unknown class": ('<p class="shiny">x</p>', ["the class 'shiny' inside the brief's body is not on the allow-list"]),
    "style attribute": ('<p style="position:fixed;inset:0">x</p>',
                        ["<p style> inside the brief's body could cover the page"]),
    "style element": ("<style>p{position:fixed}</style>", ["a <style> inside the brief's body"]),
    "dialog element": ("<dialog open>x</dialog>", ["a <dialog> inside the brief's body"]),
    "popover": ('<div popover id="p">x</div>', ["<div popover> inside the brief's body could cover the page"]),
    "second h1": ("<h1>Hidden heading</h1>", ["2 <h1> elements; a brief page has one, its title"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_class_is_caught(name: str) -> None:
    body, expected = CASES[name]
    assert brief_page_failures(page(body), "briefs/x/index.html") == [f"briefs/x/index.html: {e}" for e in expected]


def test_the_one_h1_is_the_title() -> None:
    failures = brief_page_failures(page("<p>x</p>", h1="<h1>Session expired</h1>"), "briefs/x/index.html")
    assert failures == ["briefs/x/index.html: the <h1> is 'Session expired', not the brief's title "
                        "'A brief & its title'"]
    assert brief_page_failures(page("<p>x</p>", h1=""), "briefs/x/index.html") == [
        "briefs/x/index.html: 0 <h1> elements; a brief page has one, its title"]
