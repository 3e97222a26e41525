"""The pictures drawn at build time (issue 23): the responses chart, visual timelines and the
instrument's status strip, as data and layout. The SVG itself is written by `svgdraw.py`, by
hand (every value escaped), from the ``Chart`` built here.

Why hand-written SVG and not a charting library. The charts are a handful of lanes, dots,
lines and bars on a date axis; what matters is what each mark is: an SVG ``<a>`` to a brief,
reachable from the keyboard, with the brief's title in its ``<title>``, and text that stays text.
- Vega-Lite through `vl-convert-python` 1.9.0.post1 (measured 7 December 2026, 150 circles with
  `href`, `tooltip` and `description`): a 33.5 MB wheel (it embeds a JavaScript engine), 2.6 s to
  start, then ~220 ms per chart on this (shared) machine, 62 KB of SVG; each mark gets an `<a>`
  and an `aria-label` but no `<title>` (no tooltip without its JavaScript handler), and a white
  background and fixed colours (no dark mode). Here the same chart takes 3.3 ms and 44 KB, with
  a `<title>` per mark. At 5,000 briefs (a strip per instrument, charts per year and topic) the
  difference is minutes against about a second.
- matplotlib (not installed here; not measured) keeps text as text (`svg.fonttype: none`) and
  links artists (`set_url`), but gives no `<title>` per mark and fixed colours.
Hand-written SVG is exactly the markup the audit and the accessibility checks expect, in
microseconds per mark. (A Jinja2 template was tried first: its per-element overhead cost about
4 s of charts at 1,000 synthetic briefs, so the marks are now plain string building with
`html.escape`, tested with hostile titles.)

Lanes: a mark's lane is the first of its brief's jurisdictions that is the United States or
China (a Chinese subdivision counts as China), else "Others". Same-day duplicates on timelines
are merged by ``merge_key``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Brief
from .catalog import Catalog, Entry, TimelineEvent
from .csvout import csv_bytes

LANES = (("US", "United States"), ("CN", "China"), ("other", "Others"))
LANE_LABELS = dict(LANES)
LEFT = 110  # room for the lane labels
PLOT = 600  # width of the plot area (the SVG is LEFT + PLOT + RIGHT wide, scrolled on a phone)
RIGHT = 20
TOP = 10
ROW = 12  # vertical step between stacked marks
RADIUS = 5
MAX_ROWS = 10  # stacked marks per lane before they overlap
AXIS = 28  # room for the axis labels


def lane_of(jurisdictions: Iterable[str]) -> str:
    for code in jurisdictions:
        if code == "US" or code.startswith("US-"):
            return "US"
        if code == "CN" or code.startswith("CN-"):
            return "CN"
    return "other"


def measure_date(brief: Brief) -> dt.date:
    """Where a measure stands on the responses chart: its instrument's first dated status (else its
    adoption, else its entry into force), else the brief's first dated event, else its publication."""
    instrument = brief.instrument
    if instrument is not None:
        if instrument.history:
            return instrument.history[0].date
        if instrument.adopted or instrument.effective:
            return instrument.adopted or instrument.effective  # type: ignore[return-value]
    if brief.events:
        return min(event.date for event in brief.events)
    return brief.published


_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def merge_key(ev: TimelineEvent) -> tuple[str, str]:
    """Two timeline items are the same happening when they fall on the same day and are either the
    same status of the same instrument (by name, whatever the note) or events of the same title
    (case, punctuation and spacing aside), whichever briefs cite them."""
    if ev.kind == "status" and ev.entry.brief.instrument is not None:
        return ev.date.isoformat(), "status " + normalise(f"{ev.entry.brief.instrument.name} {ev.status}")
    return ev.date.isoformat(), normalise(ev.title)


@dataclass
class MergedEvent:
    """One happening of the timeline, once, with every brief that covers it (the first first)."""

    date: dt.date
    title: str
    kind: str | None
    end: dt.date | None
    entries: list[Entry]
    topics: list[str]  # the items' own topics (an event's, else its brief's primary topic)
    jurisdictions: list[str]
    scheduled: bool = False
    filter_topics: list[str] = field(default_factory=list)  # and their briefs' topics: what a filter matches

    @property
    def entry(self) -> Entry:
        return self.entries[0]

    @property
    def lane(self) -> str:
        return lane_of(self.jurisdictions)

    def in_topic(self, topic: str) -> bool:
        return topic in self.filter_topics


def merge_events(events: Iterable[TimelineEvent]) -> list[MergedEvent]:
    """``events`` with same-day duplicates merged (``merge_key``), in the order of their first item."""
    merged: dict[tuple[str, str], MergedEvent] = {}
    for ev in events:
        key = merge_key(ev)
        found = merged.get(key)
        broad = [*ev.topics, *ev.entry.brief.topics]
        if found is None:
            merged[key] = MergedEvent(ev.date, ev.title, ev.kind, ev.end, [ev.entry], list(dict.fromkeys(ev.topics)),
                                      list(ev.entry.brief.jurisdictions), ev.scheduled, list(dict.fromkeys(broad)))
            continue
        if ev.entry not in found.entries:
            found.entries.append(ev.entry)
        found.topics = list(dict.fromkeys([*found.topics, *ev.topics]))
        found.filter_topics = list(dict.fromkeys([*found.filter_topics, *broad]))
        found.jurisdictions = list(dict.fromkeys([*found.jurisdictions, *ev.entry.brief.jurisdictions]))
        if ev.end and (found.end is None or ev.end > found.end):
            found.end = ev.end
    return list(merged.values())


@dataclass
class Mark:
    x: float
    y: float
    date: dt.date
    title: str  # plain text; the template escapes it
    url: str  # site-relative (briefs/<slug>/) or absolute (a source)
    lane: str = "other"
    topics: Sequence[str] = ()
    jurisdictions: Sequence[str] = ()
    width: float = 0  # a bar (status strip) when > 0
    label: str = ""  # text drawn beside the mark (status strip)
    label_y: float = 0
    scheduled: bool = False
    external: bool = False


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    title: str


@dataclass
class Chart:
    id: str  # unique on its page: prefixes the ids inside the SVG
    title: str
    desc: str
    width: int
    height: int
    lanes: list[tuple[str, float, float]] = field(default_factory=list)  # (label, top, height)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    today_x: float | None = None
    csv_header: list[str] = field(default_factory=list)
    csv_rows: list[list[str]] = field(default_factory=list)

    def csv(self) -> bytes:
        return csv_bytes(self.csv_header, self.csv_rows)


def _scale(start: dt.date, end: dt.date) -> Callable[[dt.date], float]:
    span = max(1, (end - start).days)
    return lambda day: round(LEFT + (day - start).days / span * PLOT, 1)


def _ticks(start: dt.date, end: dt.date, x: Callable[[dt.date], float]) -> list[tuple[float, str]]:
    if (end - start).days <= 400:
        months = []
        day = dt.date(start.year, start.month, 1)
        while day <= end:
            if day >= start:
                months.append((x(day), day.strftime("%b %Y") if day.month == 1 else day.strftime("%b")))
            day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return months
    step = max(1, (end.year - start.year + 1) // 10)
    return [(x(dt.date(year, 1, 1)), str(year)) for year in range(start.year + 1, end.year + 1, step)]


def _stack(points: list[tuple[float, int]]) -> tuple[dict[int, int], int]:
    """Rows for marks in one lane so that none covers another (``points``: x and an index)."""
    rows: list[float] = []
    placed: dict[int, int] = {}
    for x, index in sorted(points):
        for row, last in enumerate(rows):
            if x - last >= 2 * RADIUS + 1:
                rows[row] = x
                placed[index] = row
                break
        else:
            if len(rows) < MAX_ROWS:
                rows.append(x)
                placed[index] = len(rows) - 1
            else:
                placed[index] = index % MAX_ROWS
    return placed, max(1, len(rows))


@dataclass
class _Item:
    date: dt.date
    lane: str
    title: str
    url: str
    topics: Sequence[str]
    jurisdictions: Sequence[str]


def _lanes_chart(chart_id: str, title: str, desc: str, items: list[_Item], start: dt.date, end: dt.date) -> Chart:
    x = _scale(start, end)
    lanes_rows = {}
    by_lane: dict[str, list[tuple[float, int]]] = {lane: [] for lane, _ in LANES}
    for index, item in enumerate(items):
        by_lane[item.lane].append((x(item.date), index))
    for lane, points in by_lane.items():
        lanes_rows[lane] = _stack(points)
    chart = Chart(chart_id, title, desc, LEFT + PLOT + RIGHT, 0)
    top = TOP
    ys: dict[int, float] = {}
    for lane, label in LANES:
        placed, rows = lanes_rows[lane]
        height = rows * ROW + 18
        chart.lanes.append((label, top, height))
        for index, row in placed.items():
            ys[index] = top + 9 + RADIUS + row * ROW
        top += height
    chart.height = int(top + AXIS)
    chart.ticks = _ticks(start, end, x)
    for index, item in enumerate(items):
        chart.marks.append(Mark(x(item.date), ys[index], item.date, f"{item.title} ({item.date.isoformat()})",
                                item.url, item.lane, item.topics, item.jurisdictions))
    return chart


def responses_chart(cat: Catalog, chart_id: str, topic: str | None = None,
                    pairs: list[tuple[Entry, Entry]] | None = None) -> Chart | None:
    """The measures linked by `responds_to` (of one topic: both measures of a pair in it; or the
    ``pairs`` given), one lane per jurisdiction, a line from each measure to the one that answers it."""
    pairs = pairs if pairs is not None else response_rows(cat, topic)
    if not pairs:
        return None
    measures = sorted({e.slug: e for pair in pairs for e in pair}.values(),
                      key=lambda e: (measure_date(e.brief), e.slug))
    dates = [measure_date(e.brief) for e in measures]
    start = dt.date(min(dates).year, 1, 1)
    end = dt.date(max(dates).year, 12, 31)
    items = [_Item(measure_date(e.brief), lane_of(e.brief.jurisdictions), e.brief.title, e.url, e.brief.topics,
                   e.brief.jurisdictions) for e in measures]
    scope = f" on {cat.topics[topic].label}" if topic else ""
    chart = _lanes_chart(
        chart_id, f"Measures and responses{scope}",
        f"{len(measures)} measures in lanes by jurisdiction (United States, China, others), each at its date, "
        f"with a line from each measure to the one that answers it ({len(pairs)} responses). The table below "
        "holds the same content.", items, start, end)
    where = {e.slug: mark for e, mark in zip(measures, chart.marks, strict=True)}
    for answer, answered in sorted(pairs, key=lambda p: (p[0].slug, p[1].slug)):
        a, b = where[answered.slug], where[answer.slug]
        chart.lines.append(Line(a.x, a.y, b.x, b.y, f"{answer.brief.title} answers {answered.brief.title}"))
    chart.csv_header = ["date", "lane", "jurisdictions", "title", "brief", "responds_to"]
    for e in measures:
        chart.csv_rows.append([measure_date(e.brief).isoformat(), LANE_LABELS[lane_of(e.brief.jurisdictions)],
                               " ".join(e.brief.jurisdictions), e.brief.title, e.url,
                               " ".join(o.url for o in cat.responds_to.get(e.slug, []))])
    return chart


def response_rows(cat: Catalog, topic: str | None = None) -> list[tuple[Entry, Entry]]:
    """(measure, the measure it answers), by the answering measure's date: the table under the chart."""
    pairs = [(cat.entries[slug], answered) for slug, found in cat.responds_to.items() for answered in found]
    if topic is not None:
        pairs = [(a, b) for a, b in pairs if topic in a.brief.topics and topic in b.brief.topics]
    return sorted(pairs, key=lambda p: (measure_date(p[0].brief), p[0].slug, p[1].slug))


def timeline_chart(chart_id: str, title: str, events: list[MergedEvent], start: dt.date | None = None,
                   end: dt.date | None = None) -> Chart | None:
    """Merged events at their dates, one lane per jurisdiction; each mark links to the first brief."""
    if not events:
        return None
    start = start or dt.date(min(ev.date for ev in events).year, 1, 1)
    end = end or dt.date(max(ev.date for ev in events).year, 12, 31)
    items = [_Item(ev.date, ev.lane, ev.title, ev.entry.url, ev.filter_topics, ev.jurisdictions) for ev in events]
    chart = _lanes_chart(chart_id, title, f"{len(events)} events by date, in lanes by jurisdiction (United States, "
                         "China, others); each links to the brief that covers it. The list below holds the same "
                         "events.", items, start, end)
    chart.csv_header = ["date", "end", "title", "kind", "lane", "jurisdictions", "topics", "briefs"]
    chart.csv_rows = [[ev.date.isoformat(), ev.end.isoformat() if ev.end else "", ev.title, ev.kind or "",
                       LANE_LABELS[ev.lane], " ".join(ev.jurisdictions), " ".join(ev.topics),
                       " ".join(e.url for e in ev.entries)] for ev in events]
    return chart


STRIP_HEIGHT = 22


def status_strip(entry: Entry, today: dt.date, chart_id: str) -> Chart | None:
    """The instrument's history as one bar of segments, from its first status to today, and its
    scheduled entries beyond (hatched); each segment links to its source when it has one."""
    instrument = entry.brief.instrument
    if instrument is None or not instrument.history:
        return None
    steps = instrument.history
    start = steps[0].date
    last = max(today, steps[-1].date)
    end = last + dt.timedelta(days=max(30, (last - start).days // 10))
    x = _scale(start, end)
    chart = Chart(chart_id, f"Status of {instrument.name}",
                  f"The instrument's {len(steps)} dated statuses from {start.isoformat()} to today"
                  + (" and its scheduled changes" if steps[-1].date > today else "")
                  + ", each a segment linking to its source; the list below holds the same history.",
                  LEFT + PLOT + RIGHT, 0)
    bar_top = TOP + 30
    for index, step in enumerate(steps):
        following = steps[index + 1].date if index + 1 < len(steps) else end
        scheduled = step.date > today
        label = step.status.replace("-", " ") + (" (scheduled)" if scheduled else "")
        x1, x2 = x(step.date), x(following)
        chart.marks.append(Mark(
            x1, bar_top, step.date, f"{label}, {step.date.isoformat()}" + (f": {step.note}" if step.note else ""),
            step.source or "", width=max(3.0, round(x2 - x1, 1)), label=f"{label} · {step.date.isoformat()}",
            label_y=bar_top - 8 if index % 2 == 0 else bar_top + STRIP_HEIGHT + 14,
            scheduled=scheduled, external=True))
    chart.lanes = [("Status", bar_top - 30, STRIP_HEIGHT + 60)]
    chart.today_x = x(today)
    chart.ticks = _ticks(start, end, x)
    chart.height = bar_top + STRIP_HEIGHT + 20 + AXIS
    chart.csv_header = ["date", "status", "scheduled", "note", "source"]
    chart.csv_rows = [[s.date.isoformat(), s.status, "yes" if s.date > today else "no", s.note or "", s.source or ""]
                      for s in steps]
    return chart
