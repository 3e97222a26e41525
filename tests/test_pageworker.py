"""The page worker (briefing/mkdocs_pageworker.py): the forked process that renders some pages'
templates while MkDocs renders the rest. Each page is rendered by exactly one side, the worker's
pages are the tail of the list, and whatever goes wrong in the worker leaves the build to render
the page itself. tests/test_site_pages.py checks that a site built with it has the same bytes as
one built without it."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from briefing.mkdocs_pageworker import PageWorker, can_fork
from unavailable import unavailable


@pytest.fixture(autouse=True)
def _two_cores() -> None:
    if not can_fork():
        unavailable("the page worker needs fork() and a second core; builds here render every page in one process")


def fake_pages(root: Path, n: int) -> list[Any]:
    return [SimpleNamespace(file=SimpleNamespace(src_uri=f"p{i}.md", abs_dest_path=str(root / f"p{i}" / "index.html")))
            for i in range(n)]


def build(pages: list[Any], render: Any, worker: PageWorker) -> list[str]:
    """What MkDocs' loop does with the worker: claim each page, take the worker's or render it."""
    deadline = time.monotonic() + 30
    while worker.states[len(pages) - 1] == 0 and time.monotonic() < deadline:  # the worker has begun
        time.sleep(0.005)
    outputs = []
    for page in pages:
        output = worker.take(page) if worker.claim(page.file.src_uri) else None
        outputs.append(output if output is not None else render(page))
    worker.stop(wait=5)
    return outputs


PARENT = os.getpid()


def slow_render(page: Any) -> str:
    time.sleep(0.01)
    return f"<p>{page.file.src_uri} by {'build' if os.getpid() == PARENT else 'worker'}</p>"


def test_every_page_is_rendered_once_and_the_worker_takes_the_tail(tmp_path: Path) -> None:
    pages = fake_pages(tmp_path, 60)
    worker = PageWorker(pages, slow_render)
    worker.start()
    outputs = build(pages, slow_render, worker)
    by = [output.rsplit(" by ", 1)[1].removesuffix("</p>") for output in outputs]
    assert [o.split(" by ")[0] for o in outputs] == [f"<p>p{i}.md" for i in range(60)]
    assert 0 < worker.taken == by.count("worker") < 60
    first = by.index("worker")
    assert by[first:] == ["worker"] * (60 - first), "the worker's pages are one run at the end"
    for page, output in zip(pages, outputs, strict=True):  # what it wrote is what the build used
        if "by worker" in output:
            assert Path(page.file.abs_dest_path).read_text("utf-8") == output
        else:
            assert not Path(page.file.abs_dest_path).exists()
    assert worker.process.exitcode == 0


def test_a_page_the_worker_fails_on_is_rendered_by_the_build(tmp_path: Path) -> None:
    pages = fake_pages(tmp_path, 30)

    def render(page: Any) -> str:
        if os.getpid() != PARENT and page.file.src_uri == "p27.md":
            raise RuntimeError("a template error in the worker")
        return slow_render(page)

    worker = PageWorker(pages, render)
    worker.start()
    outputs = build(pages, render, worker)
    assert outputs[27] == "<p>p27.md by build</p>"
    assert outputs[28:] == ["<p>p28.md by worker</p>", "<p>p29.md by worker</p>"]
    assert all("by build" in o for o in outputs[:27]), "the worker stops at its first failure"
    assert worker.taken == 2


def test_a_worker_that_dies_leaves_the_rest_to_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pages = fake_pages(tmp_path, 30)

    def render(page: Any) -> str:
        if os.getpid() != PARENT and page.file.src_uri == "p26.md":
            os._exit(3)  # killed (out of memory, say) in the middle of a page
        return slow_render(page)

    worker = PageWorker(pages, render)
    worker.start()
    with caplog.at_level(logging.WARNING):
        outputs = build(pages, render, worker)
    assert outputs[:27] == [f"<p>p{i}.md by build</p>" for i in range(27)]
    # The pages it finished before it died count if their word got out (os._exit may cut it off).
    assert [o.split(" by ")[0] for o in outputs[27:]] == ["<p>p27.md", "<p>p28.md", "<p>p29.md"]
    assert "the page worker stopped (exit code 3)" in caplog.text


def test_what_the_worker_logs_is_logged_by_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs' strict mode counts the warnings logged in the build process."""
    pages = fake_pages(tmp_path, 20)

    def render(page: Any) -> str:
        if os.getpid() != PARENT:
            logging.getLogger("mkdocs.test").warning("a warning while rendering %s", page.file.src_uri)
            logging.getLogger("mkdocs.test").info("not sent back")
        return slow_render(page)

    worker = PageWorker(pages, render)
    worker.start()
    with caplog.at_level(logging.INFO, logger="mkdocs.test"):
        outputs = build(pages, render, worker)
    mine = [f"a warning while rendering p{i}.md" for i, o in enumerate(outputs) if "by worker" in o]
    assert mine and [r.getMessage() for r in caplog.records if r.name == "mkdocs.test"] == mine
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == "mkdocs.test")


def test_the_build_gets_the_worker_s_output_exactly(tmp_path: Path) -> None:
    """Newlines as they are: "\r\n" and a lone "\r" are not turned into "\n" on the way back."""
    pages = fake_pages(tmp_path, 20)

    def render(page: Any) -> str:
        time.sleep(0.01)
        return f"<p>{page.file.src_uri}</p>\r\n<p>a\rb</p>\n"

    worker = PageWorker(pages, render)
    worker.start()
    outputs = build(pages, render, worker)
    assert worker.taken > 0
    assert outputs == [render(page) for page in pages]


def test_what_the_worker_sends_back_for_a_page_stays_small(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A page's records are capped, so each message fits in one write to the pipe (a worker that
    dies in the middle of a longer one would leave the build waiting for its end)."""
    import pickle

    from briefing.mkdocs_pageworker import _bounded

    many = [("mkdocs.test", logging.WARNING, "x" * 5000)] * 50
    assert len(pickle.dumps((10**6, True, _bounded(many)))) < 4096
    assert _bounded(many)[-1][2] == "... and 42 more like these on this page"
    pages = fake_pages(tmp_path, 20)

    def render(page: Any) -> str:
        if os.getpid() != PARENT:
            for _ in range(50):
                logging.getLogger("mkdocs.test").warning("y" * 1000)
        return slow_render(page)

    worker = PageWorker(pages, render)
    worker.start()
    with caplog.at_level(logging.WARNING, logger="mkdocs.test"):
        outputs = build(pages, render, worker)
    theirs = sum("by worker" in o for o in outputs)
    assert theirs > 0 and len([r for r in caplog.records if r.name == "mkdocs.test"]) == 9 * theirs
