"""Part of the MkDocs adapter: a forked process that renders pages' templates while MkDocs renders
the rest of the site.

MkDocs renders and writes pages one at a time on one core (`_build_page`); at 5,000 briefs that
loop was the largest stage of `make site`. In a one-off build the adapter forks one worker when
MkDocs has read every page (`on_env`). The worker takes pages from the end of MkDocs' list
backwards while MkDocs goes forwards, and each page is claimed once, under a lock, by whichever
side reaches it first; they meet somewhere in the middle. For a page the worker claimed, MkDocs'
own render of the template is replaced by the file the worker wrote (`take`), so MkDocs still
runs `on_post_page` and writes the page itself, with the same bytes.

What the worker logs at WARNING or above is sent back and logged again by the build when it
reaches the page, so that `strict` counts it. If the worker fails on a page, dies, or is silent
for too long, the build renders that page (and every page the worker had not reached) itself.
The result is the same bytes as a build without the worker (tests/test_site_pages.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_FREE, _WORKER, _PARENT = 0, 1, 2
_Outcome = tuple[bool, list[tuple[str, int, str]]]  # the page was written (not empty), and what was logged

log = logging.getLogger(__name__)


class _Capture(logging.Handler):
    """In the worker: keeps the records of the page being rendered, to send them back."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


# A message a pipe takes in one write (PIPE_BUF is at least 4,096 bytes on Linux) cannot be cut
# in half by the worker's death, which would leave the build waiting for the rest: so a page's
# records are capped (MkDocs' strict mode fails on the first warning anyway).
_MAX_RECORDS, _MAX_MESSAGE = 8, 300


def _bounded(records: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    kept = [(name[:100], level, message[:_MAX_MESSAGE]) for name, level, message in records[:_MAX_RECORDS]]
    if len(records) > _MAX_RECORDS:
        name, level, _message = records[_MAX_RECORDS]
        kept.append((name[:100], level, f"... and {len(records) - _MAX_RECORDS} more like these on this page"))
    return kept


def can_fork() -> bool:
    """A second core to render on, and a system that forks."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and "fork" in multiprocessing.get_all_start_methods()


class PageWorker:
    """Renders some of `pages` (MkDocs' page objects, in the order MkDocs builds them) in a forked
    process with `render(page) -> str`, the template's output for the page."""

    # Longest the build waits without a word from the worker before it renders the page itself.
    SILENCE = 120.0

    def __init__(self, pages: list[Any], render: Callable[[Any], str]) -> None:
        self.pages = pages
        self.index = {page.file.src_uri: i for i, page in enumerate(pages)}
        self.render = render
        context = multiprocessing.get_context("fork")
        self.states = context.RawArray("b", len(pages))  # _FREE, _WORKER or _PARENT, by index
        self.lock = context.Lock()
        self.messages: Any = context.Queue()  # (index, written, records); never blocks the worker
        # What the worker said of each page it finished: (written, records), or None if it failed.
        self.done: dict[int, _Outcome | None] = {}
        self.theirs: set[str] = set()  # pages the build left to the worker
        self.process = context.Process(target=self._run, name="briefing-pages", daemon=True)
        self.in_worker = False
        self.stopped = False
        self.taken = 0  # pages the worker rendered that the build used

    def start(self) -> None:
        self.process.start()

    # In the build process.

    def claim(self, src_uri: str) -> bool:
        """Called when MkDocs is about to render a page: True if the worker renders it (it claimed
        it first), False if the build does (and the worker will not)."""
        i = self.index.get(src_uri)
        if i is None or self.in_worker or self.stopped:
            return False
        # A worker killed while it held the lock (out of memory) would leave it locked for ever.
        if not self.lock.acquire(timeout=self.SILENCE):
            log.warning("the page worker held its lock for %.0f s; the build renders the rest itself", self.SILENCE)
            self.stop()
            return False
        try:
            if self.states[i] == _FREE:
                self.states[i] = _PARENT
                return False
        finally:
            self.lock.release()
        self.theirs.add(src_uri)
        return True

    def take(self, page: Any) -> str | None:
        """The page the worker rendered, once it is written; None if the build must render it after
        all (the worker failed on it, died, or went silent). Log records the worker caught while
        rendering it are logged here."""
        src_uri = page.file.src_uri
        self.theirs.discard(src_uri)
        outcome = self._wait(self.index[src_uri])
        if outcome is None:
            return None
        written, records = outcome
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if not written:
            self.taken += 1
            return ""
        try:  # bytes decoded as they are: read_text would turn "\r\n" into "\n"
            output = Path(page.file.abs_dest_path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.taken += 1
        return output

    def _wait(self, i: int) -> _Outcome | None:
        last = time.monotonic()
        while i not in self.done:
            if self.stopped:
                return None
            try:
                j, written, records = self.messages.get(timeout=0.2)
            except queue.Empty:
                if not self.process.is_alive():
                    self._drain()
                    if i not in self.done:
                        log.warning("the page worker stopped (exit code %s); the build renders the rest itself",
                                    self.process.exitcode)
                        self.stop()
                        return None
                elif time.monotonic() - last > self.SILENCE:
                    log.warning("the page worker was silent for %.0f s; the build renders the rest itself",
                                self.SILENCE)
                    self.stop()
                    return None
                continue
            except (EOFError, OSError, ValueError):
                self.stop()
                return None
            last = time.monotonic()
            self._note(j, written, records)
        return self.done.pop(i)

    def _note(self, j: int, written: bool | None, records: list[tuple[str, int, str]]) -> None:
        self.done[j] = (written, records) if written is not None else None  # None: it failed on the page

    def _drain(self) -> None:
        while True:
            try:
                self._note(*self.messages.get_nowait())
            except (queue.Empty, EOFError, OSError, ValueError):
                return

    def stop(self, wait: float = 0.0) -> None:
        """End the worker, after waiting up to `wait` seconds for it to finish, and forget what it
        had not finished."""
        self.stopped = True
        if self.process.pid is not None:
            self.process.join(wait)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(5)
        self.messages.close()

    # In the worker.

    def _run(self) -> None:
        self.in_worker = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle (it ends the worker)
        capture = _Capture()
        root = logging.getLogger()
        loggers = [root] + [item for item in logging.Logger.manager.loggerDict.values()
                            if isinstance(item, logging.Logger) and item.handlers]
        for logger in loggers:  # nothing printed twice: the build logs what the worker caught
            logger.handlers = []
        root.addHandler(capture)
        for item in logging.Logger.manager.loggerDict.values():
            if isinstance(item, logging.Logger):
                item.propagate = True
        for i in range(len(self.pages) - 1, -1, -1):
            with self.lock:
                if self.states[i] != _FREE:
                    break
                self.states[i] = _WORKER
            page = self.pages[i]
            capture.records = []
            try:
                output = self.render(page)
                written = bool(output.strip())
                if written:
                    target = Path(page.file.abs_dest_path)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
            except Exception:  # the build renders this page itself, and raises what it raises
                self.messages.put((i, None, []))
                break
            self.messages.put((i, written, _bounded(capture.records)))
        self.messages.close()
        self.messages.join_thread()
