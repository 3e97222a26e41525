"""Citations in a brief's body (contract v3): `[@id]` becomes a numbered marker.

A source's number is its place in the page's numbered source list, which shows the primary
sources first, then the secondary ones, then translations, each group in front-matter order
(``numbered``). A marker is ``<sup class="cite-ref" id="cite-<n>-<k>"><a href="#source-<n>">[n]</a></sup>``:
``n`` the source's number and ``k`` counting the markers that cite source ``n``, in document
order, so that the source list can link back to each of them (``#cite-<n>-<k>``). Both id
prefixes are reserved (``ids.RESERVED_PREFIXES``): no body can take them.

The numbers are all the renderer needs from the brief: it gets them as a mapping (source id to
number), and anything in a marker's id or link is a number it made, never text from the brief.
An `[@id]` that names no source is left as written (the validator reports it as BODY-CITE and
the build stops before rendering). Inside code spans and after a backslash (`\\[@id]`) nothing
changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

SOURCE_ORDER = ("primary", "secondary", "translation")
MARKER_CLASS = "cite-ref"  # allow-listed in classes.py
# The same form as model.SourceId; anything else cannot name a source.
_CITE = r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]"
_SOURCE_HREF = re.compile(r"#source-([1-9][0-9]{0,5})")


class _HasSource(Protocol):
    type: str
    id: str | None


def numbered(sources: Sequence[_HasSource]) -> list[tuple[int, Any]]:
    """(number, source) in the order of the page's source list: by type, then as written."""
    ordered = sorted(enumerate(sources), key=lambda item: (_rank(item[1].type), item[0]))
    return [(number, source) for number, (_index, source) in enumerate(ordered, start=1)]


def _rank(kind: str) -> int:
    return SOURCE_ORDER.index(kind) if kind in SOURCE_ORDER else len(SOURCE_ORDER)


def numbers(sources: Sequence[_HasSource]) -> dict[str, int]:
    """Source id -> its number, for the sources that have an id."""
    return {source.id: number for number, source in numbered(sources) if source.id}


def marker_id(number: int, nth: int) -> str:
    return f"cite-{number}-{nth}"


def source_anchor(number: int) -> str:
    return f"source-{number}"


class _CitePattern(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:
        number = getattr(self.md, "briefing_citations", {}).get(m.group(1))
        if number is None:
            return None, None, None
        sup = etree.Element("sup")
        sup.set("class", MARKER_CLASS)
        link = etree.SubElement(sup, "a")
        link.set("href", "#" + source_anchor(int(number)))
        link.text = f"[{int(number)}]"
        return sup, m.start(0), m.end(0)


class _MarkerIds(Treeprocessor):
    """Number each source's markers in document order (after the renderer's safe ids: these ids
    are the site's own), and record how often each source is cited (``md.briefing_cited``)."""

    def run(self, root: etree.Element) -> None:
        cited: dict[int, int] = {}
        for element in root.iter("sup"):
            if element.get("class") != MARKER_CLASS or len(element) != 1:
                continue
            match = _SOURCE_HREF.fullmatch(element[0].get("href", ""))
            if match is None:
                continue
            number = int(match.group(1))
            cited[number] = cited.get(number, 0) + 1
            element.set("id", marker_id(number, cited[number]))
        self.md.briefing_cited = cited  # type: ignore[attr-defined]


class CitationExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.briefing_citations = {}  # type: ignore[attr-defined]
        md.briefing_cited = {}  # type: ignore[attr-defined]
        # after `backtick` (190) and `escape` (180), so code and `\[@id]` stay as written; before
        # `reference` (170), which would read `[@a][@b]` as a reference link
        md.inlinePatterns.register(_CitePattern(_CITE, md), "briefing_citation", 175)
        # after the renderer's safe ids (6), before `toc` (5)
        md.treeprocessors.register(_MarkerIds(md), "briefing_citation_ids", 5.5)


def prepare(md: markdown.Markdown, citations: Mapping[str, int] | None) -> None:
    """Give the next conversion the brief's source numbers."""
    md.briefing_citations = dict(citations or {})  # type: ignore[attr-defined]
    md.briefing_cited = {}  # type: ignore[attr-defined]


def cited(md: markdown.Markdown) -> dict[int, int]:
    """After a conversion: source number -> how many markers cite it."""
    return dict(getattr(md, "briefing_cited", {}))

