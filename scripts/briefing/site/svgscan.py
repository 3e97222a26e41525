"""The audit's check of the charts' downloads (issue 23): every standalone `.svg` of the site parses
as XML and neither runs script nor loads anything, and every chart's CSV (a `.csv` beside an `.svg`
of the same name) holds no cell a spreadsheet would read as a formula.

In an SVG file: no `<script>`, `<foreignObject>` (HTML inside), `<iframe>`/`<embed>`/`<object>`,
`<style>` or animation element; no event-handler attribute (`on...`); no `href` but on a link
(`<a>`) or to an id of the same file (`#...`); a link's URL is not `javascript:`, `vbscript:` or
`data:`; and no `url()` in an attribute but to an id of the file. The parser resolves no entity
and fetches nothing (a DTD or entity is itself a failure).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import lxml.etree

from .csvout import FORMULA_STARTS as _FORMULA_START

_FORBIDDEN = frozenset({"script", "foreignobject", "iframe", "embed", "object", "style", "set", "animate",
                        "animatemotion", "animatetransform", "image", "use", "feimage"})
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
_URL_CALL = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.I)


def svg_failures(data: bytes, rel: str) -> list[str]:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        return [f"{rel}: the SVG does not parse ({exc})"]
    failures: list[str] = []
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        failures.append(f"{rel}: the SVG has a DOCTYPE (entities are not allowed)")
    if lxml.etree.QName(root).localname != "svg":
        failures.append(f"{rel}: the root element is not <svg>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, lxml.etree._Entity):
                failures.append(f"{rel}: an entity reference in the SVG")
            continue
        tag = lxml.etree.QName(element).localname.lower()
        if tag in _FORBIDDEN:
            failures.append(f"{rel}: <{tag}> in the SVG")
        for name, value in element.attrib.items():
            local = lxml.etree.QName(name).localname.lower()
            if local.startswith("on"):
                failures.append(f"{rel}: event-handler attribute '{local}' on <{tag}>")
            elif local == "href":
                if _BAD_SCHEME.match(value):
                    failures.append(f"{rel}: {value.split(':')[0].strip().lower()}: URL on <{tag}>")
                elif tag != "a" and not value.startswith("#"):
                    failures.append(f"{rel}: <{tag}> loads {value[:80]}")
            elif "url(" in value.lower():
                failures += [f"{rel}: '{local}' on <{tag}> loads {target[:80]}"
                             for target in _URL_CALL.findall(value) if not target.strip().startswith("#")]
    return failures


def csv_failures(data: bytes, rel: str) -> list[str]:
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [f"{rel}: the CSV cannot be read ({exc})"]
    return [f"{rel}: row {number}: a cell a spreadsheet would read as a formula: {value[:40]!r}"
            for number, row in enumerate(rows, 1) for value in row if value.startswith(_FORMULA_START)]


def download_failures(site: Path) -> list[str]:
    """Every `.svg` file of the site, except the theme's and the search's own assets, and every
    chart's CSV."""
    failures: list[str] = []
    for path in sorted(site.rglob("*.svg")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        failures += svg_failures(path.read_bytes(), rel)
        beside = path.with_suffix(".csv")
        if beside.is_file():
            failures += csv_failures(beside.read_bytes(), beside.relative_to(site).as_posix())
    return failures
