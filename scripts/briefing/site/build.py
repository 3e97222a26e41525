"""One entry point for the site build, independent of the renderer: validate, then compile."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..load.corpus import Corpus
from ..load.filecache import FileCache
from ..load.gitchanges import last_commits
from ..load.yamlsource import Parsed
from ..problems import Problem
from ..rules.validate import build_today, gc_paused, validate
from . import catalog, citations, pagetoc
from .pages import LISTING_PAGE_SIZE, Output, PageMemo, compile_site
from .render import Limits, MarkdownConfig, RenderCache, render_bodies


def peak_mib() -> float:
    """This process's peak resident memory so far, in MiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Caches:
    """What a long-lived process (``mkdocs serve``) keeps between builds, so that a change to one
    brief costs about one brief's work: file-level results (``filecache``), rendered bodies
    (``render``) and brief pages (``pages.PageMemo``), each keyed by a digest of its inputs.
    The cross-file rules and the site-wide listings, feeds and calendar are recomputed every time."""

    files: FileCache = field(default_factory=FileCache)
    bodies: RenderCache = field(default_factory=dict)
    pages: PageMemo = field(default_factory=PageMemo)
    related: catalog.RelatedMemo = field(default_factory=catalog.RelatedMemo)


def release_front_matter(corpus: Corpus) -> None:
    """Drop each brief's parsed front matter (its YAML text and values, which the model holds
    again): about a fifth of a one-off build's memory after validation at 5,000 briefs. Only the
    validator reads it, and under `mkdocs serve` its file cache keeps it for the next build."""
    for brief in corpus.briefs:
        brief.parsed = Parsed(line_offset=brief.parsed.line_offset)


@dataclass
class BuildResult:
    problems: list[Problem]
    catalog: catalog.Catalog | None
    output: Output | None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage, in order
    peak_mib: dict[str, float] = field(default_factory=dict)  # the process's peak memory at each stage's end


def compile_corpus(
    root: Path,
    site_url: str,
    templates: Path,
    today: dt.date | None = None,
    markdown: MarkdownConfig | None = None,
    limits: Limits | None = None,
    repo_url: str | None = None,
    page_size: int | None = None,
    caches: Caches | None = None,
    lazy: bool = False,
    pdf: bool = False,
) -> BuildResult:
    """Validate, build the catalog, render every visible brief's body (within ``limits``), and
    compile the pages (with ``lazy``, a brief page's HTML is rendered when the renderer asks for
    it: ``Page.materialize``; without ``caches`` as well, the pages are compiled while the bodies
    render). Any error, a body that breaks the rendering limits included, stops it. With ``pdf``, brief
    pages link their PDF (the caller writes the PDFs: site/pdf.py)."""
    today = today or build_today()
    seconds: dict[str, float] = {}
    peaks: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage], clock = now - clock, now
        peaks[stage] = peak_mib()

    corpus = validate(root, today=today, cache=caches.files if caches else None)
    problems = corpus.all_problems()
    lap("load and validate")
    if any(p.severity == "error" for p in problems):
        return BuildResult(problems, None, None, seconds, peaks)
    if caches is None:  # a one-off build: every problem is placed, and the pages need only the models
        release_front_matter(corpus)
    # A one-off build builds the catalog and compiles the pages while the workers render the
    # bodies: neither reads a rendered body (a brief page's HTML is put together later,
    # Page.materialize), and the bodies are attached afterwards. Under `mkdocs serve` the page
    # memo's keys hold the rendered bodies, so there each step waits for the one before.
    overlap = lazy and caches is None
    built: list[catalog.Catalog] = []
    compiled: list[Output] = []

    def build_catalog() -> None:
        with gc_paused():  # like loading, compiling allocates much and frees little
            built.append(catalog.build(corpus, today, memo=caches.related if caches else None))

    def compile_pages() -> None:
        # With a repository URL, each brief links to its source at the commit of its last change
        # (one pass over the git history; outside a git checkout there are no such links).
        commits = last_commits(root) if repo_url else {}
        with gc_paused():
            compiled.append(compile_site(built[0], site_url, templates, repo_url, commits,
                                         page_size=page_size or LISTING_PAGE_SIZE,
                                         memo=caches.pages if caches else None, lazy=lazy, pdf=pdf))

    def catalog_and_pages() -> None:
        build_catalog()
        compile_pages()

    if not overlap:
        build_catalog()
        lap("catalog")
    shown = catalog.shown(corpus, today)
    bodies = {b.slug: b.body for b in shown}  # the catalog's entries' bodies
    numbers = {b.slug: citations.numbers(b.model.sources) for b in shown if b.model is not None}
    rendered, failed = render_bodies(bodies, markdown, limits, cache=caches.bodies if caches else None,
                                     meanwhile=catalog_and_pages if overlap else None, citations=numbers)
    lap("catalog, bodies and pages" if overlap else "render bodies")
    cat = built[0]
    assert set(bodies) == set(cat.entries)
    if failed:
        problems += sorted(
            Problem(cat.entries[slug].source_path, cat.entries[slug].body_line, 1, "BODY-RENDER", message)
            for slug, message in failed.items()
        )
        return BuildResult(problems, None, None, seconds, peaks)
    for slug, result in rendered.items():
        cat.entries[slug].html, cat.entries[slug].toc = result.html, result.toc
        cat.entries[slug].cited = result.cited
    if not overlap:
        compile_pages()
        lap("compile pages")
    output = compiled[0]
    for page in output.pages:
        if page.kind == "brief":
            entry = cat.entries[page.path.removeprefix("briefs/").removesuffix(".md")]
            page.body_html, page.toc = entry.html, pagetoc.brief_toc(cat, entry)
    return BuildResult(problems, cat, output, seconds, peaks)
