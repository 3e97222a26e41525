"""The link check's report, as text, Markdown or JSON.

The report is grouped by brief: OK, redirected (with the new address, so the source can be
updated) or broken (the status or the error), with the archived copy where the brief gives one.
Contributor text is made inert: kept on one line in the text report, escaped in Markdown.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from typing import Any
from urllib.parse import quote, urlsplit

from .linkcheck import Report, SourceLink


def _clean(value: Any) -> str:
    return " ".join(str(value).split())


def _by_brief(report: Report) -> dict[str, list[SourceLink]]:
    grouped: dict[str, list[SourceLink]] = {}
    for link in report.links:
        grouped.setdefault(link.path, []).append(link)
    return grouped


LABEL = {"ok": "OK", "redirected": "REDIRECTED", "broken": "BROKEN"}


def render_text(report: Report) -> str:
    lines: list[str] = []
    for path, links in _by_brief(report).items():
        lines.append(_clean(path))
        for link in links:
            res = report.result(link.url)
            if res is None:
                continue
            line = f"  {LABEL[res.outcome]:<10}  {_clean(link.url)}"
            if res.outcome != "ok":
                line += f"  ({_clean(res.describe())})"
            lines.append(line)
            if link.archived_url:
                arch = report.result(link.archived_url)
                state = LABEL[arch.outcome] if arch else "?"
                lines.append(f"  {'':<10}  archived copy: {_clean(link.archived_url)} ({state})")
    counts = report.counts()
    lines.append("")
    lines.append(
        f"{len(report.links)} sources in {len(_by_brief(report))} briefs: {counts['ok']} OK, "
        f"{counts['redirected']} redirected, {counts['broken']} broken; "
        f"{report.broken_archives()} archived copies broken"
    )
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(value: Any) -> str:
    """Untrusted text made inert in Markdown and HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(_clean(value), quote=False))


def md_link(url: str) -> str:
    """A clickable link to an http(s) URL; anything else is shown as inert text."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return md(url)
    target = quote(url, safe=":/?#@!$&'*+,;=%~-._[]").replace("(", "%28").replace(")", "%29")
    return f"[{md(url)}]({target})"


def render_markdown(report: Report) -> str:
    counts = report.counts()
    lines = [
        "## Source link check",
        "",
        f"{len(report.links)} sources in {len(_by_brief(report))} briefs: "
        f"**{counts['broken']} broken**, "
        f"{counts['redirected']} redirected, {counts['ok']} OK; "
        f"{report.broken_archives()} archived copies broken.",
        "",
    ]
    if not counts["broken"] and not counts["redirected"]:
        lines += ["Every source answered. Nothing to do.", ""]
    else:
        lines += [
            "Broken sources need a new URL or an `archived_url`; redirected ones can be updated "
            "to the new address. Edit the brief's `sources` and, for a published brief, add a "
            "changelog entry.",
            "",
        ]
    for path, links in _by_brief(report).items():
        bad = [lk for lk in links if (r := report.result(lk.url)) and r.outcome != "ok"]
        if not bad:
            continue
        lines += [
            f"### {md(path)}",
            "",
            "| | source | result | archived copy |",
            "|---|---|---|---|",
        ]
        for link in bad:
            res = report.result(link.url)
            assert res is not None
            archive = "—"
            if link.archived_url:
                arch = report.result(link.archived_url)
                archive = f"{md_link(link.archived_url)} ({LABEL[arch.outcome] if arch else '?'})"
            detail = (
                f"redirected to {md_link(res.final_url)}"
                if res.outcome == "redirected" and res.final_url
                else md(res.describe())
            )
            lines.append(
                f"| {LABEL[res.outcome]} | {md(link.title) or md(link.url)}<br>{md_link(link.url)} "
                f"| {detail} | {archive} |"
            )
        lines.append("")
    ok = [lk for lk in report.links if (r := report.result(lk.url)) and r.outcome == "ok"]
    if ok:
        lines += [f"<details><summary>{len(ok)} OK</summary>", ""]
        lines += [f"- {md(lk.path)}: {md_link(lk.url)}" for lk in ok]
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: Report) -> str:
    briefs = []
    for path, links in _by_brief(report).items():
        sources = []
        for link in links:
            res = report.result(link.url)
            arch = report.result(link.archived_url)
            sources.append(
                {
                    "index": link.index,
                    "title": link.title,
                    "url": link.url,
                    "result": asdict(res) if res else None,
                    "archived_url": link.archived_url,
                    "archived": asdict(arch) if arch else None,
                }
            )
        briefs.append({"path": path, "slug": links[0].slug, "sources": sources})
    payload = {
        "summary": {
            **report.counts(),
            "sources": len(report.links),
            "broken_archives": report.broken_archives(),
        },
        "briefs": briefs,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report)
