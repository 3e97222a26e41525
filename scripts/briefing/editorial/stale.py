"""`briefing stale`: the published briefs that are due for editorial review.

A live brief (status `published`, published on or before today) is due when

- its last review (`reviewed`), else its last change (`updated`), else its publication, is more
  than ``days`` days old; or
- something it schedules has happened since then: an event (its `end`, if it has one, else its
  `date`) or an instrument status-history entry dated after that date and on or before today; or
- (contract v3) it has an overdue watch item: one whose date has passed without `resolved`. Which
  items are overdue is decided by site/state.py (`watch_items`), which the command line hands in
  (``watch``), so that the site and this report cannot disagree.

The command is a report: it never fails a build unless asked to (``--strict``). The corpus is
loaded with the validator, so a corpus with errors is still reported on: every brief whose front
matter parsed into a model is checked, the others are counted and left to ``briefing validate``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from ..load.corpus import BriefFile
from ..model import Brief
from ..rules.validate import validate
from .review import _gh, _gh_prop, md

DEFAULT_DAYS = 180
Basis = Literal["reviewed", "updated", "published"]

# How each basis reads in a sentence: "last reviewed 2026-01-05", "since the last review (...)".
_LAST = {"reviewed": "last reviewed", "updated": "last changed", "published": "published"}
_SINCE = {"reviewed": "the last review", "updated": "the last change", "published": "publication"}
_NEVER = {"reviewed": "", "updated": ", never reviewed", "published": ", never reviewed or changed"}


class WatchState(Protocol):
    """A watch item's state on a day, as site/state.py's `Watch` gives it."""

    @property
    def date(self) -> dt.date: ...
    @property
    def item(self) -> str: ...
    @property
    def state(self) -> str: ...


WatchItems = Callable[[Brief, dt.date], Iterable[WatchState]]


@dataclass(frozen=True)
class Reason:
    kind: Literal["age", "event", "history", "watch"]
    date: dt.date
    text: str


@dataclass
class DueBrief:
    path: str
    slug: str
    title: str
    last: dt.date
    basis: Basis
    days: int  # days since ``last``
    line: int  # the line of the key ``last`` comes from, for annotations
    reasons: list[Reason] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "slug": self.slug,
            "title": self.title,
            "last_reviewed": self.last.isoformat(),
            "basis": self.basis,
            "days": self.days,
            "reasons": [r.text for r in self.reasons],
        }


@dataclass
class StaleReport:
    today: dt.date
    days: int
    due: list[DueBrief]
    live: int  # live briefs checked
    unchecked: list[str]  # briefs whose front matter did not parse into a model
    errors: int  # validation errors in the corpus

    def count(self, kind: str) -> int:
        return sum(any(r.kind == kind for r in item.reasons) for item in self.due)


def _one_line(value: object) -> str:
    """Untrusted text on one line (it can never start a line of its own)."""
    return " ".join(str(value).split())


def _last(model: Brief) -> tuple[dt.date, Basis]:
    if model.reviewed is not None:
        return model.reviewed, "reviewed"
    if model.updated is not None:
        return model.updated, "updated"
    return model.published, "published"


def check_brief(brief: BriefFile, model: Brief, today: dt.date, days: int,
                watch: WatchItems | None = None) -> DueBrief | None:
    """The brief's review state if it is due, else None. ``model`` must be a live brief; with
    ``watch``, its overdue watch items are reasons too."""
    last, basis = _last(model)
    age = (today - last).days
    reasons: list[Reason] = []
    if age > days:
        reasons.append(Reason("age", last, f"{_LAST[basis]} {last.isoformat()} ({age} days ago; "
                                           f"the limit is {days}){_NEVER[basis]}"))
    since = f"since {_SINCE[basis]} ({last.isoformat()})"
    for event in model.events:
        when = event.end or event.date
        if last < when <= today:
            span = f"ended {when.isoformat()}" if event.end and event.end != event.date else f"on {when.isoformat()}"
            reasons.append(Reason("event", when, f'the event "{_one_line(event.title)}" {span} has passed {since}'))
    if model.instrument is not None:
        for entry in model.instrument.history:
            if last < entry.date <= today:
                reasons.append(Reason(
                    "history", entry.date,
                    f"the instrument's status change to {entry.status} on {entry.date.isoformat()} "
                    f"has passed {since}",
                ))
    for item in watch(model, today) if watch is not None else []:
        if item.state == "overdue":
            reasons.append(Reason("watch", item.date, f'the watch item "{_one_line(item.item)}" fell due on '
                                                      f"{item.date.isoformat()} and is not resolved"))
    if not reasons:
        return None
    return DueBrief(brief.rel, brief.slug, _one_line(model.title), last, basis, age,
                    brief.parsed.pos((basis,)).line, reasons)


def stale(root: Path, today: dt.date, days: int = DEFAULT_DAYS, watch: WatchItems | None = None,
          only: Collection[str] | None = None) -> StaleReport:
    """Every live brief of the corpus under ``root`` that is due for review, oldest first; with
    ``only`` (repository-relative paths), only those briefs (a pull request's)."""
    corpus = validate(root, today=today)
    errors = sum(p.severity == "error" for p in corpus.all_problems())
    due: list[DueBrief] = []
    unchecked: list[str] = []
    live = 0
    for brief in corpus.briefs:
        model = brief.model
        if model is None:
            unchecked.append(brief.rel)
            continue
        if model.status != "published" or model.published > today:
            continue  # drafts, withdrawn briefs and briefs dated in the future are not on the site
        if only is not None and brief.rel not in only:
            continue
        live += 1
        item = check_brief(brief, model, today, days, watch)
        if item is not None:
            due.append(item)
    due.sort(key=lambda item: (item.last, item.path))
    return StaleReport(today, days, due, live, unchecked, errors)


# ---------------------------------------------------------------------------------------- output


def _summary(report: StaleReport) -> str:
    parts = [f"{report.count('age')} not reviewed within {report.days} days",
             f"{report.count('event')} with an event that has passed",
             f"{report.count('history')} with an instrument status change that has passed",
             f"{report.count('watch')} with an overdue watch item"]
    return (f"{len(report.due)} of {report.live} published brief(s) due for review "
            f"({', '.join(parts)})")


def note(report: StaleReport) -> str | None:
    """A warning when the corpus has validation errors (some briefs may not have been checked)."""
    if not report.unchecked and not report.errors:
        return None
    text = f"the corpus has {report.errors} validation error(s)"
    if report.unchecked:
        text += f"; {len(report.unchecked)} brief(s) with invalid front matter were not checked"
    return text + " (run briefing validate)"


def render_text(report: StaleReport) -> str:
    lines = [f"Briefs due for editorial review on {report.today.isoformat()} (limit: {report.days} days)"]
    for item in report.due:
        reasons = "; ".join(_one_line(r.text) for r in item.reasons)
        lines.append(f"{_one_line(item.path)}: due for review: {reasons}")
    warning = note(report)
    if warning:
        lines.append(f"note: {warning}")
    lines.append(_summary(report))
    return "\n".join(lines)


def render_markdown(report: StaleReport) -> str:
    lines = ["## Briefs due for editorial review", "",
             f"**{len(report.due)}** of {report.live} published brief(s) are due for review on "
             f"{report.today.isoformat()} (limit: {report.days} days since the last review, change "
             "or publication, a scheduled date that has passed since, or an overdue watch item).", ""]
    if not report.due:
        lines += ["No brief is due for review.", ""]
    for item in report.due:
        lines.append(f"- **{md(item.title)}** ({md(item.path)}), {md(_LAST[item.basis])} "
                     f"{item.last.isoformat()}, {item.days} days ago")
        lines += [f"  - {md(r.text)}" for r in item.reasons]
    if report.due:
        lines.append("")
    warning = note(report)
    if warning:
        lines += [f"Note: {md(warning)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_github(report: StaleReport) -> str:
    """Workflow-command notices (one per brief), then the Markdown summary for $GITHUB_STEP_SUMMARY.

    Every contributor-controlled value is escaped, so no brief text can start a line: only the
    notices start with `::`."""
    lines = []
    for item in report.due:
        message = "due for review: " + "; ".join(r.text for r in item.reasons)
        lines.append(f"::notice file={_gh_prop(item.path)},line={item.line},"
                     f"title={_gh_prop('due for review')}::{_gh(message)}")
    return "\n".join([*lines, render_markdown(report)])


def render_json(report: StaleReport) -> str:
    return json.dumps([item.as_json() for item in report.due], indent=2, ensure_ascii=False)


def render(report: StaleReport, fmt: str) -> str:
    if fmt == "github":
        return render_github(report)
    if fmt == "json":
        return render_json(report)
    return render_text(report)
