"""The audit of the state-of-play pages (site/stateaudit.py) catches a tracker row that went
missing (from the pages or from tracker/rows.json), a CSV cell a spreadsheet would run, a missing
or unlinked jurisdiction page and a past entry in /upcoming.ics; the untouched fixture site
passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import audit_fixtures
from audit_fixtures import audit
from briefing.site.build import BuildResult
from site_helpers import ALPHA

pytestmark = pytest.mark.slow


# The fixture site, its compiled catalog, a fresh copy per test and the audit (tests/audit_fixtures.py).
built, compiled, site = audit_fixtures.built, audit_fixtures.compiled, audit_fixtures.site


def test_the_untouched_site_passes(site: Path, compiled: BuildResult) -> None:
    assert audit(site, compiled) == []


def test_a_missing_tracker_row_is_caught(site: Path, compiled: BuildResult) -> None:
    page = site / "tracker/index.html"
    text = page.read_text("utf-8")
    assert f'data-brief="{ALPHA}"' in text
    page.write_text(text.replace(f'data-brief="{ALPHA}"', 'data-brief="nothing-here"'), "utf-8")
    failures = audit(site, compiled)
    assert f"{ALPHA}: its instrument is missing from /tracker/" in failures
    assert "/tracker/ has a row for nothing-here, which is not a live brief's instrument" in failures


def test_a_row_missing_from_rows_json_is_caught(site: Path, compiled: BuildResult) -> None:
    path = site / "tracker/rows.json"
    document = json.loads(path.read_bytes())
    assert document["rows"][0][0] == ALPHA
    path.write_text(json.dumps({**document, "rows": document["rows"][1:]}), "utf-8")
    assert f"{ALPHA}: its instrument is missing from /tracker/rows.json" in audit(site, compiled)
    path.write_text("[", "utf-8")
    assert "/tracker/rows.json is not the tracker's rows" in audit(site, compiled)


def test_a_formula_in_the_csv_is_caught(site: Path, compiled: BuildResult) -> None:
    path = site / "tracker.csv"
    lines = path.read_bytes().split(b"\r\n")
    lines[1] = b"=1+1," + lines[1].split(b",", 1)[1]
    path.write_bytes(b"\r\n".join(lines))
    assert "/tracker.csv line 2: a cell a spreadsheet would read as a formula" in audit(site, compiled)


def test_a_missing_jurisdiction_page_is_caught(site: Path, compiled: BuildResult) -> None:
    shutil.rmtree(site / "jurisdictions/us")
    failures = audit(site, compiled)
    assert "US: no page at /jurisdictions/us/" in failures


def test_a_past_entry_in_upcoming_ics_is_caught(site: Path, compiled: BuildResult) -> None:
    path = site / "upcoming.ics"
    text = path.read_bytes()
    event = (b"BEGIN:VEVENT\r\nUID:past@example.org\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20200101\r\n"
             b"DTEND;VALUE=DATE:20200102\r\nSUMMARY:Past\r\nURL:https://example.org/\r\nEND:VEVENT\r\n")
    path.write_bytes(text.replace(b"END:VCALENDAR", event + b"END:VCALENDAR"))
    assert "/upcoming.ics: past@example.org ended before the build date" in audit(site, compiled)
