"""The calendars' VEVENT writer (site/calendar.py) against the icalendar library it stands in for:
for any fields, hostile text included, the same bytes as ``icalendar.Event().to_ical()``, and the
library parses them back to the same values."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.site import calendar as calendars

ONE_DAY = dt.timedelta(days=1)


def library_vevent(uid: str, changed: dt.date, start: dt.date, last: dt.date, summary: str, text: str, url: str,
                   category: str) -> bytes:
    """What the calendar wrote before, through the library's component API."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime(changed.year, changed.month, changed.day, tzinfo=dt.UTC))
    event.add("dtstart", start)
    if last < dt.date.max:
        event.add("dtend", last + ONE_DAY)
    else:
        event.add("duration", last - start + ONE_DAY)
    event.add("summary", summary)
    event.add("description", text)
    event.add("url", url, parameters={"VALUE": "URI"})
    event.add("categories", [category])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event.to_ical()


# Text with what the escaping and folding must handle: backslashes, carets, separators, every
# kind of line ending, CJK and astral characters (multi-byte: never split), long runs.
TRICKY = st.sampled_from(["\\", "^", ";", ",", "\n", "\r", "\r\n", "\\N", "\\n", ":", '"', "长", "😀", "é", " ", "a"])
TEXT = st.lists(st.one_of(TRICKY, st.text(min_size=0, max_size=90)), max_size=40).map("".join)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=400, deadline=None)
@given(uid=TEXT, changed=DATES, start=DATES, days=st.integers(0, 400), summary=TEXT, text=TEXT,
       url=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=200),
       category=st.sampled_from(["meeting", "summit", "vote", "other", "status"]))
def test_same_bytes_as_the_library(uid: str, changed: dt.date, start: dt.date, days: int, summary: str, text: str,
                                   url: str, category: str) -> None:
    last = start + dt.timedelta(days=days)
    ours = calendars._vevent.__wrapped__(uid, changed, start, last, summary, text, "https://e.org/" + url, category)
    assert ours == library_vevent(uid, changed, start, last, summary, text, "https://e.org/" + url, category)
    for line in ours.split(b"\r\n"):
        assert len(line) <= 75  # RFC 5545 3.1: 75 octets, the continuation's space included
        line.decode("utf-8")  # no character split across lines


def test_the_last_representable_day_is_written_as_a_duration() -> None:
    start = dt.date.max - dt.timedelta(days=2)
    ours = calendars._vevent.__wrapped__("u@h", start, start, dt.date.max, "s", "t", "https://e.org/", "other")
    assert ours == library_vevent("u@h", start, start, dt.date.max, "s", "t", "https://e.org/", "other")
    assert b"DURATION:P3D\r\n" in ours


@settings(max_examples=300, deadline=None)
@given(line=TEXT.map(lambda t: "DESCRIPTION:" + calendars.escape_text(t)))
def test_fold_matches_the_library_and_parses_back(line: str) -> None:
    folded = calendars.fold(line)
    assert icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{folded}\r\nEND:VEVENT\r\n".encode())["DESCRIPTION"] \
        == icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\n".encode())["DESCRIPTION"]


def test_escapes_at_every_fold_boundary() -> None:
    """A backslash or caret at each position around the 74-octet boundaries, in ASCII and in CJK text."""
    for filler in ("a", "长"):
        for mark in ("\\", "^", ";", ","):
            for at in range(60, 160):
                summary = filler * at + mark + filler * 80
                ours = calendars._vevent.__wrapped__("u@h", dt.date(2026, 1, 1), dt.date(2026, 1, 2),
                                                     dt.date(2026, 1, 2), summary, summary, "https://e.org/", "other")
                assert ours == library_vevent("u@h", dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 2),
                                              summary, summary, "https://e.org/", "other"), (filler, mark, at)
