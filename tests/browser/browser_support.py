"""Shared by the browser tests: the pages under test, the built site, and finding Chromium.

Tests import from here rather than from conftest.py (a module name several folders may use).
Under CI (`CI=true`) a missing browser or a missing `playwright` package FAILS the run: a
browser suite that silently skips proves nothing. Locally it skips, with the same message.
The decision is unit-tested in test_browser_env.py.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from unavailable import unavailable as fail_or_skip

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-12-07"  # BRIEFING_TODAY for the build (the edition's date): the site does not change with the calendar

# The pages every check visits: one of each kind a reader meets.
PAGES = {
    "home": "",
    "briefs index": "briefs/",
    "brief": "briefs/china-deep-synthesis-provisions/",
    "topic": "topics/export-controls/",
    "timeline": "timeline/",
    "corrections": "corrections/",
    "open data": "data/",
    "follow": "follow/",
    "digest month": "digest/2026-12/",
}


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the built site directory
    base_url: str  # http://127.0.0.1:<port>/

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def path_of(self, url: str) -> str:
        """The site-relative path of one of its own URLs, without query or fragment."""
        assert url.startswith(self.base_url), f"{url} is not on {self.base_url}"
        return url[len(self.base_url):].split("#", 1)[0].split("?", 1)[0]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-download
            super().handle_error(request, client_address)


@functools.cache
def published_briefs() -> dict[str, Any]:
    """The edition's published briefs (slug -> model), read with the project's own loader, for
    tests whose expectations follow the briefs (counts and pairs that change with each edition)."""
    from briefing.rules.files import load_brief

    found = {}
    for path in sorted((REPO / "briefs").glob("*.md")):
        model = load_brief(REPO, path).model
        if model is not None and model.status == "published":
            found[path.stem] = model
    return found


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


INSTALL_HINT = "install Debian's chromium: apt-get install chromium"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
# Debian's chromium under Playwright: headless, and quiet on the network (no updates, no sync,
# no QUIC probes), so that every request the tests see comes from the page itself.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Chromium:
    """How to launch Chromium: a system executable, or Playwright's bundled build (None)."""

    executable_path: str | None
    description: str


def unavailable(reason: str, environ: Mapping[str, str] = os.environ) -> None:
    """Fail under CI, skip elsewhere; the message always says how to fix it."""
    fail_or_skip(f"browser tests need Chromium: {reason}; {INSTALL_HINT}", environ)


def _executable(path: str | None) -> str | None:
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


def bundled_chromium() -> str | None:
    """Playwright's own downloaded Chromium, when `playwright install chromium` has been run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        return _executable(p.chromium.executable_path)


def find_chromium(
    which: Callable[[str], str | None] = shutil.which,
    bundled: Callable[[], str | None] = bundled_chromium,
    debian: str = DEBIAN_CHROMIUM,
) -> Chromium | None:
    for candidate in (debian, which("chromium"), which("chromium-browser")):
        found = _executable(candidate)
        if found:
            return Chromium(found, found)
    try:
        found = bundled()
    except Exception:  # no driver, no browser: treat as absent
        found = None
    return Chromium(None, f"Playwright's bundled Chromium ({found})") if found else None


def _import_playwright() -> None:
    importlib.import_module("playwright.sync_api")


def require_chromium(
    environ: Mapping[str, str] = os.environ,
    find: Callable[[], Chromium | None] = find_chromium,
    import_playwright: Callable[[], None] = _import_playwright,
) -> Chromium:
    """The Chromium to use, or a skip (locally) / failure (under CI) that says how to get one."""
    try:
        import_playwright()
    except ImportError as exc:
        unavailable(f"the playwright package cannot be imported ({exc}); run `make install`", environ)
    found = find()
    if found is None:
        unavailable(f"no chromium at {DEBIAN_CHROMIUM}, on PATH, or bundled with Playwright", environ)
    assert found is not None
    return found
