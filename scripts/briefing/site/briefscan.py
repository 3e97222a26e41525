"""What the audit checks of a brief's page beyond the security scan of every page (pagescan.py):
that the body cannot restyle the page around it, and that the page has one title.

A brief's body sits in `<div class="brief-body">` (sanitize.brief_body). Inside it:
- every class is on the allow-list (classes.py): a theme class such as `md-dialog` or
  `md-consent__overlay` covers the viewport with no script;
- nothing can be placed over the page: no `style` attribute or element, no `<dialog>`, no
  `popover` (each can make an element fixed or lift it into the top layer).
And the page has exactly one `<h1>`, the brief's title: a heading in the body that rendered as
`<h1>` makes Material drop the page's own title and the search list the brief under it.
"""

from __future__ import annotations

import lxml.etree

from .. import classes

BODY_CLASS = "brief-body"
_BODY = lxml.etree.XPath(f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {BODY_CLASS} ')]")
_H1 = lxml.etree.XPath("//h1")
_TITLE_META = lxml.etree.XPath("//meta[@name='citation_title']/@content")
_PLACING = ("style", "popover", "popovertarget", "popovertargetaction")
_PLACING_TAGS = frozenset({"style", "dialog", "link"})


def _text(element: lxml.etree._Element) -> str:
    """An element's text, white space collapsed, without the permalink (¶) a heading may carry."""
    skip = {id(node) for link in element.iter(lxml.etree.Element)
            if "headerlink" in (link.get("class") or "").split() for node in link.iter()}
    parts: list[str] = []
    for node in element.iter(lxml.etree.Element):
        if id(node) not in skip and node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return " ".join("".join(parts).split())


def brief_page_failures(tree: lxml.etree._ElementTree, rel: str) -> list[str]:
    """The failures of one brief page (a page with a brief body); [] for any other page."""
    bodies = _BODY(tree)
    if not bodies:
        return []
    failures: list[str] = []
    for body in bodies:
        for element in body.iter(lxml.etree.Element):
            tag = str(element.tag).lower()
            if tag in _PLACING_TAGS:
                failures.append(f"{rel}: a <{tag}> inside the brief's body")
            for name in _PLACING:
                if element.get(name) is not None:
                    failures.append(f"{rel}: <{tag} {name}> inside the brief's body could cover the page")
            for name in (element.get("class") or "").split():
                if not classes.is_allowed(name) and element is not body:
                    failures.append(f"{rel}: the class '{name[:40]}' inside the brief's body is not on the allow-list"
                                    + (" (the theme's own)" if classes.theme_owned(name) else ""))
    headings = _H1(tree)
    title = next(iter(_TITLE_META(tree)), None)
    if len(headings) != 1:
        failures.append(f"{rel}: {len(headings)} <h1> elements; a brief page has one, its title")
    elif title is not None and _text(headings[0]) != " ".join(str(title).split()):
        failures.append(f"{rel}: the <h1> is {_text(headings[0])[:60]!r}, not the brief's title {str(title)[:60]!r}")
    return failures
