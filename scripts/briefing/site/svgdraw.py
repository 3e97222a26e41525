"""Draw a ``charts.Chart`` as SVG text. Every value that comes from a brief goes through
``_e`` (XML escaping, quotes included); numbers are formatted by Python. Written as plain string
building rather than a Jinja2 template because a chart has hundreds of marks and a template's
per-element overhead made the charts cost seconds at 1,000 briefs (see site/charts.py).

Colours are presentation attributes (the standalone file's), which the site's CSS overrides by
class for dark mode and print; text is `currentColor`. Inline in a page, a `<title>` holds no
`<` (see ``svg_title``)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .charts import Chart

DASHED = 'stroke-dasharray="4 2" '
LANE_COLOURS = {"US": "#1f5fa8", "CN": "#c62828", "other": "#5f6368"}


def svg_title(text: str) -> str:
    """Text for an SVG ``<title>`` or ``<desc>`` inside an HTML page. The page's escaping keeps it
    text for the browser, but libxml2 (the audit's parser) reads ``<title>`` as raw text and
    cannot tell ``&lt;b`` from ``<b``; so ``<`` is drawn as the full-width ``＜`` there (only
    in the tooltip: the table and lists beside the chart show the title as written)."""
    return text.replace("<", "\uff1c")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _t(text: str) -> str:
    return escape(svg_title(text), quote=False)


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def draw(chart: Chart, kind: str, href: Callable[[str], str], standalone: bool = False) -> str:
    cid = _e(chart.id)
    w, h = chart.width, chart.height
    namespace = 'xmlns="http://www.w3.org/2000/svg" ' if standalone else ""
    out = [f'<svg {namespace}class="chart chart--{_e(kind)}" '
           f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="group" aria-labelledby="{cid}-title" '
           f'aria-describedby="{cid}-desc" font-family="sans-serif" font-size="12" fill="currentColor">',
           f'<title id="{cid}-title">{_t(chart.title)}</title>', f'<desc id="{cid}-desc">{_t(chart.desc)}</desc>']
    if chart.lines:
        out.append(f'<defs><marker id="{cid}-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
                   'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#555" '
                   'class="chart-arrow"/></marker></defs>')
    for index, (label, top, height) in enumerate(chart.lanes):
        out.append(f'<g class="chart-lane"><rect x="0" y="{_n(top)}" width="{w}" height="{_n(height)}" fill="#888" '
                   f'fill-opacity="{"0.08" if index % 2 == 0 else "0.02"}"/><text x="6" y="{_n(top + 14)}" '
                   f'class="chart-lane__label" font-weight="bold">{_e(label)}</text></g>')
    for x, label in chart.ticks:
        out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="10" y2="{h - 24}" stroke="#888" stroke-opacity="0.35" '
                   f'class="chart-tick"/><text x="{_n(x)}" y="{h - 10}" text-anchor="middle" '
                   f'class="chart-tick__label">{_e(label)}</text>')
    if chart.today_x is not None:
        out.append(f'<line x1="{_n(chart.today_x)}" x2="{_n(chart.today_x)}" y1="6" y2="{h - 24}" stroke="#555" '
                   f'stroke-dasharray="3 3" class="chart-today"/><text x="{_n(chart.today_x + 3)}" y="{h - 26}" '
                   'class="chart-today__label">today</text>')
    for line in chart.lines:
        mid = (line.x1 + line.x2) / 2
        bend = min(line.y1, line.y2) - 24
        out.append(f'<path d="M{_n(line.x1)},{_n(line.y1)} Q{_n(mid)},{_n(bend)} {_n(line.x2)},{_n(line.y2)}" '
                   f'fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#{cid}-arrow)" '
                   f'class="chart-response"><title>{_t(line.title)}</title></path>')
    for index, m in enumerate(chart.marks):
        if m.width:
            css = "chart-segment" + (" chart-segment--scheduled" if m.scheduled else "")
            start = (f'<a href="{_e(m.url)}" rel="noopener noreferrer" class="{css}">' if m.url
                     else f'<g class="{css}">')
            bar = (f'<rect x="{_n(m.x)}" y="{_n(m.y)}" width="{_n(m.width)}" height="22" fill="#1f5fa8" '
                   f'fill-opacity="{"0.35" if m.scheduled else "0.85"}" stroke="#fff" '
                   f'{DASHED if m.scheduled else ""}'
                   f'class="chart-segment__bar chart-status--{"a" if index % 2 == 0 else "b"}"/>')
            title = f'<title>{_t(m.title)}{" (source)" if m.url else ""}</title>'
            right = m.x >= w * 0.7
            out.append(start + bar + title + ("</a>" if m.url else "</g>"))
            out.append(f'<text x="{_n(m.x + m.width if right else m.x)}" y="{_n(m.label_y)}" '
                       f'text-anchor="{"end" if right else "start"}" class="chart-segment__label">{_e(m.label)}</text>')
        else:
            out.append(f'<a href="{_e(href(m.url))}" class="chart-mark chart-mark--{_e(m.lane)}" '
                       f'data-topics="{_e(" ".join(m.topics))}" data-jurisdictions="{_e(" ".join(m.jurisdictions))}">'
                       f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="5" fill="{LANE_COLOURS.get(m.lane, "#5f6368")}" '
                       f'class="chart-mark__dot"/><title>{_t(m.title)}</title></a>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
