"""Where things stand, computed once per build date (contract v3): for each brief, its
instrument's status now and the history entry it rests on, the next scheduled date, the date of
the latest development it covers, its watch items' state and the date it is current as of.

Every output that says "since", "next", "overdue" or "latest development" (brief pages, the
tracker, jurisdiction and topic pages, the API, the data package, `briefing stale`) reads it from
here, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..model import Brief

WatchState = Literal["upcoming", "overdue", "resolved"]


@dataclass(frozen=True)
class StatusNow:
    """An instrument's status on the build date and what it rests on: the last history entry
    dated on or before it (its date and source), else the declared `status` (no date)."""

    status: str | None
    since: dt.date | None = None
    source: str | None = None  # the history entry's source URL (one of the brief's sources)
    note: str | None = None


@dataclass(frozen=True)
class NextDate:
    """The next scheduled date of a brief: a status change of its instrument or an upcoming event."""

    date: dt.date
    what: str
    kind: Literal["status", "event"]
    status: str | None = None  # for a status change


@dataclass(frozen=True)
class Watch:
    date: dt.date
    item: str
    state: WatchState
    resolved: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class BriefState:
    status: StatusNow | None  # None: the brief has no instrument
    next: NextDate | None
    latest_development: dt.date
    current_as_of: dt.date
    watch: list[Watch] = field(default_factory=list)

    @property
    def overdue(self) -> list[Watch]:
        return [w for w in self.watch if w.state == "overdue"]


def status_now(brief: Brief, today: dt.date) -> StatusNow | None:
    instrument = brief.instrument
    if instrument is None:
        return None
    reached = [entry for entry in instrument.history if entry.date <= today]
    if reached:
        last = reached[-1]
        return StatusNow(last.status, last.date, last.source, last.note)
    if instrument.status is None:
        return StatusNow(None)
    since = {"in-force": instrument.effective, "adopted": instrument.adopted}.get(instrument.status)
    return StatusNow(instrument.status, since if since is not None and since <= today else None)


def next_date(brief: Brief, today: dt.date) -> NextDate | None:
    """The earliest status change or event after ``today`` (a status change first on a tie)."""
    found: list[tuple[dt.date, int, NextDate]] = []
    if brief.instrument is not None:
        for entry in brief.instrument.history:
            if entry.date > today:
                label = entry.status.replace("-", " ")
                found.append((entry.date, 0, NextDate(entry.date, f"{brief.instrument.name}: {label}", "status",
                                                      entry.status)))
    for event in brief.events:
        if event.date > today:
            found.append((event.date, 1, NextDate(event.date, event.title, "event")))
    return min(found, key=lambda item: item[:2])[2] if found else None


def latest_development(brief: Brief, today: dt.date) -> dt.date:
    """Its latest past event or status change, else its instrument's adoption, else its publication."""
    dates = [event.end or event.date for event in brief.events if event.date <= today]
    dates = [min(day, today) for day in dates]
    if brief.instrument is not None:
        dates += [entry.date for entry in brief.instrument.history if entry.date <= today]
        if not dates and brief.instrument.adopted is not None and brief.instrument.adopted <= today:
            dates.append(brief.instrument.adopted)
    return max(dates) if dates else brief.published


def watch_items(brief: Brief, today: dt.date) -> list[Watch]:
    out = []
    for item in brief.watch:
        if item.resolved is not None and item.resolved <= today:
            state: WatchState = "resolved"
        elif item.date < today:
            state = "overdue"
        else:
            state = "upcoming"
        out.append(Watch(item.date, item.item, state, item.resolved, item.note))
    return out


def current_as_of(brief: Brief) -> dt.date:
    """The date a brief is current as of: last reviewed, else last changed."""
    return brief.reviewed or brief.updated or brief.published


def brief_state(brief: Brief, today: dt.date) -> BriefState:
    return BriefState(status_now(brief, today), next_date(brief, today), latest_development(brief, today),
                      current_as_of(brief), watch_items(brief, today))
