"""Browser tests: the real site, built once, served on 127.0.0.1, driven by headless Chromium.

* `site` builds the repository's own briefs with `mkdocs build --strict` into a temporary
  directory (BRIEFING_TODAY pins the date) and serves it from a local thread.
* `browser` launches Chromium: Debian's `/usr/bin/chromium` when present (see browser_support.py);
  without one the tests skip locally and FAIL under `CI=true`.
* `catalog` is the edition's catalog (what the built site holds), for tests that check pages
  against the data.
* `open_page` opens a page in a fresh context that records console errors, uncaught
  exceptions, failed requests, HTTP errors and any request to another origin (which is
  blocked, so the tests never reach the network).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from browser_support import CHROMIUM_ARGS, REPO, TODAY, BuiltSite, require_chromium, serve

from briefing.site.build import compile_corpus
from briefing.site.catalog import Catalog

# The deploy sets REPO_URL; setting it here renders the repository link in the header, so the
# tests also prove that the link does not make the page call api.github.com.
REPO_URL = "https://github.com/example/ai-governance-briefs"
DEFAULT_TIMEOUT_MS = 10_000

# The page has started: Material's script ran (the header knows its components) and the search
# box (Pagefind's UI, started and labelled by javascripts/search.js) is in place.
SITE_READY = """() => document.readyState === "complete"
  && !!document.querySelector("[data-md-component=header]")
  && !!document.querySelector("input.pagefind-ui__search-input[aria-label]")"""


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    root = tmp_path_factory.mktemp("site")
    with serve(root) as base_url:
        env = {**os.environ, "BRIEFING_TODAY": TODAY, "SITE_URL": base_url, "REPO_URL": REPO_URL,
               "NO_MKDOCS_2_WARNING": "1"}
        build = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        if build.returncode != 0:
            pytest.fail(f"mkdocs build --strict failed ({build.returncode}):\n{build.stdout}\n{build.stderr}",
                        pytrace=False)
        yield BuiltSite(root, base_url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium.executable_path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Watch:
    """What went wrong while a page was open."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"HTTP error: {m}" for m in self.http_errors]
            + [f"request to another origin: {m}" for m in self.foreign_requests]
        )

    def own(self, url: str) -> bool:
        return url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:"))


@dataclass
class OpenPage:
    page: Any  # playwright.sync_api.Page
    watch: Watch


@pytest.fixture
def open_page(browser: Any, site: BuiltSite) -> Iterator[Callable[..., OpenPage]]:
    """Open a site page (path relative to the site root) in a fresh, watched browser context.

    `settle="networkidle"` waits until no request has been open for 500 ms, for the checks
    that every request succeeded; the default waits only until the page and its search box have started.
    """
    contexts: list[Any] = []
    origin = site.base_url.rstrip("/")

    def opener(path: str | None = "", *, width: int = 1280, height: int = 900, settle: str = "ready",
               **options: Any) -> OpenPage:
        context = browser.new_context(base_url=site.base_url, viewport={"width": width, "height": height},
                                      **options)
        contexts.append(context)
        watch = Watch(origin)

        def block(route: Any) -> None:  # never let a test reach the network
            watch.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

        context.route(lambda url: not watch.own(url), block)
        page = context.new_page()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(
            f"{msg.text} ({msg.location.get('url', '')})"))
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.on("requestfailed", lambda req: watch.failed_requests.append(f"{req.url}: {req.failure}"))
        page.on("response", lambda resp: resp.status >= 400 and watch.http_errors.append(
            f"{resp.status} {resp.url}"))
        if path is not None:
            if settle == "networkidle":
                page.goto(site.url(path), wait_until="networkidle")
            else:
                page.goto(site.url(path), wait_until="load")
                page.wait_for_function(SITE_READY)
        return OpenPage(page, watch)

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    result = compile_corpus(REPO, "http://127.0.0.1:8000/", REPO / "docs" / "templates",
                            today=dt.date.fromisoformat(TODAY))
    assert result.catalog is not None, [p.text() for p in result.problems]
    return result.catalog
