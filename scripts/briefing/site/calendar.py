"""The calendars: `/calendar.ics` and `/topics/<id>/calendar.ics` (iCalendar, RFC 5545, written by
the `icalendar` library, which folds, escapes and encodes), and `/calendar.json` with its JSON
Schema (both from one pydantic model, as the API). Every dated item of every live brief, past and
upcoming: its events and its instrument's status steps.

Builds are reproducible: a UID is the item's ``uid_key`` (its brief, its kind of item, its date
and its place among the brief's items of that date, or its status; never its title) at the site's
host, and DTSTAMP is the brief's last change at 00:00 UTC, so neither moves between builds nor
when an unrelated field is edited.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, Literal
from urllib.parse import urlsplit

import icalendar
from pydantic import BaseModel, ConfigDict, Field

from .api import json_schema
from .catalog import Catalog, TimelineEvent
from .feeds import SITE_TITLE

CALENDAR_VERSION = 1
PRODID = "-//AI Governance Briefs//Calendar//EN"
REFRESH = dt.timedelta(days=1)
ONE_DAY = dt.timedelta(days=1)


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def host_of(site_url: str) -> str:
    """The host the UIDs are scoped to (RFC 5545 recommends `<unique>@<domain>`)."""
    return urlsplit(site_url).hostname or "localhost"


def uid(item: TimelineEvent, site_url: str) -> str:
    return f"{item.uid_key}@{host_of(site_url)}"


def items(cat: Catalog, topic: str | None = None) -> list[TimelineEvent]:
    """The calendar's items in date order (for a topic: those that belong to it)."""
    return [ev for ev in cat.calendar if topic is None or ev.in_topic(topic)]


def description(item: TimelineEvent) -> str:
    b = item.entry.brief
    lines = [f"Brief: {b.title}", b.summary]
    if item.status:
        lines.append(f"Status: {item.status.replace('-', ' ')}")
        if item.note:
            lines.append(f"Note: {item.note}")
    elif item.kind:
        lines.append(f"Kind: {item.kind.replace('-', ' ')}")
    if item.scheduled:
        lines.append("Scheduled.")
    if item.url:
        lines.append(f"{'Source' if item.status else 'Official page'}: {item.url}")
    return "\n".join(lines)


def upcoming(cat: Catalog) -> list[TimelineEvent]:
    """What is scheduled from the build date on (contract v3, `/upcoming.ics`): items whose last
    day is today or later, the same happening on the same day once (same title: several briefs
    covering one summit), in date order."""
    seen: set[tuple[dt.date, str]] = set()
    found = []
    for item in cat.calendar:
        key = (item.date, " ".join(item.title.casefold().split()))
        if item.last_day >= cat.today and key not in seen:
            seen.add(key)
            found.append(item)
    return found


def upcoming_ics(cat: Catalog, site_url: str) -> bytes:
    return ics(cat, site_url, chosen=upcoming(cat), path="upcoming.ics")


def ics(cat: Catalog, site_url: str, topic: str | None = None, chosen: list[TimelineEvent] | None = None,
        path: str | None = None) -> bytes:
    """One VCALENDAR with one all-day VEVENT per item (``chosen``, else the site's or the topic's
    items). DTEND is always set: the day after the
    last day (exclusive, RFC 5545 3.6.1), so a one-day event ends the next day (on the last day
    a date can hold, which has no day after, the item has the same length as a DURATION)."""
    label = cat.topics[topic].label if topic else ("what comes next" if chosen is not None else None)
    name = f"{SITE_TITLE}: {label}" if label else SITE_TITLE
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-caldesc", ("What is scheduled from the build date on: events and status changes the briefs cover."
                             if chosen is not None and not topic else
                             f"Events and scheduled changes covered by the briefs on {label}." if label else
                             "Events and scheduled changes covered by the briefs."))
    cal.add("x-wr-timezone", "UTC")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    cal.add("url", site_url + (path or (f"topics/{topic}/calendar.ics" if topic else "calendar.ics")))
    # Each item is serialised once (the library folds, escapes and encodes it) and the bytes are
    # reused by every calendar that holds it, in this build and the next ones under `mkdocs serve`:
    # the site's calendar and each of its topics' hold the same VEVENT.
    events = b"".join(_vevent(*_event_fields(item, site_url))
                      for item in (chosen if chosen is not None else items(cat, topic)))
    head = cal.to_ical()
    return head.removesuffix(_END) + events + _END


_END = b"END:VCALENDAR\r\n"


def _event_fields(item: TimelineEvent, site_url: str) -> tuple[str, dt.date, dt.date, dt.date, str, str, str, str]:
    entry = item.entry
    return (uid(item, site_url), entry.last_changed, item.date, item.last_day, item.title,
            description(item), site_url + entry.url, item.kind or "other")


@functools.lru_cache(maxsize=1 << 16)
def _vevent(uid_: str, changed: dt.date, start: dt.date, last: dt.date, summary: str, text: str, url: str,
            category: str) -> bytes:
    """One all-day VEVENT, serialised; a pure function of its fields, hence the cache.

    Written here rather than through ``icalendar.Event().to_ical()``, which builds a component,
    sorts and types every property and folds character by character: 0.7 ms an event, 8.8 s of
    CPU for the 12,000 items of 5,000 synthetic briefs (docs/contribute/performance.md). The bytes
    are the library's own, property for property (its order, its TEXT escaping, its folding):
    tests/test_calendar_writer.py compares them with the library's output on hostile text."""
    lines = ["BEGIN:VEVENT", "SUMMARY:" + escape_text(summary), f"DTSTART;VALUE=DATE:{start:%Y%m%d}"]
    if last < dt.date.max:
        lines.append(f"DTEND;VALUE=DATE:{last + ONE_DAY:%Y%m%d}")  # exclusive
    else:  # no date after it: the same days as a duration (a difference of dates never overflows)
        lines.append(f"DURATION:P{(last - start + ONE_DAY).days}D")
    lines += [
        f"DTSTAMP:{changed:%Y%m%d}T000000Z",
        "UID:" + escape_text(uid_),
        "CATEGORIES:" + escape_text(category),
        "DESCRIPTION:" + escape_text(text),
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",  # an all-day record, not a busy slot
        "URL;VALUE=URI:" + url,
        "END:VEVENT",
    ]
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def escape_text(text: str) -> str:
    """RFC 5545 TEXT escaping (3.3.11), as icalendar writes it: backslash, semicolon and comma
    escaped, every line ending (CRLF, LF or a lone CR) written as ``\\n``."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


FOLD_LIMIT = 75  # octets per line, the line break excluded (RFC 5545 3.1)


def fold(line: str) -> str:
    """Fold a content line as icalendar does: pieces of at most 74 octets, never splitting a
    character, the continuation lines starting with a space, and a piece never ending on a
    backslash or caret (an escape is not split across lines)."""
    if line.isascii():
        if len(line) < FOLD_LIMIT:
            return line
        pieces, begin, width = [], 0, FOLD_LIMIT - 1
        while len(line) - begin > width:
            end = begin + width
            if line[end - 1] in "\\^":
                end -= 1
            pieces.append(line[begin:end])
            begin = end
        pieces.append(line[begin:])
        return "\r\n ".join(pieces)
    pieces, current, count = [], [], 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= FOLD_LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


class CalendarItem(BaseModel):
    """One dated item: an event a brief covers, or a step in its instrument's status history."""

    model_config = ConfigDict(extra="forbid")
    uid: str = Field(description="Stable identifier, the UID of the same item in /calendar.ics.")
    date: dt.date = Field(description="First (or only) day.")
    end: dt.date | None = Field(None, description="Last day of a multi-day event (inclusive).")
    title: str
    kind: str | None = Field(
        None, description="The event's kind (meeting, summit, vote, ...), or `status` for a status step."
    )
    status: str | None = Field(None, description="For a status step: the instrument's status from that date.")
    note: str | None = Field(None, description="For a status step: its note.")
    url: str | None = Field(None, description="The event's official page, or the status step's source.")
    scheduled: bool = Field(description="Dated after the build date.")
    brief: str = Field(description="Slug of the brief that covers the item.")
    brief_url: str = Field(description="Permalink of that brief.")
    topics: list[str] = Field(description="The item's topics (else the brief's primary topic).")
    brief_topics: list[str] = Field(
        description="The brief's topics; /topics/<id>/calendar.ics holds the items with <id> in either list."
    )


class CalendarDocument(BaseModel):
    """`/calendar.json`: every dated item of every published brief, past and upcoming, in date order."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1] = Field(description="Incremented on any breaking change.")
    generated: dt.date = Field(description="Build date.")
    count: int
    items: list[CalendarItem]


def calendar_schema() -> dict[str, Any]:
    return json_schema(CalendarDocument)


def calendar_item(item: TimelineEvent, site_url: str) -> CalendarItem:
    return CalendarItem(
        uid=uid(item, site_url), date=item.date, end=item.end, title=item.title, kind=item.kind,
        status=item.status, note=item.note, url=item.url, scheduled=item.scheduled, brief=item.entry.slug,
        brief_url=site_url + item.entry.url, topics=list(item.topics), brief_topics=list(item.entry.brief.topics),
    )


def calendar_json(cat: Catalog, site_url: str) -> str:
    found = [calendar_item(ev, site_url) for ev in items(cat)]
    doc = CalendarDocument(version=CALENDAR_VERSION, generated=cat.today, count=len(found), items=found)
    # compact: every item ever (the C encoder writes it; indentation would use the slow one)
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")) + "\n"
