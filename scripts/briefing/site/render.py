"""Render brief bodies from Markdown to HTML with bounded recursion, time and memory.

Brief bodies come from untrusted contributors, and Python-Markdown has inputs that recurse past
Python's limit (lists nested thousands deep), run in quadratic time (thousands of `[`) or use
gigabytes (fence options that expand line ranges). So the core renders every body itself, in
worker processes that have a memory ceiling and a per-brief time limit, and catches recursion
errors: a body that breaks a limit becomes a problem naming its file, never a crash or a hang.
The adapter gives MkDocs the rendered HTML (and the table of contents made from it), so MkDocs
never renders a brief body again.

While rendering, every element id is made safe (see ``ids``), heading ids come from a safe slug,
and links to other briefs' files (`other-slug.md#part`) become links to their pages.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .. import ids
from ..digest import digest
from . import citations as cites

# The site's Markdown dialect (mkdocs.yml's `markdown_extensions`); the adapter passes the real
# configuration, and a test keeps this default equal to it.
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "admonition", "attr_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences",
)
DEFAULT_CONFIGS: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True}, "toc": {"permalink": True}}


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # per brief: the launch briefs take about 10 ms each
    memory_bytes: int = 768 * 1024 * 1024  # per worker, on top of what it holds when it starts
    recursion: int = 1000  # Python's own default: deep enough for any sensible document
    grace: float = 20.0  # how much longer than `seconds` a worker may stay silent before it is killed


@dataclass(frozen=True)
class MarkdownConfig:
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: DEFAULT_CONFIGS)

    def key(self) -> str:
        """A stable digest of the configuration, for caches of rendered bodies."""
        text = json.dumps([list(self.extensions), self.configs], sort_keys=True, default=repr)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict[str, Any]]  # Python-Markdown's toc tokens: level, id, name, children
    cited: dict[int, int] = field(default_factory=dict)  # source number -> how many markers cite it


_BRIEF_FILE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#.*)?$")


class _SafeIds(Treeprocessor):
    """Make every id safe and free (after `attr_list`, before `toc`), and point links to brief
    files at the briefs' pages."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            value = element.get("id")
            if value is not None:
                safe = ids.sanitize_id(value)
                if safe is None:
                    del element.attrib["id"]
                else:
                    element.set("id", safe)
            for key in [k for k in element.attrib if k not in _KEPT_ATTRIBUTES]:
                del element.attrib[key]  # attr_list may set any attribute; the sanitiser would drop it
            if element.tag == "a":
                href = element.get("href", "")
                match = _BRIEF_FILE.match(href)
                if match:
                    element.set("href", f"../{match.group(1)}/{match.group(2) or ''}")


# Attributes that the Markdown extensions in use write themselves; anything else on an element of
# the Markdown tree came from `attr_list`.
_KEPT_ATTRIBUTES = frozenset({
    "id", "class", "href", "title", "src", "alt", "align", "start", "open", "rel", "role", "colspan",
    "rowspan", "style",
})


class _SafeIdsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SafeIds(md), "briefing_safe_ids", 6)  # attr_list is 8, toc is 5


def _toc_slug(value: str, separator: str) -> str:
    return ids.safe_slug(value)


def new_markdown(config: MarkdownConfig) -> markdown.Markdown:
    configs = {name: dict(values) for name, values in config.configs.items()}
    configs.setdefault("toc", {})["slugify"] = _toc_slug
    extensions = [*config.extensions, _SafeIdsExtension(), cites.CitationExtension()]
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


class _TimeUp(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TimeUp()


_worker: dict[str, Any] = {}


# Windows has neither `resource` nor SIGALRM: there the parent's watchdog alone bounds the time.
_HAS_ALARM = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


def _set_alarm(seconds: float) -> None:
    if _HAS_ALARM:
        signal.setitimer(signal.ITIMER_REAL, seconds)


def _init_worker(config: MarkdownConfig, limits: Limits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if _HAS_ALARM:
        signal.signal(signal.SIGALRM, _on_alarm)
    sys.setrecursionlimit(limits.recursion)
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            in_use = int(handle.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        in_use = 0  # no ceiling where the platform cannot set one (the watchdog still applies)
    if in_use:
        ceiling = in_use + limits.memory_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > ceiling:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    _worker["config"], _worker["limits"] = config, limits
    _worker["md"] = new_markdown(config)


# Source id -> its number in the brief's source list (citations.numbers): what `[@id]` renders as.
Citations = Mapping[str, int]
# What a worker gets for one brief: its body and its source numbers.
_Job = tuple[str, Citations | None]


def render_one(body: str, config: MarkdownConfig | None = None, citations: Citations | None = None) -> Rendered:
    """Render one body in this process, without limits (tests and trusted callers)."""
    md = new_markdown(config or MarkdownConfig())
    cites.prepare(md, citations)
    html = md.convert(body)
    return Rendered(html, list(getattr(md, "toc_tokens", [])), cites.cited(md))


def _render_in_worker(slug: str, body: str, citations: Citations | None = None) -> tuple[str, Rendered | str]:
    limits: Limits = _worker["limits"]
    md: markdown.Markdown = _worker["md"]
    _set_alarm(limits.seconds)
    try:
        md.reset()
        cites.prepare(md, citations)
        html = md.convert(body)
        toc = list(getattr(md, "toc_tokens", []))
        _set_alarm(0)
        return slug, Rendered(html, toc, cites.cited(md))
    except _TimeUp:
        problem = f"the body took more than {limits.seconds:g} s to render; simplify its Markdown"
    except RecursionError:
        problem = "the body is nested too deeply to render (lists, quotes or emphasis inside one another)"
    except MemoryError:
        problem = f"rendering the body needed more than {limits.memory_bytes // 2**20} MiB of memory"
    except Exception as exc:
        problem = f"the body could not be rendered ({type(exc).__name__})"
    finally:
        _set_alarm(0)
    _worker["md"] = new_markdown(_worker["config"])  # a failed conversion may leave state behind
    return slug, problem


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# Rendered bodies by (configuration key, digest of the body and its source numbers): a body's
# HTML depends on nothing else.
RenderCache = dict[tuple[str, str], Rendered]


def _body_key(body: str, numbers: Citations | None) -> str:
    return digest(body, json.dumps(sorted((numbers or {}).items())))


def render_bodies(
    bodies: Mapping[str, str],
    config: MarkdownConfig | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    cache: RenderCache | None = None,
    meanwhile: Callable[[], object] | None = None,
    citations: Mapping[str, Citations] | None = None,
) -> tuple[dict[str, Rendered], dict[str, str]]:
    """Render each body (slug -> Markdown); returns (slug -> Rendered, slug -> problem).
    ``citations`` gives a brief's source numbers (slug -> source id -> number) for its `[@id]`.

    With a ``cache`` (``mkdocs serve`` keeps one across rebuilds), only bodies it does not hold
    are rendered; afterwards it holds exactly the bodies of this call that rendered.

    ``meanwhile`` is called once, in this thread, while the workers render (once they have been
    forked: no process is forked while it runs); an exception from it stops the rendering and
    is raised."""
    config, limits = config or MarkdownConfig(), limits or Limits()
    done: dict[str, Rendered] = {}
    failed: dict[str, str] = {}
    config_key = config.key() if cache is not None else ""
    numbers = citations or {}
    keys = ({slug: (config_key, _body_key(body, numbers.get(slug))) for slug, body in bodies.items()}
            if cache is not None else {})
    pending: dict[str, _Job] = {slug: (body, numbers.get(slug)) for slug, body in bodies.items()}
    if cache is not None:
        for slug, key in keys.items():
            if key in cache:
                done[slug] = cache[key]
                del pending[slug]
    if pending:
        try:
            _render_pending(pending, config, limits, workers, done, failed, meanwhile)
        except _MeanwhileFailed as exc:
            raise exc.error from None
    elif meanwhile is not None:
        meanwhile()
    if cache is not None:
        cache.clear()
        cache.update({keys[slug]: rendered for slug, rendered in done.items()})
    return done, failed


def _render_pending(pending: dict[str, _Job], config: MarkdownConfig, limits: Limits, workers: int | None,
                    done: dict[str, Rendered], failed: dict[str, str],
                    meanwhile: Callable[[], object] | None = None) -> None:
    count = workers or max(1, min(os.cpu_count() or 1, 4, len(pending)))
    ran: list[bool] = []

    def once() -> None:
        ran.append(True)
        assert meanwhile is not None
        meanwhile()

    while pending:
        # with the first pool that gets as far as running it (one that breaks at its start does not)
        stuck = _run_pool(pending, config, limits, count, done, failed,
                          meanwhile=once if meanwhile is not None and not ran else None)
        for slug in list(pending):
            if slug in done or slug in failed:
                del pending[slug]
        if stuck:  # a worker stopped answering: render the briefs it may have held one by one
            for slug in stuck:
                if slug in pending:
                    _run_pool({slug: pending.pop(slug)}, config, limits, 1, done, failed, alone=True)
    if meanwhile is not None and not ran:
        meanwhile()


def _render_chunk(items: list[tuple[str, _Job]]) -> list[tuple[str, Rendered | str]]:
    return [_render_in_worker(slug, body, numbers) for slug, (body, numbers) in items]


# Bodies go to the workers a few at a time, and only a few tasks per worker are queued at once:
# waiting on thousands of queued futures cost the parent more than a worker's time per body at
# 5,000 briefs (each wait is linear in the futures it waits on). Small chunks keep the watchdog's
# allowance (a chunk's time limits plus the grace) short, and after a hang only the chunks in
# flight are rendered again one by one. While the parent compiles (render_bodies' `meanwhile`),
# its threads that feed the workers wait for the interpreter lock, so each worker has a few
# chunks in hand: with 2 queued chunks of 4 the workers ran dry (measured at 5,000 briefs: 7.1 to
# 7.8 s for catalog, bodies and pages, against 6.7 to 7.0 s with 4 of 8).
_MAX_CHUNK = 8
_QUEUED_PER_WORKER = 4


def _chunks(bodies: Mapping[str, _Job], count: int) -> list[list[tuple[str, _Job]]]:
    items = list(bodies.items())
    size = max(1, min(_MAX_CHUNK, len(items) // (count * 8)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run_pool(
    bodies: Mapping[str, _Job],
    config: MarkdownConfig,
    limits: Limits,
    count: int,
    done: dict[str, Rendered],
    failed: dict[str, str],
    alone: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> list[str]:
    """Render ``bodies`` in a pool; returns the slugs in flight if the pool hung or died.

    Each body has its own time limit in the worker (an alarm); the parent's watchdog allows a
    chunk that many limits plus the grace before it decides a worker has stopped answering.
    With ``meanwhile``, a thread collects the results while this one runs it (render_bodies)."""
    chunks = _chunks(bodies, count)
    grace = limits.seconds * max(len(c) for c in chunks) + limits.grace
    pool = cf.ProcessPoolExecutor(count, mp_context=_context(), initializer=_init_worker, initargs=(config, limits))
    futures: dict[cf.Future[list[tuple[str, Rendered | str]]], list[str]] = {}
    waiting: set[cf.Future[list[tuple[str, Rendered | str]]]] = set()
    queue = iter(chunks)

    def top_up() -> None:
        while len(waiting) < count * _QUEUED_PER_WORKER:
            chunk = next(queue, None)
            if chunk is None:
                return
            future = pool.submit(_render_chunk, chunk)
            futures[future] = [slug for slug, _body in chunk]
            waiting.add(future)

    def collect() -> None:
        nonlocal waiting
        while waiting:
            finished, waiting = cf.wait(waiting, timeout=grace, return_when=cf.FIRST_COMPLETED)
            if not finished:
                raise TimeoutError
            for future in finished:
                try:
                    results = future.result()
                except Exception:
                    if alone:
                        for slug in futures[future]:
                            failed[slug] = ("the renderer stopped while rendering the body "
                                            "(it ran out of memory or crashed)")
                        continue
                    raise
                for slug, result in results:
                    if isinstance(result, Rendered):
                        done[slug] = result
                    else:
                        failed[slug] = result
            top_up()

    try:
        top_up()  # with the first task, the pool forks all its workers (ProcessPoolExecutor, fork)
        if meanwhile is None:
            collect()
        else:
            _collect_while(collect, meanwhile, pool)
        pool.shutdown(wait=True)
        return []
    except (TimeoutError, cf.process.BrokenProcessPool):
        # the chunks in flight (not those never submitted: they stay pending for the next pool)
        in_flight = [slug for f, slugs in futures.items()
                     if not f.done() or (not f.cancelled() and f.exception() is not None) for slug in slugs]
        _kill(pool)
        if alone:
            for slug in in_flight:
                failed.setdefault(slug, f"the body did not finish rendering within {grace:g} s")
            return []
        return in_flight


class _MeanwhileFailed(Exception):
    """What ``meanwhile`` raised, carried past _run_pool's handling of a hung or broken pool."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _collect_while(collect: Callable[[], None], meanwhile: Callable[[], object], pool: cf.ProcessPoolExecutor) -> None:
    """Run ``collect`` in a thread while this one runs ``meanwhile``; raise what either raised
    (``meanwhile``'s first, wrapped so that it is not taken for the pool's own failure: the pool
    is then killed, and the rendering ends)."""
    raised: list[BaseException] = []

    def collecting() -> None:
        try:
            collect()
        except BaseException as exc:  # handed to the calling thread
            raised.append(exc)

    thread = threading.Thread(target=collecting, name="briefing-render-results", daemon=True)
    thread.start()
    try:
        meanwhile()
    except BaseException as exc:
        _kill(pool)
        thread.join()
        if isinstance(exc, Exception):
            raise _MeanwhileFailed(exc) from exc
        raise  # KeyboardInterrupt, SystemExit: as they are
    thread.join()
    if raised:
        raise raised[0]


def _kill(pool: cf.ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
