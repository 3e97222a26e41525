"""The print edition (contract v3): every live brief as a PDF at `/briefs/<slug>.pdf`.

Each brief becomes one HTML document (``docs/templates/brief.pdf.html.j2`` with the print
stylesheet ``docs/templates/brief-print.css``): title, summary, key points, the sanitised body,
the instrument and its status history, the sources numbered with their URLs printed, the version
date, the permanent URL and how to cite it. WeasyPrint lays it out with Pango, using only fonts
installed from Debian packages (DejaVu for Latin text, Noto CJK for Chinese).

Brief bodies come from untrusted contributors, so the renderer is boxed in:

- it fetches nothing: ``RefusingFetcher`` refuses every URL (images, stylesheets, fonts,
  attachments), and the document is built as a string with no resource of its own to fetch;
- in the body, a link to another origin keeps its text but loses its target unless it is one of
  the brief's own listed sources, and an image becomes its alt text (the site's images would be
  a fetch; remote ones a request to another origin);
- each PDF is rendered in a worker process with a time limit (an alarm on the worker's CPU time,
  and a wall-clock watchdog in the parent that kills a worker that stops answering) and a memory
  ceiling, as render.py does for Markdown. The workers are forked from the main thread.

PDFs are cached by a digest of everything that goes into them (``document_key``): the brief, its
rendered body, the labels and build-date-dependent marks its document shows, the template, the
stylesheet, the code that shapes the document and WeasyPrint's version; the document itself is made
only for a PDF the cache lacks. The cache is a folder outside the repository
(``$XDG_CACHE_HOME/briefing/pdf/<digest of the repository path>/``), so an unchanged brief is never
rendered twice. Each build touches the files it uses; after a successful build, files that no
build has used for ``KEEP_DAYS`` days are deleted (so `make site` and `make site-scheduled`, whose
PDFs differ where a scheduled date has passed, do not evict each other's).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import hashlib
import html as htmllib
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2

from ..digest import digest
from .catalog import Catalog, Entry
from .feeds import SITE_TITLE
from .pages import bib_field, bib_names, long_date
from .sanitize import sanitize_body

TEMPLATE = "brief.pdf.html.j2"
KEEP_DAYS = 30  # a cached PDF no build has used for this long is deleted
STYLESHEET = "brief-print.css"


@dataclass(frozen=True)
class PdfLimits:
    # CPU seconds per PDF (a synthetic brief of 800 words takes one to two): counted in CPU time, so
    # that a busy machine does not fail a sound brief; a worker that waits instead of working is the
    # watchdog's
    seconds: float = 60.0
    memory_bytes: int = 1024 * 1024 * 1024  # per worker, on top of what it holds when it starts
    # how much longer (wall clock) than ``seconds`` a worker may stay silent before the parent kills it
    grace: float = 240.0


@dataclass(frozen=True)
class PdfJob:
    slug: str
    key: str  # the cache key (document_key)
    html: str  # the document; "" when the cache held the PDF as the jobs were made


@dataclass
class PdfReport:
    rendered: list[str] = field(default_factory=list)  # slugs rendered by this build
    cached: list[str] = field(default_factory=list)  # slugs copied from the cache
    failed: dict[str, str] = field(default_factory=dict)  # slug -> why


# ---------------------------------------------------------------------------------------------
# The document


_TAG_A = re.compile(r"<a\b([^>]*)>")
_TAG_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'\s([a-zA-Z:-]+)="([^"]*)"')
_PERMALINK = re.compile(r'<a\b[^>]*\shref="#[^"]*"[^>]*>¶</a>')  # a heading permalink (toc): no use on paper


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): htmllib.unescape(value) for name, value in _ATTR.findall(text)}


def same_origin(url: str, site_url: str) -> bool:
    """Whether an absolute URL is on the site's own origin and under its path."""
    return url.startswith(site_url) and urlsplit(url).netloc == urlsplit(site_url).netloc


def print_body(html: str, permalink: str, site_url: str, allowed: set[str]) -> str:
    """A brief's rendered body for print: sanitised (sanitize.py), links made absolute, a link to
    another origin unlinked unless it is one of ``allowed`` (the brief's listed sources), and each
    image replaced by its alt text. nh3 writes every tag it keeps with double-quoted attributes,
    and `<` in text as `&lt;`, so these patterns only meet real tags."""
    clean = sanitize_body(html)

    def link(match: re.Match[str]) -> str:
        attrs = _attributes(match.group(1))
        href = attrs.get("href")
        if href is None:
            return "<a>"
        if href.startswith("#"):
            return f'<a href="{htmllib.escape(href)}">'
        target = urljoin(permalink, href.strip())
        if same_origin(target, site_url) or target in allowed:
            return f'<a href="{htmllib.escape(target)}">'
        return "<a>"  # the text stays; the target does not

    def image(match: re.Match[str]) -> str:
        alt = _attributes(match.group(1)).get("alt", "")
        return f'<span class="print-image">[{htmllib.escape(alt)}]</span>' if alt else ""

    return _TAG_IMG.sub(image, _TAG_A.sub(link, _PERMALINK.sub("", clean)))


@functools.lru_cache(maxsize=4)
def _environment(templates: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["bib"] = bib_field
    env.filters["bib_names"] = bib_names
    return env


def allowed_links(entry: Entry) -> set[str]:
    """The addresses of another origin a brief's PDF may link to: its listed sources."""
    return {url for s in entry.brief.sources for url in (s.url, s.archived_url) if url}


def print_html(entry: Entry, cat: Catalog, site_url: str, templates: Path, site_name: str = SITE_TITLE) -> str:
    """The HTML document a brief's PDF is made from."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    permalink = site_url + entry.url
    b = entry.brief
    successor = cat.superseded_by.get(entry.slug)
    env = _environment(str(templates))
    return env.get_template(TEMPLATE).render(
        entry=entry, b=b, cat=cat, site_name=site_name, site_url=site_url, permalink=permalink,
        pdf_url=site_url + pdf_path(entry.slug), today=cat.today,
        state=cat.state.get(entry.slug), successor=successor,
        authors=[cat.authors[a].name for a in b.authors],
        body=print_body(entry.html, permalink, site_url, allowed_links(entry)),
    )


def pdf_path(slug: str) -> str:
    """The PDF's site-relative path (contract v3: /briefs/<slug>.pdf)."""
    return f"briefs/{slug}.pdf"


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    """What a PDF depends on besides its document and stylesheet: this module and WeasyPrint (its
    version read from the installed metadata: importing it costs about a second, which a build
    whose PDFs are all cached does not pay)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        weasyprint = version("weasyprint")
    except PackageNotFoundError:
        weasyprint = "missing"
    return digest(Path(__file__).read_text("utf-8"), weasyprint, sys.version)


def stylesheet(templates: Path) -> str:
    return (templates / STYLESHEET).read_text("utf-8")


# The modules whose code shapes a document besides the template: the sanitiser and what it reads,
# and the date and BibTeX filters. (This module is in engine_version.)
_DOCUMENT_CODE = ("sanitize.py", "pages.py", "../classes.py", "../ids.py")


@functools.lru_cache(maxsize=4)
def _base_key(templates: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    here = Path(__file__).resolve().parent
    code = [(here / name).read_text("utf-8") for name in _DOCUMENT_CODE]
    try:
        sanitiser = version("nh3")
    except PackageNotFoundError:
        sanitiser = "missing"
    folder = Path(templates)
    return digest(engine_version(), sanitiser, *code, (folder / TEMPLATE).read_text("utf-8"),
                  (folder / STYLESHEET).read_text("utf-8"))


def document_key(entry: Entry, cat: Catalog, site_url: str, templates: Path, site_name: str = SITE_TITLE) -> str:
    """The cache key of a brief's PDF, from everything its document (print_html) is made of, without
    making it: the brief, its rendered body, the names and labels it shows, where its instrument
    stands, which of its dates are still to come, its successor, the site's address and name, the
    template, the stylesheet and the code. Making the documents of 1,000 briefs costs about 0.6 s;
    this, about a tenth of that, so that a build whose PDFs are all cached makes none."""
    b, today = entry.brief, cat.today
    successor = cat.superseded_by.get(entry.slug)
    dates = [step.date for step in b.instrument.history] if b.instrument else []
    dates += [event.date for event in b.events]
    return digest(
        _base_key(str(templates)), site_url, site_name, entry.slug, b.model_dump_json(), entry.html,
        repr(cat.state[entry.slug].status) if entry.slug in cat.state else "",
        "".join("1" if day > today else "0" for day in dates),
        "\n".join(cat.authors[a].name for a in b.authors),
        "\n".join(cat.topics[t].label for t in b.topics),
        "\n".join(cat.jurisdictions[j].label for j in b.jurisdictions),
        f"{successor.slug}\n{successor.brief.title}" if successor else "",
    )


def jobs(entries: Iterable[Entry], cat: Catalog, site_url: str, templates: Path,
         site_name: str = SITE_TITLE, cache: Path | None = None) -> list[PdfJob]:
    """One job per brief, with its cache key, and its document unless ``cache`` holds its PDF."""
    out = []
    for entry in entries:
        key = document_key(entry, cat, site_url, templates, site_name)
        cached = cache is not None and (cache / f"{key}.pdf").is_file()
        document = "" if cached else print_html(entry, cat, site_url, templates, site_name)
        out.append(PdfJob(entry.slug, key, document))
    return out


# ---------------------------------------------------------------------------------------------
# The renderer, boxed in


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        """WeasyPrint's URL fetcher, refusing every URL: the print edition has no resource to
        fetch, and whatever a brief names (an image, a stylesheet, a font, an attachment) stays
        unfetched. Each refusal is recorded (tests read ``refused``)."""

        refused: list[str] = []  # noqa: RUF012 (a record for this process)

        def fetch(self, url: str, headers: Any = None) -> Any:
            RefusingFetcher.refused.append(url)
            raise ValueError(f"the print edition fetches nothing: {url[:200]}")

    return RefusingFetcher


@functools.lru_cache(maxsize=1)
def refusing_fetcher_class() -> type:
    return _fetcher_class()


def render_pdf(document: str, css: str) -> bytes:
    """One PDF, in this process, with the refusing fetcher (tests and the workers)."""
    import weasyprint

    fetcher = refusing_fetcher_class()()
    # No base URL: relative URLs stay unresolved; absolute ones reach the fetcher and are refused.
    html = weasyprint.HTML(string=document, url_fetcher=fetcher)
    sheet = weasyprint.CSS(string=css, url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[sheet], url_fetcher=fetcher) or b""


class _TimeUp(BaseException):
    """Not an Exception: the library's own `except Exception` must not swallow it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TimeUp()


# The alarm counts the worker's CPU time (user and system): SIGPROF. Windows has neither: there the
# parent's watchdog alone bounds the time.
_HAS_ALARM = hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
_worker: dict[str, Any] = {}


def _init_worker(css: str, limits: PdfLimits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if _HAS_ALARM:
        signal.signal(signal.SIGPROF, _on_alarm)
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            in_use = int(handle.read().split()[0]) * resource.getpagesize()
        ceiling = in_use + limits.memory_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > ceiling:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ImportError, OSError, ValueError, IndexError):
        pass  # no ceiling where the platform cannot set one (the watchdog still applies)
    _worker["css"], _worker["limits"] = css, limits


def _render_in_worker(slug: str, document: str, target: str) -> tuple[str, str | None]:
    """Render one PDF into ``target`` (written next to it, then renamed); (slug, problem or None)."""
    limits: PdfLimits = _worker["limits"]
    if _HAS_ALARM:
        signal.setitimer(signal.ITIMER_PROF, limits.seconds)
    try:
        data = render_pdf(document, _worker["css"])
        if _HAS_ALARM:
            signal.setitimer(signal.ITIMER_PROF, 0)
        _write_atomically(Path(target), data)
        return slug, None
    except _TimeUp:
        return slug, f"the PDF took more than {limits.seconds:g} s of CPU time to render"
    except MemoryError:
        return slug, f"rendering the PDF needed more than {limits.memory_bytes // 2**20} MiB of memory"
    except Exception as exc:
        return slug, f"the PDF could not be rendered ({type(exc).__name__}: {str(exc)[:200]})"
    finally:
        if _HAS_ALARM:
            signal.setitimer(signal.ITIMER_PROF, 0)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Pool:
    """Worker processes rendering jobs into the cache, forked when it is made (by the calling
    thread, which should be the main one: a fork from another thread while the main thread holds
    a lock can leave the child waiting on it forever)."""

    def __init__(self, todo: list[PdfJob], cache: Path, css: str, limits: PdfLimits, workers: int) -> None:
        self.limits = limits
        self.pool = cf.ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init_worker,
                                           initargs=(css, limits))
        # with the fork start method, the first submit forks every worker
        self.futures = {self.pool.submit(_render_in_worker, job.slug, job.html, str(cache / f"{job.key}.pdf")): job
                        for job in todo}

    def collect(self, failed: dict[str, str], alone: bool = False) -> list[PdfJob]:
        """Wait for the jobs; returns those to try again alone if a worker hung or died (none when
        ``alone``: then they have failed)."""
        limits = self.limits
        waiting = set(self.futures)
        try:
            while waiting:
                # each worker renders one PDF at a time: while any works, one finishes within the limit
                finished, waiting = cf.wait(waiting, timeout=limits.seconds + limits.grace,
                                            return_when=cf.FIRST_COMPLETED)
                if not finished:
                    raise TimeoutError
                for future in finished:
                    slug, problem = future.result()
                    if problem is not None:
                        failed[slug] = problem
            self.pool.shutdown(wait=True)
            return []
        except (TimeoutError, cf.process.BrokenProcessPool):
            left = [job for future, job in self.futures.items()
                    if not future.done() or (not future.cancelled() and future.exception() is not None)]
            self.kill()
            if alone:
                for job in left:
                    failed[job.slug] = (f"the PDF renderer stopped answering after {limits.seconds + limits.grace:g} s "
                                        "(it hung, ran out of memory or crashed)")
                return []
            return left

    def kill(self) -> None:
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            process.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)


def cache_dir(root: Path) -> Path:
    """The PDF cache of a repository: in the user's cache folder, never in the repository."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing" / "pdf"
    return base / hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()


def cache_enabled() -> bool:
    return os.environ.get("BRIEFING_CACHE", "").strip().lower() not in {"0", "off", "no", "false"}


class PdfRun:
    """Writing the print edition, in two steps so that the workers render while the caller does
    something else (the adapter runs Pagefind meanwhile): making it forks the workers for what the
    cache lacks (call it from the main thread), ``finish`` waits for them and writes each job's PDF
    to ``out_dir/<slug>.pdf``. With ``cache`` None, a temporary folder stands in for the cache.
    ``prune``: afterwards, delete what the cache holds that no build has used for ``KEEP_DAYS`` days
    (when nothing failed)."""

    def __init__(self, todo: list[PdfJob], out_dir: Path, cache: Path | None, css: str,
                 limits: PdfLimits | None = None, workers: int | None = None, prune: bool = True) -> None:
        self.todo, self.out_dir, self.css, self.prune = todo, out_dir, css, prune
        self.limits = limits or PdfLimits()
        self.report = PdfReport()
        self.temporary = cache is None
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-pdf-")) if cache is None else cache
        self.folder.mkdir(parents=True, exist_ok=True)
        self.missing: list[PdfJob] = []
        seen: set[str] = set()
        for job in todo:
            if job.key in seen or _touch(self.folder / f"{job.key}.pdf"):
                self.report.cached.append(job.slug)
            elif not job.html:  # its PDF was in the cache when the jobs were made, and is gone
                self.report.failed[job.slug] = "its cached PDF disappeared during the build; build again"
            else:
                self.missing.append(job)
            seen.add(job.key)
        count = workers or max(1, min(os.cpu_count() or 1, 4, len(self.missing)))
        self.pool = _Pool(self.missing, self.folder, css, self.limits, count) if self.missing else None

    def finish(self) -> PdfReport:
        report, folder = self.report, self.folder
        try:
            if self.pool is not None:
                left = self.pool.collect(report.failed)
                for job in left:  # a worker hung or died: each of the jobs it may have held, alone
                    _Pool([job], folder, self.css, self.limits, 1).collect(report.failed, alone=True)
                report.rendered = [job.slug for job in self.missing if job.slug not in report.failed]
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for job in self.todo:
                if job.slug not in report.failed:
                    shutil.copyfile(folder / f"{job.key}.pdf", self.out_dir / f"{job.slug}.pdf")
            if self.prune and not report.failed and not self.temporary:
                _prune(folder, time.time() - KEEP_DAYS * 86400)
        finally:
            if self.temporary:
                shutil.rmtree(folder, ignore_errors=True)
        return report

    def abandon(self) -> None:
        """Stop the workers (the build failed meanwhile)."""
        if self.pool is not None:
            self.pool.kill()
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)


def _touch(path: Path) -> bool:
    """Mark a cached PDF as used now; False if the cache does not hold it."""
    try:
        os.utime(path)
    except OSError:
        return False
    return path.is_file()


def _prune(folder: Path, before: float) -> None:
    for path in folder.glob("*.pdf"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < before:
                path.unlink()


def build_pdfs(todo: list[PdfJob], out_dir: Path, cache: Path | None, css: str,
               limits: PdfLimits | None = None, workers: int | None = None, prune: bool = True) -> PdfReport:
    """Write each job's PDF to ``out_dir/<slug>.pdf`` (PdfRun, in one step): from the cache when it
    holds the job's key, else rendered in worker processes (in parallel, each within ``limits``)
    into the cache first."""
    return PdfRun(todo, out_dir, cache, css, limits, workers, prune).finish()
