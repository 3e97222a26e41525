"""The instrument tracker (contract v3: `/tracker/` and `/tracker.csv`): one row per instrument
covered by a live brief, with its status now, the date and source of the history entry that
status rests on, the next scheduled date and what it is, and the brief. The pages, the CSV and
`/tracker/rows.json` (every row, compact, for the filter script) are made from the same rows, so
they cannot disagree."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .catalog import Catalog
from .csvout import csv_bytes
from .standing import Instrument, instruments, next_label

PAGE_ROWS = 100  # rows per page of /tracker/: about 1.3 KB of HTML each with the edition's long names, so a
# page stays well within the 200 KB budget
ROWS_JSON = "tracker/rows.json"
# One array per row in /tracker/rows.json, in this order. The brief is at briefs/<brief>/; jurisdictions and
# topics are codes and ids, named by the tracker page's filters; dates are ISO dates or "".
JSON_COLUMNS = ("brief", "name", "name_zh", "jurisdictions", "type", "issuers", "status", "since", "source",
                "next_date", "next", "title", "topics")

CSV_HEADER = ("name", "name_zh", "jurisdictions", "type", "issuers", "status", "since", "source",
              "next_date", "next", "brief", "brief_url", "topics")


@dataclass(frozen=True)
class Row:
    item: Instrument
    name: str
    name_zh: str
    jurisdictions: list[str]  # codes
    type: str
    issuers: list[str]
    topics: list[str]

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
                         b.instrument.type, list(b.instrument.issuers), list(b.topics)))
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
            row.item.entry.brief.title, row.topics,
        ])
    document = {"columns": list(JSON_COLUMNS), "rows": table}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
