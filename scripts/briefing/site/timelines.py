"""The charts' pages and downloads (issue 23): `/timeline/responses/`, each topic's whole
sequence at `/topics/<id>/timeline/`, and beside every chart its data (CSV) and the chart itself
(standalone SVG, with absolute links). The charts are laid out by `charts.py` and drawn by
`svgdraw.py`; ``install`` gives the page templates what they need to draw them
inline (year pages, topic pages, the status strip on brief pages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from . import charts, svgdraw
from .catalog import Catalog, TimelineEvent

RESPONSES_PAGE = 60  # pairs per page of /timeline/responses/ (the latest first; the downloads hold them all)
TOPIC_RESPONSES = 30  # the latest pairs drawn on a topic page
TOPIC_TIMELINE_PAGE = 150  # events per page of a topic's whole sequence (as a year of /timeline/)


class _Compiler(Protocol):
    cat: Catalog
    env: jinja2.Environment
    site_url: str

    def listing(self, path: str, template: str, title: str, description: str, kind: str,
                meta: dict[str, Any] | None = None, **context: Any) -> Any: ...


def chart_svg(env: jinja2.Environment, chart: charts.Chart, kind: str, href: Callable[[str], str],
              standalone: bool = False) -> Markup:
    return Markup(svgdraw.draw(chart, kind, href, standalone))  # (every value escaped there)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{_long_date(day)}</time>'


def event_items(cat: Catalog, events: list[charts.MergedEvent], link: Callable[[str], str],
                topics: bool = True) -> Markup:
    """The ``<li>`` of each merged event (what `_timeline.j2` described, as string building: a
    topic's whole sequence is thousands of items). Every value is escaped here."""
    out = []
    for ev in events:
        when = _time(ev.date) + (f"–{_time(ev.end)}" if ev.end else "")
        also = ""
        if len(ev.entries) > 1:
            others = "; ".join(f'<a href="{escape(link(e.url))}">{escape(e.brief.title)}</a>' for e in ev.entries[1:])
            also = f' <span class="timeline-also">(also in {others})</span>'
        tags = ""
        if topics:
            tags = " " + " ".join(f'<a class="brief-topic" href="{escape(link("topics/" + t + "/"))}">'
                                  f"{escape(cat.topics[t].label)}</a>" for t in ev.topics if t in cat.topics)
        out.append(f'<li data-topics="{escape(" ".join(ev.filter_topics))}" '
                   f'data-jurisdictions="{escape(" ".join(ev.jurisdictions))}">{when} '
                   f'<a href="{escape(link(ev.entry.url))}">{escape(ev.title)}</a>{also}{tags}</li>')
    return Markup("\n".join(out))


def events_by_topic(cat: Catalog) -> dict[str, list[charts.MergedEvent]]:
    """Each topic's merged events, oldest first, in one pass over the timeline."""
    raw: dict[str, list[TimelineEvent]] = {t: [] for t in cat.topics}
    for ev in cat.timeline:
        for topic in dict.fromkeys([*ev.topics, *ev.entry.brief.topics]):
            if topic in raw:
                raw[topic].append(ev)
    return {t: charts.merge_events(found) for t, found in raw.items()}


def install(compiler: _Compiler) -> None:
    """Filters and functions the page templates draw charts with."""
    env, cat = compiler.env, compiler.cat
    env.globals.update(
        chart_svg=lambda chart, kind, link: chart_svg(env, chart, kind, link),
        status_strip=lambda entry: charts.status_strip(entry, cat.today, "status-strip"),
        timeline_chart=charts.timeline_chart,
        topic_responses=lambda topic: charts.response_rows(cat, topic)[-TOPIC_RESPONSES:],
        responses_chart=lambda rows: charts.responses_chart(cat, "responses", pairs=rows),
        lane_labels=charts.LANE_LABELS,
        lane_of=charts.lane_of,
        measure_date=charts.measure_date,
        timeline_facets=lambda events: timeline_facets(cat, events),
        event_list_items=lambda events, link, topics=True: event_items(cat, events, link, topics),
    )


def timeline_facets(cat: Catalog, events: list[charts.MergedEvent]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The filters of a timeline page: the topics and jurisdictions its events have."""
    topics = sorted({t for ev in events for t in ev.filter_topics if t in cat.topics},
                    key=lambda t: cat.topics[t].label)
    codes = sorted({j for ev in events for j in ev.jurisdictions if j in cat.jurisdictions},
                   key=lambda j: cat.jurisdictions[j].label)
    return [("topic", "Topic", [(t, cat.topics[t].label) for t in topics]),
            ("jurisdiction", "Jurisdiction", [(j, cat.jurisdictions[j].label) for j in codes])]


def merged_by_year(cat: Catalog) -> list[tuple[int, list[charts.MergedEvent]]]:
    years: dict[int, list[charts.MergedEvent]] = {}
    for event in charts.merge_events(cat.timeline):
        years.setdefault(event.date.year, []).append(event)
    return sorted(years.items())


def _downloads(compiler: _Compiler, chart: charts.Chart, kind: str, base: str) -> dict[str, bytes]:
    site_url = compiler.site_url
    svg = chart_svg(compiler.env, chart, kind, lambda url: site_url + url, standalone=True)
    return {f"{base}.csv": chart.csv(), f"{base}.svg": ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg)).encode()}


def compile_charts(compiler: _Compiler) -> tuple[list[Any], dict[str, bytes]]:
    """The responses page, each topic's timeline pages, and every chart's downloads."""
    cat = compiler.cat
    pages: list[Any] = []
    files: dict[str, bytes] = {}
    chart = charts.responses_chart(cat, "responses")
    rows = charts.response_rows(cat)
    # newest first, RESPONSES_PAGE pairs a page (each page's chart and table in date order)
    chunks = [rows[max(0, end - RESPONSES_PAGE): end] for end in range(len(rows), 0, -RESPONSES_PAGE)] or [[]]
    paths = ["timeline/responses.md", *[f"timeline/responses/page/{n}.md" for n in range(2, len(chunks) + 1)]]
    for number, (chunk, path) in enumerate(zip(chunks, paths, strict=True), 1):
        title = "Measures and responses" + (f" (page {number} of {len(chunks)})" if len(chunks) > 1 else "")
        pages.append(compiler.listing(
            path, "responses.md.j2", title,
            "The measures that answer one another (a US rule and China's reply, and back), drawn in lanes by "
            "jurisdiction, with the same content as a table.", "listing", rows=chunk, number=number,
            count=len(chunks), pages=[p.removesuffix(".md") + "/" for p in paths],
            chart=charts.responses_chart(cat, "responses", pairs=chunk)))
    if chart is not None:
        files.update(_downloads(compiler, chart, "responses", "timeline/responses"))
    for year, events in merged_by_year(cat):
        year_chart = charts.timeline_chart("timeline", f"Events of {year}", events)
        if year_chart is not None:
            files.update(_downloads(compiler, year_chart, "timeline", f"timeline/{year}"))
    by_topic = events_by_topic(cat)
    for topic_id, topic in cat.topics.items():
        events = by_topic[topic_id]
        topic_chart = charts.timeline_chart("timeline", f"Events: {topic.label}", events)
        if topic_chart is not None:
            files.update(_downloads(compiler, topic_chart, "timeline", f"topics/{topic_id}/timeline"))
        answers = charts.responses_chart(cat, "responses", topic_id)
        if answers is not None:
            files.update(_downloads(compiler, answers, "responses", f"topics/{topic_id}/responses"))
        chunks = [events[i: i + TOPIC_TIMELINE_PAGE] for i in range(0, len(events), TOPIC_TIMELINE_PAGE)] or [[]]
        paths = [f"topics/{topic_id}/timeline.md",
                 *[f"topics/{topic_id}/timeline/page/{n}.md" for n in range(2, len(chunks) + 1)]]
        for number, (chunk, path) in enumerate(zip(chunks, paths, strict=True), 1):
            title = f"{topic.label}: timeline" + (f" (page {number} of {len(chunks)})" if len(chunks) > 1 else "")
            pages.append(compiler.listing(
                path, "topic_timeline.md.j2", title, f"Every dated event of the topic {topic.label}, oldest first.",
                "listing", meta={"timeline_filter": True}, topic_id=topic_id, topic=topic, events=chunk,
                total=len(events), number=number, count=len(chunks),
                pages=[p.removesuffix(".md") + "/" for p in paths]))
    for entry in cat.entries.values():
        strip = charts.status_strip(entry, cat.today, "status-strip")
        if strip is not None:
            files.update(_downloads(compiler, strip, "strip", f"{entry.url}status"))
    return pages, files
