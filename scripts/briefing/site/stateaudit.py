"""The post-build audit of the state-of-play pages (contract v3): every tracker row is on a page
of `/tracker/`, in `/tracker.csv` (no cell a spreadsheet would run as a formula) and in
`/tracker/rows.json` (what the tracker's filters draw from), every
jurisdiction in use has its page, reachable from `/jurisdictions/`, listing each of its live
briefs, and `/upcoming.ics` holds nothing that ended before the build date."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import icalendar
import lxml.etree
import lxml.html

from . import tracker
from .catalog import Catalog
from .csvout import FORMULA_STARTS

_ROWS = lxml.etree.XPath("//table[@id='tracker-table']/tbody/tr[@data-brief]")
_HREFS = lxml.etree.XPath("//article//a/@href")


class _Facts(Protocol):
    cards: list[str]


def _pages(site: Path, first: str) -> list[str]:
    """A paginated page's files: `first`index.html, then `first`page/2/index.html, ..."""
    found, number, rel = [], 1, f"{first}index.html"
    while (site / rel).is_file():
        found.append(rel)
        number += 1
        rel = f"{first}page/{number}/index.html"
    return found


def _links(site: Path, rel: str) -> set[str]:
    tree = lxml.html.fromstring((site / rel).read_bytes())
    folder = posixpath.dirname(rel)
    return {posixpath.normpath(posixpath.join(folder, str(h).split("#")[0].split("?")[0])) + "/"
            for h in _HREFS(tree) if not str(h).startswith(("http:", "https:", "#", "mailto:"))}


def tracker_failures(site: Path, cat: Catalog) -> list[str]:
    failures: list[str] = []
    wanted = {row.slug for row in tracker.rows(cat)}
    on_pages: set[str] = set()
    pages = _pages(site, "tracker/")
    if not pages:
        return ["/tracker/ is missing"]
    for rel in pages:
        tree = lxml.html.fromstring((site / rel).read_bytes())
        for row in _ROWS(tree):
            slug = row.get("data-brief") or ""
            hrefs = [posixpath.normpath(posixpath.join(posixpath.dirname(rel), str(h))) + "/"
                     for h in row.xpath(".//a[contains(@class, 'tracker-row__brief')]/@href")]
            if f"briefs/{slug}/" not in hrefs:
                failures.append(f"{rel}: the tracker row of {slug} does not link its brief")
            on_pages.add(slug)
    failures += [f"{slug}: its instrument is missing from /tracker/" for slug in sorted(wanted - on_pages)]
    failures += [f"/tracker/ has a row for {slug}, which is not a live brief's instrument"
                 for slug in sorted(on_pages - wanted)]
    path = site / "tracker.csv"
    if not path.is_file():
        return [*failures, "/tracker.csv is missing"]
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != tracker.CSV_HEADER:
        failures.append("/tracker.csv does not start with its header row")
    if len(rows) - 1 != len(wanted):
        failures.append(f"/tracker.csv has {len(rows) - 1} rows for {len(wanted)} instruments")
    for number, row in enumerate(rows[1:], 2):
        if any(cell.startswith(FORMULA_STARTS) for cell in row):
            failures.append(f"/tracker.csv line {number}: a cell a spreadsheet would read as a formula")
    return failures + _rows_json_failures(site, wanted)


def _rows_json_failures(site: Path, wanted: set[str]) -> list[str]:
    name = f"/{tracker.ROWS_JSON}"
    path = site / tracker.ROWS_JSON
    if not path.is_file():
        return [f"{name} is missing"]
    try:
        document = json.loads(path.read_bytes())
        slugs = {row[document["columns"].index("brief")] for row in document["rows"]}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return [f"{name} is not the tracker's rows"]
    return ([f"{slug}: its instrument is missing from {name}" for slug in sorted(wanted - slugs)]
            + [f"{name} has a row for {slug}, which is not a live brief's instrument"
               for slug in sorted(slugs - wanted)])


def jurisdiction_failures(site: Path, cat: Catalog, scan: Mapping[str, _Facts]) -> list[str]:
    failures: list[str] = []
    index = "jurisdictions/index.html"
    if not (site / index).is_file():
        return ["/jurisdictions/ is missing"]
    linked = _links(site, index)
    for code, entries in sorted(cat.by_jurisdiction.items()):
        if not entries or code not in cat.jurisdictions:
            continue
        base = f"jurisdictions/{code.lower()}/"
        pages = _pages(site, base)
        if not pages:
            failures.append(f"{code}: no page at /{base}")
            continue
        if base not in linked:
            failures.append(f"{code}: /{base} is not linked from /jurisdictions/")
        cards = {card for rel in pages if rel in scan for card in scan[rel].cards}
        failures += [f"{e.slug}: missing from /{base}" for e in entries if e.url not in cards]
    return failures


def upcoming_failures(site: Path, cat: Catalog) -> list[str]:
    path = site / "upcoming.ics"
    if not path.is_file():
        return ["/upcoming.ics is missing"]
    try:
        found = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    except ValueError as exc:
        return [f"/upcoming.ics is not a valid iCalendar file: {exc}"]
    failures = []
    seen: set[tuple[str, str]] = set()
    for event in found:
        start = event.decoded("dtstart")
        end = event.decoded("dtend") if "dtend" in event else start + event.decoded("duration")
        key = (str(start), " ".join(str(event.get("summary", "")).casefold().split()))
        if end <= cat.today:
            failures.append(f"/upcoming.ics: {event.get('uid')} ended before the build date")
        if key in seen:
            failures.append(f"/upcoming.ics: {event.get('summary')!r} on {start} appears twice")
        seen.add(key)
    return failures


def state_failures(site: Path, cat: Catalog, scan: Mapping[str, _Facts]) -> list[str]:
    return tracker_failures(site, cat) + jurisdiction_failures(site, cat, scan) + upcoming_failures(site, cat)
