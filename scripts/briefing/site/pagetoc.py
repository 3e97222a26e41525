"""The table of contents of a brief page: the body's headings, then the page's own sections
after the body (events, sources, changelog, related briefs, "Cite this"), in the order the
brief template (docs/templates/brief.md.j2) writes them, with the template's ids.

The renderer's toc tokens (Python-Markdown's: level, id, name, children) cover the body only;
the theme builds its table of contents, and the phone's "On this page" list, from these.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .. import ids
from .catalog import Catalog, Entry
from .relations import relations


def _token(anchor: str, name: str) -> dict[str, Any]:
    return {"level": 2, "id": anchor, "name": name, "html": name, "data-toc-label": "", "children": []}


def after_body(cat: Catalog, entry: Entry) -> list[dict[str, Any]]:
    """The toc tokens of the template's sections after the body (ids from ids.SITE_IDS)."""
    b = entry.brief
    found = []
    if b.events:
        found.append(_token("brief-events", "Events covered"))
    found.append(_token("brief-sources", "Sources"))
    if b.changelog:
        found.append(_token("brief-changelog", "Changelog"))
    if relations(cat, entry):
        found.append(_token("brief-relations", "Related briefs"))
    found.append(_token("brief-cite", "Cite this brief"))
    return found


def brief_toc(cat: Catalog, entry: Entry) -> list[dict[str, Any]]:
    """The whole page's table of contents: the body's headings, then the sections after it."""
    return [*entry.toc, *after_body(cat, entry)]


_TAG = re.compile(r"<[^>]*>")


def on_this_page(cat: Catalog, entry: Entry) -> list[tuple[str, str]]:
    """(id, text) of the page's sections for the phone's "On this page" list: the body's level-2
    headings and the page's own sections, with safe ids and plain-text names."""
    found = []
    for token in brief_toc(cat, entry):
        anchor = str(token.get("id", ""))
        if token.get("level") != 2 or not (ids.is_safe(anchor) or anchor in ids.SITE_IDS):
            continue
        name = " ".join(html.unescape(_TAG.sub("", str(token.get("name", "")))).split())
        if name:
            found.append((anchor, name))
    return found
