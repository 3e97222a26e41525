"""The thin MkDocs adapter: everything MkDocs-specific lives here and nowhere else.

It runs the validator (failing the build on any error), adds the compiled pages as generated
files, sets their titles and metadata (escaped), marks the pages the site search indexes and
gives them the bigrams of their Chinese text (zh.py), sanitises brief HTML, writes feeds, API and
redirects, builds the Pagefind search index after the build, runs the audit, and watches `briefs/`
under `mkdocs serve`.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import posixpath
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nh3
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import ids
from .digest import tree_digest
from .mkdocs_pageworker import PageWorker, can_fork
from .model import DATA_FILES
from .problems import BUILD_INFO_WARNINGS, render
from .rules.reference import reference_markdown
from .rules.validate import BuildDateError
from .site import pdf, searchindex, zh
from .site import sitepages as site_pages
from .site.audit import Scanner, audit_site, largest_pages
from .site.build import BuildResult, Caches, compile_corpus, peak_mib
from .site.catalog import Catalog, Entry
from .site.incremental import KeptSite, MemoryBytecodeCache, nav_paths
from .site.pages import Page
from .site.render import MarkdownConfig
from .site.sanitize import brief_body

log = get_plugin_logger(__name__)

# A run of Han characters, as Material's search plugin hands them to jieba (`\p{script: Han}+`).
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def search_terms(cat: Catalog) -> list[str]:
    """The publication's own Chinese terms, which jieba must keep whole for search.

    They come from the data, never from a hand-kept list: every topic alias and every visible
    brief's instrument `name_zh`. Material segments only runs of Han characters, so a term
    such as "人工智能安全治理框架 (1.0版)" contributes its runs of two or more characters.
    """
    texts: list[str] = [alias for topic in cat.topics.values() for alias in topic.aliases]
    texts += [e.brief.instrument.name_zh for e in cat.entries.values()
              if e.brief.instrument is not None and e.brief.instrument.name_zh]
    return sorted({run for text in texts for run in _HAN_RUN.findall(text) if len(run) >= 2})


def add_search_terms(terms: Iterable[str]) -> int:
    """Teach jieba (a process-global tokenizer shared with Material's search plugin) the terms.

    Material indexes pages after `on_files`, so words added here shape the search index. The
    frequency jieba suggests is just high enough to keep each term in one piece.
    """
    try:
        import jieba
    except ImportError:  # Material's search then indexes Han text unsegmented
        log.warning("jieba is not installed; Chinese search terms will not be segmented")
        return 0
    count = 0
    for term in terms:
        jieba.add_word(term)
        count += 1
    return count


def safe_toc(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Toc tokens whose ids are safe, with their titles reduced to text: Material prints both
    into the table of contents unescaped."""
    out = []
    for token in tokens:
        anchor = str(token.get("id", ""))
        if not ids.is_safe(anchor) and anchor not in ids.SITE_IDS:  # a body's, or the page's own sections
            continue
        name = nh3.clean(str(token.get("name", "")), tags=set())
        out.append({**token, "id": anchor, "name": name, "html": name, "children": safe_toc(token.get("children", []))})
    return out


def skip_empty_render(page: Any) -> None:
    """Let a page whose Markdown is empty skip MkDocs' Markdown conversion. A generated page's
    HTML is the core's (on_page_context), so MkDocs converts an empty document for each, with a
    new Markdown instance and every extension each time: 1.1 s at 5,000 briefs, while no other
    work can run. What MkDocs' `Page.render` sets for an empty document is set directly (tested
    against it: tests/test_adapter_render.py); a page whose Markdown is not empty by the time MkDocs
    renders it (another plugin added some) is converted as usual."""
    render = page.render
    module = sys.modules.get(type(page).__module__)
    pages_log = getattr(module, "log", None)

    def render_unless_empty(config: Any, files: Any) -> None:
        if (page.markdown or "").strip():
            render(config, files)
            return
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        if not isinstance(pages_log, logging.Logger) or pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}

    page.render = render_unless_empty


class BriefingConfig(Config):
    root = config_options.Type(str, default=".")
    templates = config_options.Type(str, default="docs/templates")
    audit = config_options.Type(bool, default=True)
    # Build the site search with Pagefind after the build (docs/overrides/partials/pagefind.html
    # is its search box); used when Material's own `search` plugin is not enabled.
    pagefind = config_options.Type(bool, default=True)
    # Briefs per page of /briefs/, a topic and an author; further pages are at .../page/<n>/.
    listing_page_size = config_options.Type(int, default=50)
    # Index the bigrams of Chinese text (briefing/site/zh.py); off only to measure the search without
    # them (benchmarks/bench_reader.py).
    chinese_bigrams = config_options.Type(bool, default=True)
    # Render the theme's navigation once for all brief pages (see BriefingPlugin._cache_nav); off
    # only to check that it changes nothing (tests/test_site_pages.py).
    nav_cache = config_options.Type(bool, default=True)
    # In a one-off build, a forked worker renders some pages' templates while MkDocs renders the
    # rest (see mkdocs_pageworker.py); off only to check that it changes nothing (tests/test_site_pages.py).
    page_worker = config_options.Type(bool, default=True)
    # The print edition: every live brief as /briefs/<slug>.pdf (site/pdf.py), rendered in workers
    # while Pagefind runs and cached by content; never under `mkdocs serve`. mkdocs.yml reads it from
    # BRIEFING_PDF, which the site tests set to false (tests/conftest.py).
    pdf = config_options.Type(bool, default=True)


# Pages that Pagefind indexes carry data-pagefind-body (docs/overrides/main.html); the rest of
# the site (listings, author pages, withdrawn briefs) is left out of the index.
_INDEXED_KINDS = {"brief", "topic", "timeline-year"}  # each year page holds its events once
_INDEXED_LISTINGS: set[str] = set()


def run_pagefind(site_dir: Path, output: Path | None = None, glob: str | None = None) -> str:
    """Index the built site with Pagefind (site/searchindex.py); PluginError if it fails."""
    try:
        return searchindex.run_pagefind(site_dir, output, glob)
    except searchindex.SearchIndexError as exc:
        raise PluginError(str(exc)) from None


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.pages: dict[str, Page] = {}
        self.files: Files | None = None
        # Under `mkdocs serve` (on_startup), what the next build may reuse; see incremental.py.
        self.caches: Caches | None = None
        self.kept: KeptSite | None = None
        self.site_key = ""
        self.keys: dict[str, str] = {}
        self.reuse: dict[str, str] = {}
        self.dest: dict[str, str] = {}
        self.generation = 0
        self.bytecode: MemoryBytecodeCache | None = None
        self.seconds: dict[str, float] = {}  # each stage of the last build (see _report_stages)
        self.peaks: dict[str, float] = {}  # the process's peak memory (MiB) when each stage ended
        self.stage_clock = 0.0
        # In a one-off build, the audit's scan of the pages MkDocs has written (audit.Scanner), and
        # the page MkDocs is about to write (handed to the scanner once it is on disk).
        self.scanner: Scanner | None = None
        self.writing: str | None = None
        self.nav: Any = None
        self.dirty = False
        self.indexed: set[str] = set()  # the pages of this build marked for the search index (dest paths)
        self.page_worker: PageWorker | None = None
        self.pdf_jobs: list[pdf.PdfJob] | None = None  # this build's print edition (None: no PDFs)
        self.pdf_css = ""
        self.pdf_root = Path(".")
        self.pdf_started = 0.0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one plugin object for all the builds of `mkdocs serve` (MkDocs 1.4+)."""
        serving = command == "serve"
        self.dirty = dirty  # MkDocs then skips unchanged pages, which the page worker would not
        self.caches = Caches() if serving else None
        self.kept = KeptSite() if serving else None
        self.bytecode = MemoryBytecodeCache() if serving else None

    def on_pre_build(self, config: Any) -> None:
        self.generation += 1  # a search or audit job of an earlier build is stale from now on
        if self.kept is not None and self.kept.paths:  # a rebuild under `mkdocs serve`
            self.kept.hide(Path(config.site_dir))

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        if self.bytecode is not None:  # before any theme template is loaded in this build
            env.bytecode_cache = self.bytecode
        if self.config.nav_cache:
            self._cache_nav(env)
        self._freeze()  # MkDocs has rendered every page's Markdown: those objects live to the end too
        self._start_page_worker(env, config, files)
        return env

    @event_priority(-100)  # the navigation as every other plugin left it
    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.nav = nav
        return nav

    def _start_page_worker(self, env: Any, config: Any, files: Files) -> None:
        """In a one-off build, fork the worker that renders pages beside MkDocs (mkdocs_pageworker.py):
        every page MkDocs will build with the theme's main.html. Only where nothing else could tell
        the difference: no other plugin handles `on_page_context` (it would run in the worker, out
        of the build's sight), the build is not `--dirty`, and there is a second core."""
        self.page_worker = None
        if (self.kept is not None or self.dirty or not self.config.page_worker or self.nav is None
                or not can_fork()):
            return
        if any(getattr(handler, "__self__", None) is not self for handler in config.plugins.events["page_context"]):
            return
        try:
            template = env.get_template("main.html")
        except TemplateNotFound:
            return
        from mkdocs.commands.build import get_context
        from mkdocs.structure.files import InclusionLevel

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as MkDocs' build loop
        pages = [f.page for f in doc_files if f.page is not None and "template" not in f.page.meta]
        nav = self.nav

        def render(page: Any) -> str:  # MkDocs' _build_page up to the template's output
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, doc_files, config, page)
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                return template.render(context)
            finally:
                page.active = False
                config._current_page = None

        template.root_render_func = self._from_worker(template.root_render_func)
        self.page_worker = PageWorker(pages, render)
        self.page_worker.start()

    def _from_worker(self, render: Any) -> Any:
        """main.html's render, which for a page the worker claimed is the file the worker wrote."""

        def rendered(context: Any) -> Iterable[str]:
            page = context.get("page")
            worker = self.page_worker
            if worker is None or page is None or page.file is None or page.file.src_uri not in worker.theirs:
                yield from render(context)
                return
            output = worker.take(page)
            if output is None:  # the worker could not: render it here after all
                self._prepare(page, context["config"])
                yield from render(context)
                return
            generated = self.pages.get(page.file.src_uri)
            if generated is not None:
                self._release(generated)
            yield output

        return rendered

    def _stop_page_worker(self, wait: float = 0.0) -> None:
        if self.page_worker is not None:
            self.page_worker.stop(wait)
            log.info("a second process rendered %d of the %d pages", self.page_worker.taken,
                     len(self.page_worker.pages))
        self.page_worker = None

    def _freeze(self) -> None:
        """In a one-off build, move what the build holds until it ends (the catalog, the compiled
        pages, MkDocs' pages) out of the garbage collector's sight: every full collection walked
        all of it again (3.6 s at 5,000 briefs). The process ends after the build; under `mkdocs
        serve`, which lives on, nothing is frozen."""
        if self.kept is None:
            gc.freeze()

    # Material's partials whose output on a brief page depends on nothing of the brief: the site
    # navigation, the tabs and the footer (its previous/next links are the nav's, and no brief is in it).
    _SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/footer.html")

    def _cache_nav(self, env: Any) -> None:
        """Render the theme's navigation, tabs and footer once for all brief pages instead of once
        per brief (the navigation alone was a third of the theme's time per page). Briefs are out
        of the nav, so no nav item or tab is active on a brief page and it has no previous or next
        page, and they all sit in one folder (briefs/<slug>/), so relative links are the same on
        each: the output is kept for the build, by partial and folder, for brief pages only.
        tests/test_site_pages.py builds the site without it and compares every page."""
        for name in self._SHARED_PARTIALS:
            try:
                template = env.get_template(name)
            except TemplateNotFound:  # another theme: nothing to share
                continue
            template.root_render_func = self._shared(template.root_render_func)

    def _shared(self, render: Any) -> Any:
        rendered: dict[str, str] = {}

        def shared(context: Any) -> Iterable[str]:
            page = context.get("page")
            generated = self.pages.get(page.file.src_uri) if page is not None and page.file else None
            if (generated is None or generated.kind != "brief" or page.parent is not None
                    or page.previous_page is not None or page.next_page is not None):
                yield from render(context)
                return
            key = posixpath.dirname(page.url.rstrip("/"))
            if key not in rendered:
                rendered[key] = "".join(render(context))
            yield rendered[key]

        return shared

    def on_shutdown(self) -> None:
        self.generation += 1  # a search or audit still running in the background is discarded
        if self.kept is not None:
            self.kept.close()
        self._stop_scanner()
        self._stop_page_worker()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_scanner()
        self._stop_page_worker()

    def _pdf_on(self) -> bool:
        """PDFs in a one-off build only: `mkdocs serve` neither waits for them nor links them."""
        return bool(self.config.pdf) and self.caches is None

    def _start_pdfs(self, site_dir: Path) -> pdf.PdfRun | None:
        """Start writing the print edition: workers (forked now, from this thread) render what the
        cache lacks while Pagefind indexes; _finish_pdfs waits for them before the audit, which
        checks every live brief's PDF."""
        if self.pdf_jobs is None:
            return None
        self.pdf_started = time.perf_counter()
        cache = pdf.cache_dir(self.pdf_root) if pdf.cache_enabled() else None
        return pdf.PdfRun(self.pdf_jobs, site_dir / "briefs", cache, self.pdf_css)

    def _finish_pdfs(self, run: pdf.PdfRun | None) -> None:
        if run is None:
            return
        report = run.finish()
        self._lap("PDFs")
        log.info("PDFs: %d rendered, %d from the cache, in %.2f s (while Pagefind ran)", len(report.rendered),
                 len(report.cached), time.perf_counter() - self.pdf_started)
        if report.failed:
            raise PluginError("some PDFs could not be rendered:\n  " + "\n  ".join(
                f"briefs/{slug}.md: {why}" for slug, why in sorted(report.failed.items())))

    def _stop_scanner(self) -> None:
        if self.scanner is not None:
            self.scanner.close()
        self.scanner, self.writing = None, None

    def _root(self, config: Any) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def on_files(self, files: Files, config: Any) -> Files:
        root = self._root(config)
        site_url = config.site_url or "http://127.0.0.1:8000/"
        started = time.perf_counter()
        markdown = MarkdownConfig(
            tuple(e for e in config.markdown_extensions if isinstance(e, str)),
            {name: dict(values) for name, values in (config.mdx_configs or {}).items()},
        )
        try:
            self.result = compile_corpus(root, site_url, root / self.config.templates, markdown=markdown,
                                         repo_url=config.repo_url or None, page_size=self.config.listing_page_size,
                                         caches=self.caches, lazy=self.caches is None, pdf=self._pdf_on())
        except BuildDateError as exc:
            raise PluginError(str(exc)) from None
        log.info("validated and compiled %d briefs in %.2f s", len(self.result.catalog.entries)
                 if self.result.catalog else 0, time.perf_counter() - started)
        self.seconds = dict(self.result.seconds)
        self.peaks = dict(self.result.peak_mib)
        errors = [p for p in self.result.problems if p.severity == "error"]
        if errors:
            raise PluginError(
                f"{len(errors)} problem(s) in the briefs; the site was not built:\n" + render(errors, "text")
            )
        for problem in self.result.problems:
            # A warning that appears only because a date has passed (an overdue watch item, a
            # status that history has overtaken) must not fail a strict build: the daily deploy
            # would break on that date. Nor must a content warning editors act on in review (a
            # paragraph without a citation). `briefing validate`, `stale` and `review` report them.
            (log.info if problem.rule in BUILD_INFO_WARNINGS else log.warning)(problem.text())
        assert self.result.output is not None and self.result.catalog is not None
        self.pdf_jobs = None
        if self._pdf_on():  # each document now: the rendered bodies are released as pages are written
            templates = root / self.config.templates
            cache = pdf.cache_dir(root) if pdf.cache_enabled() else None
            self.pdf_jobs = pdf.jobs(self.result.catalog.live, self.result.catalog, site_url, templates, cache=cache)
            self.pdf_css, self.pdf_root = pdf.stylesheet(templates), root
        if "material/search" in config.plugins:  # Pagefind segments Chinese itself
            added = add_search_terms(search_terms(self.result.catalog))
            log.debug("search: %d Chinese terms added to jieba's dictionary", added)
        self.pages = {}
        self.indexed = set()
        self.files = files
        self.dest, self.keys, self.reuse = {}, {}, {}
        if self.kept is not None:
            self.site_key = self._site_key(config)
            self.keys, self.reuse = self.kept.plan(self.site_key, self.result.output.pages,
                                                   list(self.result.output.files), nav_paths(config.nav))
        for page in self.result.output.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"docs/{page.path} would be overwritten by a generated page; remove it")
            if page.path in self.reuse:  # unchanged since the last build under `mkdocs serve`: written in on_post_build
                self.pages[page.path] = page
                continue
            # A leading newline keeps MkDocs from reading a body that opens with `---` as meta-data.
            files.append(File.generated(config, page.path, content="\n" + page.markdown))
            self.pages[page.path] = page
        if self.reuse:
            log.info("rebuilding %d of %d generated pages (the rest are unchanged)",
                     len(self.result.output.pages) - len(self.reuse), len(self.result.output.pages))
        files.append(File.generated(config, "contribute/reference.md", content=reference_markdown()))
        self._freeze()
        for rel, content in self.result.output.files.items():  # feeds, API, redirects: copied as-is
            files.append(File.generated(config, rel, content=content))
        self.stage_clock = time.perf_counter()
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            skip_empty_render(page)
            page.meta["title"] = Markup(escape(generated.title))
            page.meta["description"] = Markup(escape(generated.description))
            page.meta["briefing"] = generated.meta
            page.meta["briefing_kind"] = generated.kind
            if generated.meta.get("wide"):  # a wide table: the empty table-of-contents column goes (Material's hide)
                page.meta["hide"] = ["toc"]
            if generated.meta.get("withdrawn"):
                page.meta["search"] = {"exclude": True}
            page.meta["pagefind"] = not generated.meta.get("withdrawn") and (
                generated.kind in _INDEXED_KINDS or generated.path in _INDEXED_LISTINGS)
        else:  # the hand-written pages: about, methodology, the contributor guides
            page.meta["pagefind"] = True
        if page.meta["pagefind"]:
            self.indexed.add(page.file.dest_uri)
        return markdown

    @event_priority(100)  # before any other plugin's on_page_context (a search plugin reads page.content there)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """Just before MkDocs renders a generated page's template: its HTML (see on_page_content).
        A paginated listing's previous and next pages are its own (the theme prints them as
        rel="prev"/"next" links in the head and in the footer), not its neighbours in the nav."""
        if self.page_worker is not None and self.page_worker.claim(page.file.src_uri):
            return context  # a page the worker renders (see _from_worker)
        self._prepare(page, config)
        return context

    def _prepare(self, page: Any, config: Any) -> None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.content = self._content(page, generated)
        pagination = generated.meta.get("pagination") if generated is not None else None
        if pagination and pagination["count"] > 1:
            for attribute, key in (("previous_page", "prev_path"), ("next_page", "next_path")):
                setattr(page, attribute, self._page_at(pagination[key], config) if pagination[key] else None)

    def _page_at(self, path: str, config: Any) -> Any:
        """The page at a docs path; for a page reused under `mkdocs serve` (not handed to MkDocs this
        time), a stand-in with its title and URL, which is all a neighbour link shows."""
        target = self.files.get_file_from_path(path) if self.files else None
        if target is not None:
            return target.page
        generated = self.pages.get(path)
        if generated is None:
            return None
        from mkdocs.structure.pages import Page as MkDocsPage

        return MkDocsPage(Markup(escape(generated.title)), File.generated(config, path, content=""), config)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if page.file.src_uri in self.pages:
            page.content = None  # written next; MkDocs does not read it again (see on_page_content)
            if self.kept is not None:
                self.dest[page.file.src_uri] = page.file.dest_uri
        if self.kept is None and self.config.audit:  # a one-off build: scan pages while MkDocs renders the rest
            if self.scanner is None:
                assert self.files is not None
                expected = {f.dest_uri for f in self.files if f.inclusion.is_included()}
                self.scanner = Scanner(Path(config.site_dir), expected, config.site_url,
                                       self.result.catalog if self.result else None)
            if self.writing is not None:  # MkDocs wrote the previous page after its on_post_page
                self.scanner.add(self.writing)
            self.writing = page.file.dest_uri
        return output

    def _site_key(self, config: Any) -> str:
        """What every generated page's HTML depends on besides its own content (incremental.py)."""
        from importlib.metadata import PackageNotFoundError, version

        from mkdocs.utils import get_build_date

        try:
            theme = version("mkdocs-material")
        except PackageNotFoundError:  # another theme: the key still covers docs/ and mkdocs.yml
            theme = str(config.theme.name)
        data = [self._root(config) / "briefs" / name for name in DATA_FILES]  # e.g. the topics' Chinese aliases
        return tree_digest(Path(config.config_file_path), Path(config.docs_dir), *data) + "|".join(
            ("", theme, str(config.site_url), get_build_date(), repr(sorted(self.config.items()))))

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # MkDocs renders every page's Markdown before it writes any; a generated page's HTML is
            # put together only when MkDocs writes the page (on_page_context) and dropped once it
            # is written (on_post_page), so that the build never holds all of them at once.
            if generated.kind == "brief":
                page.toc = get_toc(safe_toc(generated.toc))
            return html
        if page.meta.get("pagefind"):  # a hand-written page: no permalink sign in its search result's title
            html = site_pages.indexed_html(html)
        if page.meta.get("pagefind") and self.config.chinese_bigrams:
            html += zh.meta_element(self._chinese_terms(html, page, generated))
        return html

    def _content(self, page: Any, generated: Page) -> str:
        """A generated page's HTML: the core's, around a brief's sanitised body."""
        generated.materialize()
        html = page.content or ""
        if generated.kind == "brief":
            # The core rendered the body (with bounded time, memory and recursion); MkDocs saw only
            # an empty page. Defence in depth: the validator already rejects unsafe markup.
            html = brief_body(generated.body_html)
        html = generated.before_html + html + generated.after_html
        if self.kept is None:  # a one-off build: the page is written next, and its parts are not needed again
            self._release(generated)
        if page.meta.get("pagefind") and self.config.chinese_bigrams:
            html += zh.meta_element(self._chinese_terms(html, page, generated))
        return html

    def _release(self, generated: Page) -> None:
        """Drop the core's copy of a page's HTML (and of a brief's rendered body) once MkDocs has
        it: at 5,000 briefs the two copies were a quarter of the build's peak memory. Under
        `mkdocs serve` the copies are what the next rebuild compares with, so they stay."""
        generated.before_html = generated.after_html = generated.body_html = ""
        entry = self._entry_of(generated)
        if entry is not None:
            entry.html = ""

    def _entry_of(self, generated: Page | None) -> Entry | None:
        """The catalog entry of a generated brief page (None for any other page)."""
        cat = self.result.catalog if self.result else None
        if generated is None or generated.kind != "brief" or cat is None:
            return None
        return cat.entries.get(Path(generated.path).stem)

    def _chinese_terms(self, html: str, page: Any, generated: Page | None) -> list[str]:
        """The bigrams of the Chinese a page is found by (briefing/site/zh.py): its indexed text and
        title, and for a brief its topics' aliases (so that 出口管制 finds the export-control briefs)."""
        texts = [str(page.meta.get("title") or page.title or ""), zh.indexed_text(html)]
        entry = self._entry_of(generated)
        if entry is not None and self.result is not None and self.result.catalog is not None:
            topics = self.result.catalog.topics
            texts += [alias for t in entry.brief.topics for alias in topics[t].aliases]
        return zh.index_terms(texts)

    def on_post_build(self, config: Any) -> None:
        assert self.result is not None and self.result.output is not None
        site_dir = Path(config.site_dir)
        self._stop_page_worker(wait=5)  # done by now: every page it claimed has been written
        self._lap("MkDocs renders pages")
        try:
            self._post_build(site_dir, config)
        finally:
            self._report_stages()

    def _lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage], self.stage_clock = now - self.stage_clock, now
        self.peaks[stage] = peak_mib()

    def _report_stages(self) -> None:
        """Log each stage's time and the peak memory so far; with BRIEFING_TIMINGS set to a file,
        also write them there as JSON (benchmarks/bench_build.py reads it)."""
        log.info("stages: %s", ", ".join(f"{name} {value:.2f} s ({self.peaks.get(name, 0):.0f} MiB)"
                                          for name, value in self.seconds.items()))
        target = os.environ.get("BRIEFING_TIMINGS")
        if target:
            Path(target).write_text(json.dumps({"seconds": self.seconds, "peak_mib": self.peaks}, indent=1) + "\n",
                                    encoding="utf-8")

    def _post_build(self, site_dir: Path, config: Any) -> None:
        assert self.result is not None and self.result.output is not None
        if self.kept is not None:
            incremental = bool(self.kept.paths)  # not the first build of this `mkdocs serve`
            self.kept.write_reused(site_dir, self.reuse)
            self.kept.keep(site_dir, self.site_key, self.keys, self.dest, self.reuse)
            if incremental:
                self._search_and_audit_later(site_dir, config)
                return
        scanner, self.scanner = self.scanner, None
        pdfs = self._start_pdfs(site_dir)
        try:
            if scanner is not None and self.writing is not None:
                scanner.add(self.writing)  # the last page, written by now
            if self.config.pagefind:  # while the scanner's workers go on with the pages
                # Only the folders and depths of the pages marked for the index (searchindex.glob_for),
                # when the audit's scan will check that every marked page is in it.
                glob = searchindex.glob_for(self.indexed) if self.indexed and scanner is not None else None
                report = run_pagefind(site_dir, glob=glob)
                log.info("pagefind: %s", " ".join(line.strip() for line in report.splitlines() if "Indexed" in line))
                self._lap("Pagefind")
            run, pdfs = pdfs, None
            self._finish_pdfs(run)
            if self.config.audit:
                started = time.perf_counter()
                feeds = scanner.feed_failures() if scanner is not None else None
                scan = scanner.finish() if scanner is not None else None
                failures = audit_site(site_dir, self.result.catalog, self.result.output,
                                      search="pagefind" if self.config.pagefind else "material",
                                      site_url=config.site_url, scan=scan, feeds=feeds,
                                      pdfs=self.pdf_jobs is not None)
                if failures:
                    raise PluginError("the site audit failed:\n  " + "\n  ".join(failures))
                self._lap("audit")
                size, rel = (largest_pages(site_dir, 1, scan=scan) or [(0, "")])[0]
                log.info("audit passed: %d briefs checked in %.2f s; the largest page is %s (%d KB)",
                         len(self.result.catalog.live), time.perf_counter() - started, rel, size // 1024)
        finally:
            if pdfs is not None:
                pdfs.abandon()  # the build failed meanwhile
            if scanner is not None:
                scanner.close()
            self.writing = None

    def _search_and_audit_later(self, site_dir: Path, config: Any) -> None:
        """Under `mkdocs serve`, after the first build: serve the pages now, with the last search
        index, then re-index and audit in the background. The search catches up a few seconds
        after the page (docs/contribute/performance.md); the audit's findings are logged. A job
        overtaken by a newer build is dropped."""
        assert self.result is not None
        generation, result = self.generation, self.result

        def job() -> None:
            started = time.perf_counter()
            try:
                if self.config.pagefind:
                    fresh = site_dir / f".briefing-pagefind-{generation}"  # hidden: out of MkDocs' way
                    run_pagefind(site_dir, output=fresh)
                    if generation != self.generation:
                        shutil.rmtree(fresh, ignore_errors=True)
                        return
                    old = site_dir / f".briefing-pagefind-old-{generation}"
                    if (site_dir / "pagefind").exists():
                        os.replace(site_dir / "pagefind", old)
                    os.replace(fresh, site_dir / "pagefind")
                    shutil.rmtree(old, ignore_errors=True)
                if not self.config.audit or generation != self.generation:
                    return
                failures = audit_site(site_dir, result.catalog, result.output,
                                      search="pagefind" if self.config.pagefind else "material",
                                      site_url=config.site_url)
                if generation != self.generation:
                    return
                if failures:
                    log.warning("the site audit failed:\n  " + "\n  ".join(failures))
                else:
                    log.info("search index rebuilt and audit passed in the background in %.1f s",
                             time.perf_counter() - started)
            except (PluginError, OSError) as exc:
                if generation == self.generation:
                    log.warning("search index or audit after the rebuild failed: %s", exc)

        threading.Thread(target=job, name="briefing-search-audit", daemon=True).start()

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        root = self._root(config)
        server.watch(str(root / "briefs"))
        server.watch(str(root / self.config.templates))
        return server
