"""Compile the catalog into Markdown pages (rendered by any Markdown site generator) and
static files (feeds, API, redirects). Templates live in `docs/templates/` and autoescape
every value, so front-matter text always comes out as text.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

import jinja2

from ..digest import digest, tree_digest
from ..model import InstrumentStatus
from . import api, citations, datapackage, feeds, monthly, pagetoc, relations, statepages, timelines
from . import calendar as calendars
from .catalog import Catalog, Entry, changelog_anchors
from .reporting import report_url
from .standing import distinct_upcoming, latest_development_first, next_dates, next_label, years_covered

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "fr": "French", "ko": "Korean", "ja": "Japanese",
                  "de": "German", "es": "Spanish", "ru": "Russian", "ar": "Arabic"}
SOURCE_GROUPS = (("primary", "Primary sources"), ("secondary", "Secondary sources"), ("translation", "Translations"))
HOME_LATEST = 8
# What the timelines, charts and tracker read of a brief (Compiler._shape_parts)
_SHAPE_FIELDS = {"title", "status", "published", "updated", "jurisdictions", "topics", "events", "instrument",
                 "watch", "responds_to"}
LISTING_PAGE_SIZE = 50  # briefs per page of /briefs/, a topic and an author (contract v2: .../page/<n>/)
TOPIC_EVENTS = 40  # a topic page lists its latest events; the timeline has them all
TIMELINE_PAGE_EVENTS = 150  # events per page of a year of the timeline (about 1 KB of HTML each)
HOME_UPCOMING = 6


BODY_MARKER = "<!-- briefing:body -->"
T = TypeVar("T")


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
    # With `compile_site(lazy=True)`: renders before_html and after_html when first needed
    # (``materialize``), so that a build holds each page's HTML only while it is written.
    later: Callable[[], tuple[str, str]] | None = field(default=None, repr=False, compare=False)
    # incremental.page_key, computed once (a page kept by PageMemo is the same object next build)
    key: str = field(default="", repr=False, compare=False)

    def materialize(self) -> Page:
        if self.later is not None:
            self.before_html, self.after_html = self.later()
            self.later = None
        return self

    @property
    def url(self) -> str:
        return page_url(self.path)

    @property
    def full_markdown(self) -> str:
        """The whole page as one Markdown document, for renderers without the adapter."""
        self.materialize()
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


# What a character that BibTeX or LaTeX reads as syntax becomes in a BibTeX value. BibTeX counts
# every brace, escaped or not (`\}` still closes a field), so a brace becomes a command whose own
# braces are balanced: no value can close its field, and `@` (which starts an entry) never appears.
_BIBTEX = {
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "@": r"\symbol{64}",
    **{char: "\\" + char for char in "%&$#_"},
}


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX value, brace-balanced and on one line (white space, line breaks included,
    is one space, as BibTeX reads it)."""
    return "".join(_BIBTEX.get(char, char) for char in " ".join(text.split()))


def bibtex_url(url: str) -> str:
    """A URL for a verbatim field (`url`, where LaTeX escapes would end up in the address): the
    characters BibTeX reads as syntax, which a URL never holds raw, are percent-encoded."""
    return "".join(quote(char, safe="") if char in "{}\\" or char.isspace() else char for char in url)


def bib_field(value: str, double: bool = False, url: bool = False) -> str:
    """A BibTeX field value in braces; double braces keep a title's capitals."""
    text = bibtex_url(value) if url else bibtex_escape(value)
    return "{{" + text + "}}" if double else "{" + text + "}"


def bib_names(names: list[str]) -> str:
    """An `author` value: each name in its own braces, so that it is kept as written (a team's
    name is not split into first and last names) and an ` and ` inside it does not split it."""
    return "{" + " and ".join("{" + bibtex_escape(name) + "}" for name in names) + "}"


def json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/ld+json">: no `<`, `>` or `&` survive."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ris_record(fields: list[tuple[str, str]]) -> str:
    """RIS lines (`TAG  - value`), each value on one line."""
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in fields if value)


@dataclass
class PageMemo:
    """Compiled pages and files kept between builds (``mkdocs serve``), each with the digest of
    everything it is made from. For a brief page: the brief itself (its front matter, rendered
    body and headings), every brief it shows (related, linked, superseding or superseded: their
    whole front matter), the data files, the templates, the build date, the site's and the
    repository's URLs and the brief's source commit. For a topic's pages, feeds and calendar:
    every brief of the topic and every dated item that belongs to it; for a page of /briefs/ or
    of an author: its place in the list and the briefs on it; for a brief in the API: the same
    as its page. Whatever has an unchanged digest is not rendered again. The home page, the
    timeline and the site-wide feeds and calendar are always compiled afresh."""

    # name -> (digest, what was made): brief pages, per topic its pages, feeds and calendar, each
    # page of /briefs/ and of an author, each brief's API entry. What a build did not ask for
    # (a deleted brief, a topic gone) is forgotten at its end.
    outputs: dict[str, tuple[str, Any]] = field(default_factory=dict)
    envs: dict[str, jinja2.Environment] = field(default_factory=dict)  # by templates folder
    hits: int = 0
    misses: int = 0


class Compiler:
    def __init__(
        self,
        cat: Catalog,
        site_url: str,
        templates: Path,
        site_name: str = feeds.SITE_TITLE,
        repo_url: str | None = None,
        commits: dict[str, str] | None = None,
        page_size: int = LISTING_PAGE_SIZE,
        memo: PageMemo | None = None,
        lazy: bool = False,
        pdf: bool = False,
    ) -> None:
        self.cat = cat
        self.memo = memo
        self.lazy = lazy and memo is None  # kept pages are compared by their HTML: never lazy
        self._entry_digests: dict[str, str] = {}
        self._used: set[str] = set()
        self._base_digest = ""
        if memo is not None:
            data = [json.dumps({k: v.model_dump(mode="json") for k, v in table.items()}, sort_keys=True)
                    for table in (cat.topics, cat.authors, cat.jurisdictions)]
            self._base_digest = digest(tree_digest(templates), *data, cat.today.isoformat(), site_url,
                                        repo_url or "", site_name, str(page_size))
        self.page_size = max(1, page_size)
        self.repo_url = (repo_url or "").rstrip("/") or None
        self.commits = commits or {}
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.site_name = site_name
        kept_env = memo.envs.get(str(templates)) if memo is not None else None
        self.env = kept_env or jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )  # a kept environment keeps its compiled templates, and reloads any that changed on disk
        if memo is not None:
            memo.envs[str(templates)] = self.env
        env = self.env
        self.env.filters["long_date"] = long_date
        self.env.filters["bib"] = bib_field
        self.env.filters["bib_names"] = bib_names
        self.env.filters["author_name"] = lambda author_id: env.globals["cat"].authors[author_id].name
        self._cards: dict[tuple[str, str], Any] = {}
        self.env.globals.update(
            cat=cat,
            card_once=self._card_once,
            site_url=self.site_url,
            site_name=site_name,
            language_name=lambda code: LANGUAGE_NAMES.get(code.split("-")[0].lower(), code),
            source_groups=SOURCE_GROUPS,
            next_label=next_label,
            years_covered=lambda entry: years_covered(cat, entry),
            pdf=pdf,  # brief pages link their PDF (site/pdf.py); off under `mkdocs serve` (never changes there)
            numbered_sources=citations.numbered,
            brief_relations=relations.relations,
            on_this_page=pagetoc.on_this_page,
        )
        timelines.install(self)  # the charts' filters and functions (issue 23)

    def _card_once(self, macro: Any, entry: Entry, base: str) -> Any:
        """A brief's card (`_macros.j2`), rendered once per way back to the site root (`base`):
        nothing else on the page changes it, and a brief's card appears on its topics' and
        authors' listings, the index and the related briefs of other briefs (thousands of times
        at 5,000 briefs)."""
        key = (entry.slug, base)
        found = self._cards.get(key)
        if found is None:
            found = self._cards[key] = macro(entry)
        return found

    def render(self, template: str, path: str, **context: Any) -> str:
        prefix = "../" * page_url(path).count("/")  # from this page's folder back to the site root

        def link(target_url: str) -> str:
            return (prefix + target_url) or "./"

        return self.env.get_template(template).render(link=link, page_path=path, **context)

    def compile(self) -> Output:
        cat = self.cat
        pages = [self.brief_page(e) for e in cat.entries.values()]
        topic_parts = {t: self._topic_parts(t) for t in cat.topics}
        pages += [page for t in cat.topics
                  for page in self._memoized(f"topic-pages:{t}", topic_parts[t], lambda t=t: self.topic_pages(t))]
        pages += [page for a in cat.authors for page in self.author_pages(a)]
        shape = self._shape_parts()
        pages += [
            self.listing("index.md", "home.md.j2", self.site_name,
                         "Short, sourced, cross-linked briefs on AI governance and AI safety, with a focus on "
                         "China and US–China technology policy.", "home",
                         latest=cat.live[:HOME_LATEST], changes=cat.changes[:8],
                         upcoming=next_dates(cat, limit=HOME_UPCOMING), **statepages.home_context(cat)),
            *self.paged("briefs/", "briefs.md.j2", "All briefs", "Every published brief, newest first.",
                        "listing", cat.live, memo_name="briefs"),
            self.listing("topics/index.md", "topics.md.j2", "Topics",
                         "The publication's topics, with their briefs and events.", "listing"),
            self.listing("authors/index.md", "authors.md.j2", "Authors",
                         "Who writes the briefs.", "listing"),
            *self._memoized("timeline-pages", shape, self.timeline_pages),
            *self._memoized("tracker-pages", shape, lambda: statepages.tracker_pages(self)),
            *statepages.jurisdiction_pages(self),
            self.listing("corrections/index.md", "corrections.md.j2", "Corrections",
                         "Every correction made to a brief, newest first.", "listing",
                         meta={"corrections_feed": True},
                         corrections=[c for c in cat.changes if c.kind == "correction"]),
            self.listing("search/index.md", "search.md.j2", "Search",
                         "Search every brief, topic and year of the timeline, and filter the briefs by topic, "
                         "jurisdiction, instrument type and status, and year.", "search", facets=self.search_facets()),
        ]
        files: dict[str, bytes] = {
            "feed.xml": feeds.atom(cat, self.site_url),
            "feed.json": feeds.json_feed(cat, self.site_url).encode(),
            "api/briefs.json": api.api_document(cat, self.site_url, [
                self._memoized(f"api:{e.slug}", [self._brief_page_digest(e)] if self.memo is not None else [],
                               lambda e=e: api.api_item(cat, e, self.site_url))
                for e in cat.live]).encode(),
            "api/briefs.schema.json": (json.dumps(api.api_schema(), indent=1) + "\n").encode(),
            "updates.xml": feeds.updates_atom(cat, self.site_url),
            "updates.json": feeds.updates_json(cat, self.site_url).encode(),
            "corrections/feed.xml": feeds.updates_atom(cat, self.site_url, corrections=True),
            "calendar.ics": calendars.ics(cat, self.site_url),
            "calendar.json": calendars.calendar_json(cat, self.site_url).encode(),
            "calendar.schema.json": (json.dumps(calendars.calendar_schema(), indent=1) + "\n").encode(),
            **statepages.files(self),
        }
        for t in cat.topics:
            files[f"topics/{t}/feed.xml"] = self._memoized(
                f"topic-feed:{t}", topic_parts[t], lambda t=t: feeds.atom(cat, self.site_url, topic=t))
            files[f"topics/{t}/updates.xml"] = self._memoized(
                f"topic-updates:{t}", topic_parts[t], lambda t=t: feeds.updates_atom(cat, self.site_url, topic=t))
            files[f"topics/{t}/calendar.ics"] = self._memoized(
                f"topic-calendar:{t}", topic_parts[t], lambda t=t: calendars.ics(cat, self.site_url, topic=t))
        # /data/ (contract v3) and /digest/: under `mkdocs serve`, kept while no brief changes
        every = [self._entry_digest(e) for e in cat.entries.values()] if self.memo is not None else []
        release = self._memoized("data-release", every, lambda: datapackage.release(
            cat, self.site_url, self.site_name, self.repo_url))
        files.update(release.files)
        pages.append(self.listing("data/index.md", "data.md.j2", "Open data",
                                  "Every published brief's metadata as documented CSV tables: a citable, dated "
                                  "release under CC BY 4.0.", "listing", release=release))
        digest_pages, digest_files = self._memoized("digest", every, lambda: monthly.compile_digest(
            cat, self.site_url, self.site_name, self.env, self.listing))
        pages += digest_pages
        files.update(digest_files)
        pages.append(self.listing("follow/index.md", "follow.md.j2", "Follow",
                                  "Feeds, calendars and the monthly digest: what each is for and how to add it.",
                                  "listing"))
        chart_pages, chart_files = self._memoized("charts", shape, lambda: timelines.compile_charts(self))
        pages += chart_pages
        files.update(chart_files)
        if self.memo is not None:  # forget briefs, topics and authors that are gone
            self.memo.outputs = {name: kept for name, kept in self.memo.outputs.items() if name in self._used}
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

    def _entry_digest(self, entry: Entry) -> str:
        found = self._entry_digests.get(entry.slug)
        if found is None:
            found = digest(entry.slug, entry.source_path, entry.brief.model_dump_json(), entry.html,
                            json.dumps(entry.toc, sort_keys=True))
            self._entry_digests[entry.slug] = found
        return found

    def _memoized(self, name: str, parts: list[str], make: Callable[[], T]) -> T:
        """``make()``, or what it returned in an earlier build for the same ``parts``."""
        if self.memo is None:
            return make()
        self._used.add(name)
        key = digest(self._base_digest, name, *parts)
        kept = self.memo.outputs.get(name)
        if kept is not None and kept[0] == key:
            self.memo.hits += 1
            return cast(T, kept[1])
        self.memo.misses += 1
        value = make()
        self.memo.outputs[name] = (key, value)
        return value

    def _shape_parts(self) -> list[str]:
        """Per brief, what the timelines, the charts and the tracker read of it: its title, status,
        dates, jurisdictions, topics, events, instrument, watch items and responses, not its summary,
        key points, sources or body. Under `mkdocs serve` those pages are kept while only the rest
        of a brief changes (a summary edited at 1,000 briefs drew them all again: 0.8 s)."""
        if self.memo is None:
            return []
        cat = self.cat
        return [digest(e.slug, e.url, e.brief.model_dump_json(include=_SHAPE_FIELDS),
                       " ".join(sorted(o.slug for o in cat.responds_to.get(e.slug, []))))
                for e in cat.entries.values()]

    def _topic_parts(self, topic_id: str) -> list[str]:
        if self.memo is None:
            return []
        cat = self.cat
        parts = [self._entry_digest(e) for e in cat.by_topic.get(topic_id, [])]
        parts += [f"{ev.uid_key}={self._entry_digest(ev.entry)}" for ev in cat.calendar if ev.in_topic(topic_id)]
        return parts

    def _brief_page_digest(self, entry: Entry) -> str:
        cat = self.cat
        shown: list[str] = []
        groups = (cat.related.get(entry.slug, []), cat.related_declared.get(entry.slug, []),
                  cat.links_to.get(entry.slug, []), cat.links_here.get(entry.slug, []),
                  cat.responds_to.get(entry.slug, []), cat.answered_by.get(entry.slug, []),
                  [e for e in (cat.superseded_by.get(entry.slug),
                               cat.entries.get(entry.brief.supersedes) if entry.brief.supersedes else None) if e])
        for group in groups:
            shown.append("|".join(f"{e.slug}={self._entry_digest(e)}" for e in group))
        commit = self.commits.get(entry.source_path, "") if self.repo_url else ""
        return digest(self._base_digest, self._entry_digest(entry), commit, *shown)

    def brief_page(self, entry: Entry) -> Page:
        if self.memo is None:
            return self._brief_page(entry)
        return self._memoized(f"brief-page:{entry.slug}", [self._brief_page_digest(entry)],
                              lambda: self._brief_page(entry))

    def _brief_page(self, entry: Entry) -> Page:
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

        def html() -> tuple[str, str]:
            text = self.render(
                "brief.md.j2", path, entry=entry, b=b, successor=successor, predecessor=predecessor,
                changelog=changelog_anchors(b), ris=ris, source_commit=source_commit, repo_url=self.repo_url,
                permalink=permalink, today=cat.today,
                report_url=report_url(self.repo_url, entry.slug, entry.last_changed, b.title),
            )
            before, _, after = text.partition(BODY_MARKER)
            return before, after

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
        if self.lazy:
            return Page(path, b.title, b.summary, "", "brief", meta, body_html=entry.html, toc=entry.toc, later=html)
        before, after = html()
        return Page(path, b.title, b.summary, "", "brief", meta, before_html=before, after_html=after,
                    body_html=entry.html, toc=entry.toc)

    def paged(self, base: str, template: str, title: str, description: str, kind: str, entries: list[Entry],
              meta: dict[str, Any] | None = None, first_path: str | None = None, memo_name: str | None = None,
              **context: Any) -> list[Page]:
        """A listing split into pages of ``page_size`` entries: page 1 at ``base`` (e.g. `briefs/`),
        page n at ``base`` + `page/<n>/`, each linking the previous and the next. With a
        ``memo_name`` (only for listings whose ``context`` comes from the data files), a page
        whose briefs and place are unchanged is kept from the last build (``PageMemo``)."""
        chunks = [entries[i : i + self.page_size] for i in range(0, len(entries), self.page_size)] or [[]]
        count = len(chunks)

        def path(number: int) -> str:
            return (first_path or f"{base}index.md") if number == 1 else f"{base}page/{number}.md"

        pages = []
        for number, chunk in enumerate(chunks, 1):
            pagination = {
                "number": number, "count": count, "total": len(entries),
                "first_index": (number - 1) * self.page_size + 1,
                "prev": page_url(path(number - 1)) if number > 1 else None,
                "next": page_url(path(number + 1)) if number < count else None,
                "prev_path": path(number - 1) if number > 1 else None,
                "next_path": path(number + 1) if number < count else None,
            }
            page_title = title if number == 1 else f"{title} (page {number} of {count})"

            def make(number: int = number, chunk: list[Entry] = chunk, pagination: dict[str, Any] = pagination,
                     page_title: str = page_title) -> Page:
                html = self.render(template, path(number), title=page_title, entries=chunk, pagination=pagination,
                                   first_page=number == 1, **context)
                page_meta = {**(meta or {}), "pagination": pagination}
                return Page(path(number), page_title, description, "", kind, page_meta, before_html=html)

            if memo_name is None or self.memo is None:
                pages.append(make())
                continue
            parts = [template, path(number), page_title, description, kind, json.dumps(pagination, sort_keys=True),
                     json.dumps(meta or {}, sort_keys=True, default=str), *(self._entry_digest(e) for e in chunk)]
            pages.append(self._memoized(f"{memo_name}:{number}", parts, make))
        return pages

    def timeline_pages(self) -> list[Page]:
        """`/timeline/`: what is upcoming, the latest year and an index of years; `/timeline/<year>/`:
        one year's events, oldest first, linking the year before and after (contract v2)."""
        cat = self.cat
        years = _by_year(cat)
        index = [(year, len(events)) for year, events in years]
        # the latest year's most recent events (all of them unless the year is split into pages)
        latest = [(years[-1][0], years[-1][1][-TIMELINE_PAGE_EVENTS:])] if years else []
        pages = [self.listing("timeline/index.md", "timeline.md.j2", "Timeline",
                              "What is scheduled, the latest year's events, and every year of the timeline.",
                              "listing", years=latest, year_index=index, upcoming=cat.upcoming, year=None)]
        for position, (year, events) in enumerate(years):
            newer = f"timeline/{years[position + 1][0]}.md" if position + 1 < len(years) else None
            older = f"timeline/{years[position - 1][0]}.md" if position > 0 else None
            # A busy year is split like a listing, so that no page outgrows the page-size limit
            chunks = [events[i : i + TIMELINE_PAGE_EVENTS] for i in range(0, len(events), TIMELINE_PAGE_EVENTS)]
            paths = [f"timeline/{year}.md", *[f"timeline/{year}/page/{n}.md" for n in range(2, len(chunks) + 1)]]
            for number, (chunk, path) in enumerate(zip(chunks, paths, strict=True), 1):
                if len(chunks) == 1:  # previous and next are the years either side
                    prev_path, next_path = newer, older
                else:  # previous and next are the year's own pages
                    prev_path = paths[number - 2] if number > 1 else None
                    next_path = paths[number] if number < len(chunks) else None
                pagination = {"number": number, "count": len(chunks) if len(chunks) > 1 else len(years),
                              "prev_path": prev_path, "next_path": next_path, "total": len(events),
                              "prev": page_url(prev_path) if prev_path else None,
                              "next": page_url(next_path) if next_path else None}
                title = f"Timeline: {year}" + (f" (page {number} of {len(chunks)})" if len(chunks) > 1 else "")
                pages.append(self.listing(
                    path, "timeline.md.j2", title,
                    f"Every dated event of {year} covered by a published brief, in date order.", "timeline-year",
                    meta={"pagination": pagination, "timeline_filter": True}, years=[(year, chunk)],
                    year_index=index, upcoming=[], year=year,
                    newer=page_url(newer) if newer else None, older=page_url(older) if older else None,
                    year_pages=[page_url(p) for p in paths] if len(chunks) > 1 else [], year_page=number))
        return pages

    def search_facets(self) -> list[dict[str, Any]]:
        """The search page's filters (contract v2: /search/?topic=&jurisdiction=&type=&status=&year=),
        each with the values at least one live brief has; the page counts them live in the browser."""
        live = self.cat.live
        topics = sorted((t for t in self.cat.topics if self.cat.by_topic.get(t)),
                        key=lambda t: self.cat.topics[t].label)
        codes = sorted({j for e in live for j in e.brief.jurisdictions}, key=lambda j: self.cat.jurisdictions[j].label)
        types = sorted({e.brief.instrument.type for e in live if e.brief.instrument})
        statuses = {self.cat.current_status(e) for e in live} - {None}
        years = sorted({year for e in live for year in years_covered(self.cat, e)}, reverse=True)  # v3: covered
        return [
            {"key": "topic", "label": "Topic", "options": [(t, self.cat.topics[t].label) for t in topics]},
            {"key": "jurisdiction", "label": "Jurisdiction",
             "options": [(j, self.cat.jurisdictions[j].label) for j in codes]},
            {"key": "type", "label": "Instrument type", "options": [(t, t.replace("-", " ")) for t in types]},
            {"key": "status", "label": "Instrument status (today)",
             "options": [(s, s.replace("-", " ")) for s in typing.get_args(InstrumentStatus) if s in statuses]},
            {"key": "year", "label": "Year covered", "options": [(str(y), str(y)) for y in years]},
        ]

    def topic_pages(self, topic_id: str) -> list[Page]:
        topic = self.cat.topics[topic_id]
        entries = latest_development_first(self.cat, self.cat.by_topic[topic_id])  # contract v3
        events = timelines.charts.merge_events(ev for ev in self.cat.timeline if ev.in_topic(topic_id))
        upcoming = distinct_upcoming(ev for ev in self.cat.upcoming if ev.in_topic(topic_id))
        pages = self.paged(f"topics/{topic_id}/", "topic.md.j2", topic.label, topic.description, "topic", entries,
                           {"topic_feeds": [(topic_id, topic.label)]}, f"topics/{topic_id}.md",
                           topic_id=topic_id, topic=topic, **statepages.topic_context(self.cat, topic_id),
                           events=list(reversed(events))[:TOPIC_EVENTS], events_total=len(events), upcoming=upcoming)
        for page in pages[1:]:
            page.kind = "listing"  # further pages are not indexed for search: page 1 stands for the topic
        return pages

    def author_pages(self, author_id: str) -> list[Page]:
        author = self.cat.authors[author_id]
        return self.paged(f"authors/{author_id}/", "author.md.j2", author.name,
                          author.bio or f"Briefs by {author.name}.", "author", self.cat.by_author[author_id],
                          first_path=f"authors/{author_id}.md", memo_name=f"author:{author_id}", author_id=author_id,
                          author=author)


def _by_year(cat: Catalog) -> list[tuple[int, list[Any]]]:
    return timelines.merged_by_year(cat)  # same-day duplicates merged


def compile_site(
    cat: Catalog, site_url: str, templates: Path, repo_url: str | None = None, commits: dict[str, str] | None = None,
    page_size: int = LISTING_PAGE_SIZE, memo: PageMemo | None = None, lazy: bool = False, pdf: bool = False,
) -> Output:
    """Every page and file. With ``lazy``, brief pages render their HTML on ``Page.materialize``; with
    ``pdf``, each live brief's page links its PDF (`/briefs/<slug>.pdf`, written by site/pdf.py)."""
    return Compiler(cat, site_url, templates, repo_url=repo_url, commits=commits, page_size=page_size,
                    memo=memo, lazy=lazy, pdf=pdf).compile()
