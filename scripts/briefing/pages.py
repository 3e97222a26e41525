"""Compile the catalog into Markdown pages (rendered by any Markdown site generator) and
static files (feeds, API, redirects). Templates live in `docs/templates/` and autoescape
every value, so front-matter text always comes out as text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import api, feeds
from . import calendar as calendars
from .catalog import Catalog, Entry, changelog_anchors

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "fr": "French", "ko": "Korean", "ja": "Japanese",
                  "de": "German", "es": "Spanish", "ru": "Russian", "ar": "Arabic"}
SOURCE_GROUPS = (("primary", "Primary sources"), ("secondary", "Secondary sources"), ("translation", "Translations"))
HOME_LATEST = 8
HOME_UPCOMING = 6


BODY_MARKER = "<!-- briefing:body -->"


@dataclass
class Page:
    """A generated page at a docs-relative path such as `briefs/<slug>.md`.

    Only ``markdown`` (a brief's body) needs a Markdown renderer; the HTML around it is
    already rendered from the templates, and is placed before and after the rendered body.
    Passing the whole page through Markdown would make it re-parse every raw HTML block.
    """

    path: str
    title: str  # plain text; the adapter escapes it
    description: str  # plain text
    markdown: str
    kind: str  # brief | topic | listing | ...
    meta: dict[str, Any] = field(default_factory=dict)
    before_html: str = ""
    after_html: str = ""
    body_html: str = ""  # a brief's rendered body (the core renders it; see render.py)
    toc: list[dict[str, Any]] = field(default_factory=list)  # the body's headings (toc tokens)

    @property
    def url(self) -> str:
        return page_url(self.path)

    @property
    def full_markdown(self) -> str:
        """The whole page as one Markdown document, for renderers without the adapter."""
        parts = (self.before_html, self.body_html or self.markdown, self.after_html)
        return "\n\n".join(part for part in parts if part)


@dataclass
class Output:
    pages: list[Page]
    files: dict[str, bytes]  # site-relative path -> content, written after the build
    redirects: dict[str, str]  # site-relative old path -> site-relative new URL


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a page: `briefs/x.md` -> `briefs/x/`, `index.md` -> ``."""
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def long_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def bibtex_escape(text: str) -> str:
    out = []
    for char in text:
        if char in "{}\\":
            out.append({"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}"}[char])
        elif char in "%&$#_":
            out.append("\\" + char)
        elif char in "^~":
            out.append(r"\textasciicircum{}" if char == "^" else r"\textasciitilde{}")
        else:
            out.append(char)
    return "".join(out)


def bib_field(value: str, double: bool = False, raw: bool = False) -> str:
    """A BibTeX field value in braces; double braces keep a title's capitals."""
    text = value if raw else bibtex_escape(value)
    return "{{" + text + "}}" if double else "{" + text + "}"


def json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/ld+json">: no `<`, `>` or `&` survive."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ris_record(fields: list[tuple[str, str]]) -> str:
    """RIS lines (`TAG  - value`), each value on one line."""
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in fields if value)


class Compiler:
    def __init__(
        self,
        cat: Catalog,
        site_url: str,
        templates: Path,
        site_name: str = feeds.SITE_TITLE,
        repo_url: str | None = None,
        commits: dict[str, str] | None = None,
    ) -> None:
        self.cat = cat
        self.repo_url = (repo_url or "").rstrip("/") or None
        self.commits = commits or {}
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.site_name = site_name
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["bib"] = bib_field
        self.env.filters["author_name"] = lambda author_id: cat.authors[author_id].name
        self.env.globals.update(
            cat=cat,
            site_url=self.site_url,
            site_name=site_name,
            language_name=lambda code: LANGUAGE_NAMES.get(code.split("-")[0].lower(), code),
            source_groups=SOURCE_GROUPS,
        )

    def render(self, template: str, path: str, **context: Any) -> str:
        prefix = "../" * page_url(path).count("/")  # from this page's folder back to the site root

        def link(target_url: str) -> str:
            return (prefix + target_url) or "./"

        return self.env.get_template(template).render(link=link, page_path=path, **context)

    def compile(self) -> Output:
        cat = self.cat
        pages = [self.brief_page(e) for e in cat.entries.values()]
        pages += [self.topic_page(t) for t in cat.topics]
        pages += [self.author_page(a) for a in cat.authors]
        pages += [
            self.listing("index.md", "home.md.j2", self.site_name,
                         "Short, sourced, cross-linked briefs on AI governance and AI safety, with a focus on "
                         "China and US–China technology policy.", "home",
                         latest=cat.live[:HOME_LATEST], changes=cat.changes[:8], upcoming=cat.upcoming[:HOME_UPCOMING]),
            self.listing("briefs/index.md", "briefs.md.j2", "All briefs",
                         "Every published brief, newest first.", "listing"),
            self.listing("topics/index.md", "topics.md.j2", "Topics",
                         "The publication's topics, with their briefs and events.", "listing"),
            self.listing("authors/index.md", "authors.md.j2", "Authors",
                         "Who writes the briefs.", "listing"),
            self.listing("timeline/index.md", "timeline.md.j2", "Timeline",
                         "What is scheduled, then every dated event covered by a published brief, in date order.",
                         "listing", years=_by_year(cat), upcoming=cat.upcoming),
            self.listing("corrections/index.md", "corrections.md.j2", "Corrections",
                         "Every correction made to a brief, newest first.", "listing",
                         meta={"corrections_feed": True},
                         corrections=[c for c in cat.changes if c.kind == "correction"]),
        ]
        files: dict[str, bytes] = {
            "feed.xml": feeds.atom(cat, self.site_url),
            "feed.json": feeds.json_feed(cat, self.site_url).encode(),
            "api/briefs.json": api.api_document(cat, self.site_url).encode(),
            "api/briefs.schema.json": (json.dumps(api.api_schema(), indent=1) + "\n").encode(),
            "updates.xml": feeds.updates_atom(cat, self.site_url),
            "updates.json": feeds.updates_json(cat, self.site_url).encode(),
            "corrections/feed.xml": feeds.updates_atom(cat, self.site_url, corrections=True),
            "calendar.ics": calendars.ics(cat, self.site_url),
            "calendar.json": calendars.calendar_json(cat, self.site_url).encode(),
            "calendar.schema.json": (json.dumps(calendars.calendar_schema(), indent=1) + "\n").encode(),
        }
        for topic_id in cat.topics:
            files[f"topics/{topic_id}/feed.xml"] = feeds.atom(cat, self.site_url, topic=topic_id)
            files[f"topics/{topic_id}/updates.xml"] = feeds.updates_atom(cat, self.site_url, topic=topic_id)
            files[f"topics/{topic_id}/calendar.ics"] = calendars.ics(cat, self.site_url, topic=topic_id)
        redirects = {f"briefs/{old}/index.html": f"briefs/{new}/" for old, new in cat.redirects.items()}
        for old_path, target in redirects.items():
            files[old_path] = self.env.get_template("redirect.html.j2").render(
                target=self.site_url + target, relative="../" + target.removeprefix("briefs/")
            ).encode()
        return Output(pages, files, redirects)

    def listing(self, path: str, template: str, title: str, description: str, kind: str,
                meta: dict[str, Any] | None = None, **context: Any) -> Page:
        html = self.render(template, path, title=title, **context)
        return Page(path, title, description, "", kind, meta or {}, before_html=html)

    def brief_page(self, entry: Entry) -> Page:
        cat, b = self.cat, entry.brief
        path = f"briefs/{entry.slug}.md"
        successor = cat.superseded_by.get(entry.slug)
        predecessor = cat.entries.get(b.supersedes) if b.supersedes else None
        permalink = self.site_url + entry.url
        authors = [cat.authors[a].name for a in b.authors]
        ris = ris_record(
            [("TY", "ELEC"), *[("AU", name) for name in authors], ("TI", b.title), ("T2", self.site_name),
             ("PY", str(b.published.year)), ("DA", b.published.strftime("%Y/%m/%d")),
             ("ET", f"Version of {long_date(entry.last_changed)}"), ("UR", permalink), ("AB", b.summary)]
        )
        source_commit = self.commits.get(entry.source_path) if self.repo_url else None
        html = self.render(
            "brief.md.j2", path, entry=entry, b=b, successor=successor, predecessor=predecessor,
            related=cat.related.get(entry.slug, []), related_declared=cat.related_declared.get(entry.slug, []),
            links_to=cat.links_to.get(entry.slug, []), links_here=cat.links_here.get(entry.slug, []),
            changelog=changelog_anchors(b), ris=ris, source_commit=source_commit, repo_url=self.repo_url,
            permalink=permalink, today=cat.today,
        )
        json_ld = {
            "@context": "https://schema.org",
            "@type": "Report",
            "headline": b.title,
            "description": b.summary,
            "datePublished": b.published.isoformat(),
            "dateModified": entry.last_changed.isoformat(),
            "url": permalink,
            "mainEntityOfPage": permalink,
            "inLanguage": "en",
            "author": [{"@type": "Organization" if a == "editorial-team" else "Person", "name": cat.authors[a].name}
                       for a in b.authors],
            "publisher": {"@type": "Organization", "name": self.site_name},
            "about": [cat.topics[t].label for t in b.topics],
            "citation": [s.url for s in b.sources],
        }
        meta = {
            "og_type": "article",
            "json_ld": json_for_script(json_ld),
            "published": b.published.isoformat(),
            "modified": entry.last_changed.isoformat(),
            "topic_feeds": [(t, cat.topics[t].label) for t in b.topics],
            "withdrawn": entry.withdrawn,
            # Highwire Press tags, which Zotero and Google Scholar read (dates as YYYY/MM/DD)
            "citation": {
                "title": b.title,
                "authors": authors,
                "publication_date": b.published.strftime("%Y/%m/%d"),
                "online_date": entry.last_changed.strftime("%Y/%m/%d"),
                "public_url": permalink,
                "publisher": self.site_name,
            },
        }
        before, _, after = html.partition(BODY_MARKER)
        return Page(path, b.title, b.summary, "", "brief", meta, before_html=before, after_html=after,
                    body_html=entry.html, toc=entry.toc)

    def topic_page(self, topic_id: str) -> Page:
        topic = self.cat.topics[topic_id]
        path = f"topics/{topic_id}.md"
        entries = self.cat.by_topic[topic_id]
        events = [ev for ev in self.cat.timeline if topic_id in ev.topics or topic_id in ev.entry.brief.topics]
        upcoming = [ev for ev in self.cat.upcoming if topic_id in ev.topics or topic_id in ev.entry.brief.topics]
        html = self.render("topic.md.j2", path, topic_id=topic_id, topic=topic, entries=entries,
                           events=list(reversed(events)), upcoming=upcoming)
        return Page(path, topic.label, topic.description, "", "topic",
                    {"topic_feeds": [(topic_id, topic.label)]}, before_html=html)

    def author_page(self, author_id: str) -> Page:
        author = self.cat.authors[author_id]
        path = f"authors/{author_id}.md"
        html = self.render("author.md.j2", path, author_id=author_id, author=author,
                           entries=self.cat.by_author[author_id])
        return Page(path, author.name, author.bio or f"Briefs by {author.name}.", "", "author", before_html=html)


def _by_year(cat: Catalog) -> list[tuple[int, list[Any]]]:
    years: dict[int, list[Any]] = {}
    for event in cat.timeline:
        years.setdefault(event.date.year, []).append(event)
    return sorted(years.items())


def compile_site(
    cat: Catalog, site_url: str, templates: Path, repo_url: str | None = None, commits: dict[str, str] | None = None
) -> Output:
    return Compiler(cat, site_url, templates, repo_url=repo_url, commits=commits).compile()
