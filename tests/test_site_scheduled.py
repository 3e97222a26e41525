"""Scheduled briefs are checked in the pull request, not first by the deploy on their day: the
`briefing scheduled` dates and the build as of the last one (`make site-scheduled`, the
pull-request workflow) render, sanitise and audit them."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

import briefing.mkdocs_plugin
from briefing.cli import main
from hostile_site import HOSTILE_BODIES, hostile_brief, without_body_rules
from site_helpers import FIXTURE_ROOT, SITE_URL, TODAY, build_in_process, make_project

pytestmark = pytest.mark.slow

LATER = TODAY + dt.timedelta(days=20)


def scheduled(name: str, body: str, day: dt.date) -> str:
    return hostile_brief(name, body).replace("published: 2026-01-05", f"published: {day.isoformat()}")


def test_the_scheduled_dates_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "project", FIXTURE_ROOT / "briefs")
    assert main(["--root", str(project), "scheduled", "--today", TODAY.isoformat()]) == 0
    already = [dt.date.fromisoformat(line) for line in capsys.readouterr().out.split()]  # the fixture's own
    body = "Plain words about a fictional measure.\n\n"
    (project / "briefs/scheduled-one.md").write_text(scheduled("one", body, LATER), "utf-8")
    (project / "briefs/scheduled-two.md").write_text(scheduled("two", body, TODAY + dt.timedelta(days=3)), "utf-8")
    draft = scheduled("three", body, LATER + dt.timedelta(days=9)).replace("authors:", "status: draft\nauthors:")
    (project / "briefs/scheduled-draft.md").write_text(draft, "utf-8")
    assert main(["--root", str(project), "scheduled", "--today", TODAY.isoformat()]) == 0
    expected = sorted({*already, TODAY + dt.timedelta(days=3), LATER})
    assert capsys.readouterr().out.split() == [day.isoformat() for day in expected]
    assert main(["--root", str(project), "scheduled", "--today", TODAY.isoformat(), "--last"]) == 0
    assert capsys.readouterr().out.split() == [expected[-1].isoformat()]
    assert main(["--root", str(project), "scheduled", "--today", expected[-1].isoformat(), "--last"]) == 0
    assert capsys.readouterr().out == ""


def test_a_scheduled_brief_is_audited_by_the_build_as_of_its_date(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """With both guards on a scheduled brief's body taken away (the validator's body rules and the
    sanitiser), today's build passes: the brief is not rendered. The build as of its date renders it
    and its audit fails, as the deploy would on that day."""
    project = make_project(tmp_path / "project", FIXTURE_ROOT / "briefs")
    body = HOSTILE_BODIES["theme-classes"]
    (project / "briefs/scheduled-overlay.md").write_text(scheduled("overlay", body, LATER), "utf-8")
    with without_body_rules(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefing.mkdocs_plugin, "brief_body", lambda html: f'<div class="brief-body">{html}</div>')
        build_in_process(project, tmp_path / "today", SITE_URL)
        assert not (tmp_path / "today/briefs/scheduled-overlay").exists()
        with pytest.raises(Abort):
            build_in_process(project, tmp_path / "later", SITE_URL, BRIEFING_TODAY=LATER.isoformat())
    assert "briefs/scheduled-overlay/index.html: the class 'md-consent__overlay' inside the brief's body" in caplog.text


def test_a_watch_item_falling_due_does_not_fail_the_strict_build(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A watch item that falls due is a warning for `briefing validate` and `stale`; the daily
    deploy's strict build logs it and carries on (it would otherwise break on that date)."""
    project = make_project(tmp_path / "project", FIXTURE_ROOT / "briefs")
    text = scheduled("watched", "Plain words about a fictional measure.\n\n", TODAY - dt.timedelta(days=30))
    text = text.replace("authors:", 'watch:\n  - date: 2026-11-01\n    item: "Whether the office acts."\nauthors:')
    (project / "briefs/watched-brief.md").write_text(text, "utf-8")
    caplog.set_level(logging.INFO)
    build_in_process(project, tmp_path / "site", SITE_URL)
    assert "WATCH-OVERDUE watch[1] fell due on 2026-11-01" in caplog.text
    assert (tmp_path / "site/briefs/watched-brief/index.html").is_file()
