"""The state of play of a group of briefs (a topic, a jurisdiction, the whole publication): their
instruments grouped by current status with since-dates, their next scheduled dates without
repeats, and the briefs ordered by the latest development they cover (contract v3).

Everything here reads the catalog's per-brief state (state.py); nothing is computed twice.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import InstrumentStatus
from .catalog import Catalog, Entry, TimelineEvent
from .state import NextDate, StatusNow

STATUS_ORDER: tuple[str, ...] = typing.get_args(InstrumentStatus)
NO_STATUS = "unknown"


@dataclass(frozen=True)
class Instrument:
    """An instrument covered by a live brief, where it stands on the build date."""

    entry: Entry
    status: StatusNow
    next: NextDate | None

    @property
    def name(self) -> str:
        assert self.entry.brief.instrument is not None
        return self.entry.brief.instrument.name

    @property
    def status_key(self) -> str:
        return self.status.status or NO_STATUS


def next_label(following: NextDate) -> str:
    """What the next date is, said beside the instrument's name: a scheduled status change reads
    "status becomes <status>", an event its title."""
    if following.kind == "status" and following.status:
        return f"status becomes {following.status.replace('-', ' ')}"
    return following.what


def years_covered(cat: Catalog, entry: Entry) -> list[int]:
    """The years of the developments a brief covers (the search page's year filter, contract v3):
    its past events (every year one spans) and past status changes, else the year of its latest
    development; newest first."""
    today = cat.today
    years: set[int] = set()
    for event in entry.brief.events:
        if event.date <= today:
            years.update(range(event.date.year, min(event.end or event.date, today).year + 1))
    if entry.brief.instrument is not None:
        years.update(step.date.year for step in entry.brief.instrument.history if step.date <= today)
    if not years:
        state = cat.state.get(entry.slug)
        years.add((state.latest_development if state else entry.brief.published).year)
    return sorted(years, reverse=True)


def instruments(cat: Catalog, entries: Iterable[Entry]) -> list[Instrument]:
    """The instruments of ``entries`` (briefs without one are left out), in the order given."""
    found = []
    for entry in entries:
        state = cat.state.get(entry.slug)
        if entry.brief.instrument is not None and state is not None and state.status is not None:
            found.append(Instrument(entry, state.status, state.next))
    return found


def _since_key(item: Instrument) -> tuple[int, str]:
    since = item.status.since
    return (-(since.toordinal() if since else 0), item.name.casefold())


def by_status(items: list[Instrument]) -> list[tuple[str, list[Instrument]]]:
    """Instruments grouped by current status (in the contract's order: in force first would hide
    what is only proposed, so the lifecycle order is kept), each group latest change first."""
    groups: dict[str, list[Instrument]] = {}
    for item in items:
        groups.setdefault(item.status_key, []).append(item)
    order = [*STATUS_ORDER, NO_STATUS]
    return [(key, sorted(groups[key], key=_since_key)) for key in order if key in groups]


def distinct_upcoming(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    """Scheduled items without repeats: the same happening on the same day (several briefs that
    cover one summit, with the same title) appears once, in date order."""
    seen: set[tuple[dt.date, str]] = set()
    out = []
    for event in events:
        key = (event.date, " ".join(event.title.casefold().split()))
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out


def next_dates(cat: Catalog, entries: Iterable[Entry] | None = None, limit: int | None = None) -> list[TimelineEvent]:
    """The next scheduled dates of ``entries`` (all live briefs when None), without repeats."""
    if entries is None:
        found = cat.upcoming
    else:
        slugs = {e.slug for e in entries}
        found = [ev for ev in cat.upcoming if ev.entry.slug in slugs]
    out = distinct_upcoming(found)
    return out[:limit] if limit is not None else out


def latest_development_first(cat: Catalog, entries: Iterable[Entry]) -> list[Entry]:
    """Briefs by the date of the latest development they cover, newest first (then by publication)."""
    def key(entry: Entry) -> tuple[int, int, str]:
        state = cat.state.get(entry.slug)
        latest = state.latest_development if state is not None else entry.brief.published
        return (latest.toordinal(), entry.brief.published.toordinal(), entry.slug)

    return sorted(entries, key=key, reverse=True)


# How consequential an instrument is, for the home page's few: binding and in force first.
_WEIGHT = {"law": 6, "regulation": 5, "rule": 5, "executive-action": 4, "resolution": 3, "standard": 3,
           "declaration": 2, "framework": 2, "initiative": 1, "statement": 1, "open-letter": 0}


def headline_instruments(cat: Catalog, limit: int) -> list[Instrument]:
    """The home page's "Where things stand": instruments that have something scheduled first,
    then by how binding their type is, then by their latest status change."""
    items = instruments(cat, cat.live)

    def key(item: Instrument) -> tuple[int, int, int, str]:
        assert item.entry.brief.instrument is not None
        scheduled = item.next.date.toordinal() if item.next else dt.date.max.toordinal()
        since = item.status.since.toordinal() if item.status.since else 0
        return (0 if item.next else 1, -_WEIGHT.get(item.entry.brief.instrument.type, 1), -since,
                item.name.casefold() + str(scheduled))

    return sorted(items, key=key)[:limit]
