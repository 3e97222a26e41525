"""The instrument tracker (contract v3: `/tracker/` and `/tracker.csv`): one row per instrument
covered by a live brief, with its status now, the date and source of the history entry that
status rests on, the next scheduled date and what it is, and the brief. The pages, the CSV and
`/tracker/rows.json` (every row, compact, for the filter script) are made from the same rows, so
they cannot disagree."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..model import HistoryEntry
from .catalog import Catalog
from .csvout import csv_bytes
from .standing import Instrument, instruments, next_label

PAGE_ROWS = 80  # rows per page of /tracker/: about 1.6 KB of HTML each with the edition's long names and the
# status strip, so a page stays well within the 200 KB budget (at 100 rows the largest page at 5,000 synthetic
# briefs came to about 183 KB once the strips were added)
ROWS_JSON = "tracker/rows.json"
# One array per row in /tracker/rows.json, in this order. The brief is at briefs/<brief>/; jurisdictions and
# topics are codes and ids, named by the tracker page's filters; dates are ISO dates or "".
JSON_COLUMNS = ("brief", "name", "name_zh", "jurisdictions", "type", "issuers", "status", "since", "source",
                "next_date", "next", "title", "topics", "strip")
STRIP_WIDTH = 100  # the row's status strip is drawn in a 100 x 8 box, stretched to the column's width
STRIP_MIN = 2.0  # the narrowest segment, so that a status held for a day still shows

CSV_HEADER = ("name", "name_zh", "jurisdictions", "type", "issuers", "status", "since", "source",
              "next_date", "next", "brief", "brief_url", "topics")


@dataclass(frozen=True)
class Segment:
    """One status of an instrument's history in the tracker row's strip (issue 23: a small version
    of the brief page's strip): where it starts and how wide it is, out of STRIP_WIDTH."""

    x: float  # a whole number is an int, so that the page and tracker.js write it alike ("0", "30.1")
    width: float
    status: str
    date: dt.date
    scheduled: bool

    def compact(self) -> list[object]:
        """The segment in /tracker/rows.json: [x, width, status, ISO date, 1 if scheduled else 0]."""
        return [self.x, self.width, self.status, self.date.isoformat(), int(self.scheduled)]


def strip(history: list[HistoryEntry], today: dt.date) -> tuple[Segment, ...]:
    """The history from its first status to today, a segment per entry, each as wide as the time
    the status held (scheduled entries after today, on a margin beyond it). The segments touch and
    fill the box; one held briefly still gets STRIP_MIN (less only when there are too many)."""
    if not history:
        return ()
    start = history[0].date
    last = max(today, history[-1].date)
    span = max(1, (last - start).days)
    end = last + dt.timedelta(days=max(1, span // 12)) if history[-1].date > today else last
    raw = [((history[i + 1].date if i + 1 < len(history) else end) - step.date).days
           for i, step in enumerate(history)]
    widths = _fit(raw, min(STRIP_MIN, STRIP_WIDTH / len(history)))
    segments, x = [], 0.0
    for step, width in zip(history, widths, strict=True):
        segments.append(Segment(_tenths(x), _tenths(width), step.status, step.date, step.date > today))
        x += width
    return tuple(segments)


def _tenths(value: float) -> float:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _fit(days: list[int], least: float) -> list[float]:
    """Widths proportional to `days` that sum to STRIP_WIDTH, none under `least`: the short ones
    get `least` and the rest share what is left in proportion (len(days) * least <= STRIP_WIDTH)."""
    fixed: set[int] = set()
    while True:
        room = STRIP_WIDTH - least * len(fixed)
        free = [i for i in range(len(days)) if i not in fixed]
        total = sum(days[i] for i in free)
        widths = [least if i in fixed else (days[i] / total * room if total else room / len(free))
                  for i in range(len(days))]
        short = {i for i in free if widths[i] < least}
        if not short:
            return widths
        fixed |= short


@dataclass(frozen=True)
class Row:
    item: Instrument
    name: str
    name_zh: str
    jurisdictions: list[str]  # codes
    type: str
    issuers: list[str]
    topics: list[str]
    strip: tuple[Segment, ...] = ()

    @property
    def slug(self) -> str:
        return self.item.entry.slug


def rows(cat: Catalog) -> list[Row]:
    """Every instrument of a live brief, by name (then brief)."""
    found = []
    for item in instruments(cat, cat.live):
        b = item.entry.brief
        assert b.instrument is not None
        found.append(Row(item, b.instrument.name, b.instrument.name_zh or "", list(b.jurisdictions),
                         b.instrument.type, list(b.instrument.issuers), list(b.topics),
                         strip(b.instrument.history, cat.today)))
    return sorted(found, key=lambda r: (r.name.casefold(), r.slug))


def csv_document(cat: Catalog, site_url: str, found: list[Row] | None = None) -> bytes:
    table = []
    for row in found if found is not None else rows(cat):
        status, following = row.item.status, row.item.next
        table.append((
            row.name, row.name_zh, "; ".join(row.jurisdictions), row.type, "; ".join(row.issuers),
            status.status or "", status.since.isoformat() if status.since else "", status.source or "",
            following.date.isoformat() if following else "", next_label(following) if following else "",
            row.item.entry.brief.title, site_url + row.item.entry.url, "; ".join(row.topics),
        ))
    return csv_bytes(CSV_HEADER, table)


def rows_json(found: list[Row]) -> bytes:
    """Every row for javascripts/tracker.js, which loads it once to filter and sort without
    fetching each page of /tracker/: arrays in JSON_COLUMNS order, no spaces, UTF-8."""
    table = []
    for row in found:
        status, following = row.item.status, row.item.next
        table.append([
            row.slug, row.name, row.name_zh, row.jurisdictions, row.type, "; ".join(row.issuers),
            row.item.status_key, status.since.isoformat() if status.since else "", status.source or "",
            following.date.isoformat() if following else "", next_label(following) if following else "",
            row.item.entry.brief.title, row.topics, [segment.compact() for segment in row.strip],
        ])
    document = {"columns": list(JSON_COLUMNS), "rows": table}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
