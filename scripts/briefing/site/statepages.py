"""The state-of-play pages and files (contract v3): `/tracker/` (paginated, the rows in the HTML)
with `/tracker/rows.json` for its filter script, and `/tracker.csv`; `/jurisdictions/` and
`/jurisdictions/<code>/`; `/upcoming.ics`; and what the topic pages and the home page show of
where things stand. The page compiler (pages.py) calls these with itself; they only choose what
to show and hand it to the templates."""

from __future__ import annotations

import typing
from typing import Any, Protocol

from ..model import InstrumentStatus
from . import calendar as calendars
from . import tracker
from .catalog import Catalog, Entry
from .standing import (
    Instrument,
    by_status,
    headline_instruments,
    instruments,
    latest_development_first,
    next_dates,
)


class Compiler(Protocol):
    """What these functions use of the page compiler (pages.Compiler, which calls them)."""

    cat: Catalog
    site_url: str

    def listing(self, path: str, template: str, title: str, description: str, kind: str,
                meta: dict[str, Any] | None = None, **context: Any) -> Any: ...

    def paged(self, base: str, template: str, title: str, description: str, kind: str, entries: list[Entry],
              meta: dict[str, Any] | None = None, first_path: str | None = None, memo_name: str | None = None,
              **context: Any) -> list[Any]: ...


Page = Any  # pages.Page (pages.py imports this module)

STATE_PER_STATUS = 8  # instruments shown per status on a topic or jurisdiction page; the tracker has them all
STATE_NEXT = 3  # next scheduled dates on a topic page (contract v3: the next three)
JURISDICTION_NEXT = 6
HOME_STANDING = 6  # the home page's "Where things stand"


def jurisdiction_url(code: str) -> str:
    return f"jurisdictions/{code.lower()}/"


def state_of_play(cat: Catalog, entries: list[Entry], next_count: int) -> dict[str, Any]:
    """What a topic or jurisdiction page leads with: its instruments by current status (at most
    STATE_PER_STATUS each, with the total) and its next scheduled dates."""
    items = instruments(cat, entries)
    groups = [(status, group[:STATE_PER_STATUS], len(group)) for status, group in by_status(items)]
    return {"groups": groups, "count": len(items), "next": next_dates(cat, entries, next_count)}


def tracker_pages(compiler: Compiler) -> list[Page]:
    cat = compiler.cat
    rows = tracker.rows(cat)
    chunks = [rows[i:i + tracker.PAGE_ROWS] for i in range(0, len(rows), tracker.PAGE_ROWS)] or [[]]
    paths = ["tracker/index.md", *[f"tracker/page/{n}.md" for n in range(2, len(chunks) + 1)]]
    filters = tracker_filters(cat, rows)
    urls = ["tracker/", *[f"tracker/page/{n}/" for n in range(2, len(chunks) + 1)]]
    pages = []
    for number, (chunk, path) in enumerate(zip(chunks, paths, strict=True), 1):
        pagination = {"number": number, "count": len(chunks), "total": len(rows),
                      "prev": urls[number - 2] if number > 1 else None,
                      "next": urls[number] if number < len(chunks) else None,
                      "prev_path": paths[number - 2] if number > 1 else None,
                      "next_path": paths[number] if number < len(chunks) else None}
        title = "Tracker" if number == 1 else f"Tracker (page {number} of {len(chunks)})"
        pages.append(compiler.listing(
            path, "tracker.md.j2", title,
            "Every instrument the briefs cover: where it stands now, since when and on what source, and what "
            "is scheduled next.", "tracker", meta={"pagination": pagination, "wide": True},
            rows=chunk, filters=filters, pagination=pagination))
    return pages


def tracker_filters(cat: Catalog, rows: list[tracker.Row]) -> list[dict[str, Any]]:
    codes = sorted({j for r in rows for j in r.jurisdictions}, key=lambda j: cat.jurisdictions[j].label)
    types = sorted({r.type for r in rows})
    statuses = {r.item.status_key for r in rows}
    topics = sorted({t for r in rows for t in r.topics}, key=lambda t: cat.topics[t].label)
    return [
        {"key": "jurisdiction", "label": "Jurisdiction", "options": [(j, cat.jurisdictions[j].label) for j in codes]},
        {"key": "type", "label": "Type", "options": [(t, t.replace("-", " ")) for t in types]},
        {"key": "status", "label": "Status now",
         "options": [(s, s.replace("-", " ")) for s in (*typing.get_args(InstrumentStatus), "unknown")
                     if s in statuses]},
        {"key": "topic", "label": "Topic", "options": [(t, cat.topics[t].label) for t in topics]},
    ]


def jurisdiction_pages(compiler: Compiler) -> list[Page]:
    cat = compiler.cat
    codes = sorted((c for c, found in cat.by_jurisdiction.items() if found and c in cat.jurisdictions),
                   key=lambda c: cat.jurisdictions[c].label)
    pages = [compiler.listing(
        "jurisdictions/index.md", "jurisdictions.md.j2", "Jurisdictions",
        "Every jurisdiction the briefs cover, with where its instruments stand.", "listing",
        codes=codes, counts={c: len(instruments(cat, cat.by_jurisdiction[c])) for c in codes})]
    for code in codes:
        label = cat.jurisdictions[code].label
        entries = latest_development_first(cat, cat.by_jurisdiction[code])
        base = f"jurisdictions/{code.lower()}/"
        pages += compiler.paged(
            base, "jurisdiction.md.j2", label,
            f"Where things stand in {label}: its instruments by current status, what is scheduled next, "
            "and its briefs, latest development first.", "listing", entries,
            first_path=f"jurisdictions/{code.lower()}.md", code=code, jurisdiction=cat.jurisdictions[code],
            state=state_of_play(cat, entries, JURISDICTION_NEXT))
    return pages


def topic_context(cat: Catalog, topic_id: str) -> dict[str, Any]:
    """The topic page's lead: its overview brief (when live) and its state of play."""
    topic = cat.topics[topic_id]
    overview = cat.entries.get(topic.overview) if topic.overview else None
    if overview is not None and overview.withdrawn:
        overview = None
    return {"overview": overview, "state": state_of_play(cat, cat.by_topic.get(topic_id, []), STATE_NEXT)}


def home_context(cat: Catalog) -> dict[str, Any]:
    """The home page's "Where things stand": a handful of instruments and what comes next."""
    standing: list[Instrument] = headline_instruments(cat, HOME_STANDING)
    return {"standing": standing, "standing_count": len(instruments(cat, cat.live))}


def files(compiler: Compiler) -> dict[str, bytes]:
    cat = compiler.cat
    rows = tracker.rows(cat)
    return {
        "tracker.csv": tracker.csv_document(cat, compiler.site_url, rows),
        tracker.ROWS_JSON: tracker.rows_json(rows),
        "upcoming.ics": calendars.upcoming_ics(cat, compiler.site_url),
    }
