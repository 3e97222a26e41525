"""The tracker row's status strip (site/tracker.py `strip`): segments that touch, fill the box,
keep a visible width however short a status held, and mark what is scheduled."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from briefing.model import HistoryEntry
from briefing.site.tracker import STRIP_MIN, STRIP_WIDTH, strip

TODAY = dt.date(2026, 12, 7)


def entry(day: dt.date, status: str = "in-force") -> HistoryEntry:
    return HistoryEntry(date=day, status=status)


def test_widths_follow_the_time_each_status_held() -> None:
    found = strip([entry(dt.date(2024, 12, 7), "adopted"), entry(dt.date(2025, 12, 7))], TODAY)
    assert [(s.x, s.status, s.scheduled) for s in found] == [(0.0, "adopted", False), (found[1].x, "in-force", False)]
    assert abs(found[0].width - 50) < 0.2 and abs(found[1].width - 50) < 0.2


def test_a_scheduled_status_sits_beyond_today() -> None:
    found = strip([entry(dt.date(2025, 1, 1)), entry(dt.date(2027, 2, 1), "repealed")], TODAY)
    assert [s.scheduled for s in found] == [False, True]
    assert found[1].width >= STRIP_MIN and found[1].x + found[1].width <= STRIP_WIDTH + 0.1


def test_no_history_no_strip() -> None:
    assert strip([], TODAY) == ()


@given(st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=200))
def test_segments_touch_and_fill_the_box(offsets: list[int]) -> None:
    start = dt.date(1990, 1, 1)
    days = sorted(offsets)
    found = strip([entry(start + dt.timedelta(days=d)) for d in days], TODAY)
    assert len(found) == len(days)
    assert found[0].x == 0
    for a, b in itertools.pairwise(found):
        assert abs(a.x + a.width - b.x) <= 0.1 + 1e-9
    least = min(STRIP_MIN, STRIP_WIDTH / len(found))
    assert all(s.width >= least - 0.05 for s in found)
    assert abs(found[-1].x + found[-1].width - STRIP_WIDTH) <= 0.15
