"""Where things stand on a build date (briefing.site.state): status now and what it rests on, the
next scheduled date, the latest development, watch items and "current as of"."""

from __future__ import annotations

import datetime as dt

from briefing.model import Brief
from briefing.site.state import NextDate, StatusNow, Watch, brief_state

D = dt.date


def brief(**extra: object) -> Brief:
    values: dict[str, object] = {
        "title": "A fictional brief for the state tests",
        "summary": "A fictional brief whose instrument, events and watch items the state tests vary one at a time.",
        "published": "2025-01-10", "authors": ["editorial-team"], "topics": ["export-controls"],
        "key_points": ["One.", "Two."],
        "sources": [{"title": "S", "url": "https://example.org/s", "publisher": "P", "type": "primary"}],
    }
    values.update(extra)
    return Brief.model_validate(values)


INSTRUMENT = {
    "name": "A fictional rule", "type": "rule", "issuers": ["An office"], "status": "in-force",
    "history": [
        {"date": "2024-10-01", "status": "adopted", "source": "https://example.org/a"},
        {"date": "2025-01-15", "status": "in-force", "source": "https://example.org/b", "note": "Took effect."},
        {"date": "2026-03-01", "status": "repealed"},
    ],
}


def test_status_rests_on_the_last_entry_on_or_before_the_date() -> None:
    state = brief_state(brief(instrument=INSTRUMENT), D(2025, 6, 1))
    assert state.status == StatusNow("in-force", D(2025, 1, 15), "https://example.org/b", "Took effect.")
    assert state.next == NextDate(D(2026, 3, 1), "A fictional rule: repealed", "status", "repealed")
    assert state.latest_development == D(2025, 1, 15)
    later = brief_state(brief(instrument=INSTRUMENT), D(2026, 3, 1))
    assert later.status is not None and later.status.status == "repealed" and later.next is None


def test_without_history_the_declared_status_has_its_date_where_known() -> None:
    plain = {"name": "A fictional law", "type": "law", "issuers": ["A legislature"], "status": "in-force",
             "adopted": "2024-02-01", "effective": "2024-08-01"}
    state = brief_state(brief(instrument=plain), D(2025, 6, 1))
    assert state.status == StatusNow("in-force", D(2024, 8, 1))
    assert state.latest_development == D(2024, 2, 1)  # no dated event or history: its adoption
    assert brief_state(brief(), D(2025, 6, 1)).status is None


def test_next_date_is_the_earliest_change_or_event() -> None:
    events = [{"date": "2025-05-01", "title": "A past meeting"}, {"date": "2026-02-01", "title": "A vote"}]
    state = brief_state(brief(instrument=INSTRUMENT, events=events), D(2025, 6, 1))
    assert state.next == NextDate(D(2026, 2, 1), "A vote", "event")
    assert state.latest_development == D(2025, 5, 1)
    assert brief_state(brief(events=events[1:]), D(2025, 6, 1)).latest_development == D(2025, 1, 10)


def test_watch_items_are_upcoming_overdue_or_resolved() -> None:
    watch = [
        {"date": "2025-03-01", "item": "Whether the office extends the rule."},
        {"date": "2025-03-01", "item": "Whether a court rules.", "resolved": "2025-04-01", "note": "It did."},
        {"date": "2025-09-01", "item": "Whether a second rule follows."},
    ]
    state = brief_state(brief(watch=watch), D(2025, 6, 1))
    assert [w.state for w in state.watch] == ["overdue", "resolved", "upcoming"]
    assert state.overdue == [Watch(D(2025, 3, 1), "Whether the office extends the rule.", "overdue")]


def test_current_as_of_is_reviewed_else_updated_else_published() -> None:
    assert brief_state(brief(), D(2025, 6, 1)).current_as_of == D(2025, 1, 10)
    log = [{"date": "2025-02-01", "kind": "update", "note": "New facts."}]
    assert brief_state(brief(updated="2025-02-01", changelog=log), D(2025, 6, 1)).current_as_of == D(2025, 2, 1)
    reviewed = brief(updated="2025-02-01", changelog=log, reviewed="2025-03-01")
    assert brief_state(reviewed, D(2025, 6, 1)).current_as_of == D(2025, 3, 1)
