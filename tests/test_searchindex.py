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


def test_the_glob_takes_each_marked_page_by_folder_and_depth() -> None:
    from briefing.site.searchindex import glob_for

    marked = ["briefs/a-brief/index.html", "briefs/b-brief/index.html", "topics/x/index.html",
              "timeline/2024/index.html", "timeline/2024/page/2/index.html", "about/index.html", "404.html"]
    assert glob_for(marked) == ("{404.html,about/index.html,briefs/*/index.html,timeline/*/*/*/index.html,"
                                "timeline/*/index.html,topics/*/index.html}")


def test_pagefind_reads_only_what_the_glob_matches(tmp_path: Path) -> None:
    """`*` in the glob stands for one folder: a page one folder deeper is not read (which is what
    keeps the listings at `briefs/page/<n>/` out of Pagefind's way)."""
    from briefing.site.searchindex import glob_for, run_pagefind

    page = '<html lang="en"><body><main data-pagefind-body><h1>{}</h1><p>Chips and tools.</p></main></body></html>'
    for rel in ("briefs/one/index.html", "briefs/two/index.html", "briefs/page/2/index.html", "about/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(page.format(rel), "utf-8")
    report = run_pagefind(tmp_path, glob=glob_for(["briefs/one/index.html", "briefs/two/index.html"]))
    assert "Indexed 2 pages" in report
    everything = run_pagefind(tmp_path, output=tmp_path / "all")
    assert "Indexed 4 pages" in everything
