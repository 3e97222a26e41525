"""Pagefind's command line as a child process (site/searchindex.py): a finished run gives its
report, a failed one a clear error naming the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.site import searchindex
from briefing.site.searchindex import PagefindRun, SearchIndexError


def test_a_run_indexes_the_pages_and_reports(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<html lang="en"><body><main data-pagefind-body><h1>Export controls</h1><p>Chips and tools.</p></main>'
        "</body></html>", "utf-8")
    run = PagefindRun(tmp_path)  # returns once the process has started
    report = run.wait()
    assert "Indexed 1 page" in report
    assert (tmp_path / "pagefind/pagefind-entry.json").is_file()


def test_a_failed_run_is_an_error_that_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchindex.sys, "executable", "/bin/false")  # Pagefind "runs" and fails at once
    with pytest.raises(SearchIndexError, match=r"Pagefind failed to index .*make install"):
        PagefindRun(tmp_path).wait()


def test_a_run_that_cannot_start_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchindex.sys, "executable", str(tmp_path / "no-such-python"))
    with pytest.raises(SearchIndexError, match="Pagefind could not index"):
        PagefindRun(tmp_path)
