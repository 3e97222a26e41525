"""The monthly digest (`/digest/<yyyy>-<mm>/`): what changed in the publication each month, from
the catalog: new briefs, updates, clarifications and corrections (the changelogs), the status
changes and events of that month, and what is dated in the month after. With an index
(`/digest/`), an Atom feed of the months (`/digest/feed.xml`), and for each month a plain HTML
version without the site's chrome (`/digest/<yyyy>-<mm>/email.html`: inline styles, absolute links,
no script, nothing loaded from anywhere) that an editor pastes into a mailing tool.

The months run from the first live brief's month to the build date's; a month with nothing in it
has no digest. The build date's own month is a digest "so far"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from feedgen.feed import FeedGenerator

from .catalog import Catalog, ChangeRecord, Entry, TimelineEvent
from .feeds import SITE_TITLE

FOLDER = "digest/"
# Items shown per section of a month (the rest are counted, with a link): a month in which a whole
# archive was imported must not make a page larger than the audit allows (audit.MAX_PAGE_BYTES).
SECTION_LIMIT = 60


@dataclass
class Month:
    year: int
    month: int
    new: list[Entry] = field(default_factory=list)  # briefs first published that month, oldest first
    changes: list[ChangeRecord] = field(default_factory=list)  # changelog entries, oldest first
    status_changes: list[TimelineEvent] = field(default_factory=list)  # instrument status steps
    events: list[TimelineEvent] = field(default_factory=list)  # events that took place
    coming: list[TimelineEvent] = field(default_factory=list)  # dated in the month after
    partial: bool = False  # the build date's month: a digest so far

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return dt.date(self.year, self.month, 1).strftime("%B %Y")

    @property
    def next_label(self) -> str:
        return _first_of_next(self.year, self.month).strftime("%B %Y")

    @property
    def url(self) -> str:
        return f"{FOLDER}{self.key}/"

    @property
    def corrections(self) -> list[ChangeRecord]:
        return [c for c in self.changes if c.kind == "correction"]

    @property
    def active(self) -> bool:
        return bool(self.new or self.changes or self.status_changes or self.events)

    @property
    def last_day(self) -> dt.date:
        """The date of the month's latest item (its feed entry's date)."""
        dates = [e.brief.published for e in self.new] + [c.date for c in self.changes]
        dates += [ev.date for ev in [*self.status_changes, *self.events]]
        return max(dates)

    def counts(self) -> str:
        parts = [(len(self.new), "new brief"), (len([c for c in self.changes if c.kind == "update"]), "update"),
                 (len([c for c in self.changes if c.kind == "clarification"]), "clarification"),
                 (len(self.corrections), "correction"), (len(self.status_changes), "status change"),
                 (len(self.events), "event")]
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts if n) or "nothing new"


def _first_of_next(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def months(cat: Catalog) -> list[Month]:
    """The months with activity, newest first."""
    if not cat.live:
        return []
    first = min(e.brief.published for e in cat.live)
    found: dict[tuple[int, int], Month] = {}
    day = dt.date(first.year, first.month, 1)
    while day <= cat.today:
        found[(day.year, day.month)] = Month(day.year, day.month, partial=(day.year, day.month) ==
                                             (cat.today.year, cat.today.month))
        day = _first_of_next(day.year, day.month)

    def at(date: dt.date) -> Month | None:
        return found.get((date.year, date.month))

    for entry in sorted(cat.live, key=lambda e: (e.brief.published, e.slug)):
        month = at(entry.brief.published)
        if month is not None:
            month.new.append(entry)
    for change in sorted(cat.changes, key=lambda c: (c.date, c.entry.slug, c.anchor)):
        month = at(change.date)
        if month is not None:
            month.changes.append(change)
    for item in cat.timeline:  # past and today, oldest first
        month = at(item.date)
        if month is not None:
            (month.status_changes if item.kind == "status" else month.events).append(item)
    dated: dict[tuple[int, int], list[TimelineEvent]] = {}
    for item in cat.calendar:  # past and scheduled, in date order (a property that sorts: read once)
        dated.setdefault((item.date.year, item.date.month), []).append(item)
    for month in found.values():
        start = _first_of_next(month.year, month.month)
        month.coming = dated.get((start.year, start.month), [])
    return sorted((m for m in found.values() if m.active), key=lambda m: m.key, reverse=True)


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def email_html(env: jinja2.Environment, month: Month, site_url: str, site_name: str, today: dt.date) -> str:
    """The month's digest as one HTML document for a mailing tool: inline styles, absolute links."""
    return env.get_template("digest-email.html.j2").render(
        month=month, site_url=site_url, site_name=site_name, today=today, limit=SECTION_LIMIT)


def _items_html(env: jinja2.Environment, month: Month, site_url: str, today: dt.date) -> str:
    return env.get_template("digest-items.html.j2").render(month=month, site_url=site_url, today=today,
                                                                    limit=SECTION_LIMIT)


def atom(env: jinja2.Environment, found: list[Month], cat: Catalog, site_url: str) -> bytes:
    """`/digest/feed.xml`: one entry per month, newest first, with the digest as its content."""
    fg = FeedGenerator()
    fg.id(site_url + FOLDER + "feed.xml")
    fg.title(f"{SITE_TITLE}: monthly digest")
    fg.subtitle("What changed each month: new briefs, updates, corrections, status changes, events and what is "
                "coming next.")
    fg.link(href=site_url + FOLDER, rel="alternate")
    fg.link(href=site_url + FOLDER + "feed.xml", rel="self")
    fg.language("en")
    fg.author({"name": f"{SITE_TITLE} editorial team"})
    fg.updated(_when(max((m.last_day for m in found), default=cat.today)))
    for month in reversed(found):  # feedgen prepends: add oldest first
        fe = fg.add_entry()
        fe.id(site_url + month.url)
        fe.title(f"{SITE_TITLE}: {month.label}" + (" (so far)" if month.partial else ""))
        fe.link(href=site_url + month.url, rel="alternate")
        fe.summary(month.counts())
        fe.content(_items_html(env, month, site_url, cat.today), type="html")
        fe.published(_when(month.last_day))
        fe.updated(_when(month.last_day))
    return fg.atom_str(pretty=True)


def compile_digest(cat: Catalog, site_url: str, site_name: str, env: jinja2.Environment,
                   listing: Callable[..., Any]) -> tuple[list[Any], dict[str, bytes]]:
    """The digest's pages (made by ``listing``, the compiler's page maker) and files."""
    found = months(cat)
    pages = [listing(f"{FOLDER}index.md", "digest-index.md.j2", "Monthly digest",
                     "What changed in the publication each month, with a feed and a version for newsletters.",
                     "listing", months=found)]
    files: dict[str, bytes] = {f"{FOLDER}feed.xml": atom(env, found, cat, site_url)}
    for position, month in enumerate(found):
        newer = found[position - 1] if position > 0 else None
        older = found[position + 1] if position + 1 < len(found) else None
        pages.append(listing(f"{FOLDER}{month.key}.md", "digest.md.j2", f"Digest: {month.label}",
                             f"What changed in {month.label}: {month.counts()}.", "listing",
                             month=month, newer=newer, older=older, today=cat.today, limit=SECTION_LIMIT))
        files[f"{month.url}email.html"] = email_html(env, month, site_url, site_name, cat.today).encode("utf-8")
    return pages, files
