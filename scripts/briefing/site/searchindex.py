"""The site search's index, written by Pagefind's command line (the `pagefind[extended]`
package's binary, which segments Chinese) over the finished site.

Measured and not used (docs/contribute/performance.md): feeding Pagefind's service each page
as MkDocs writes it. Its Python API waits a tenth of a second per answer; a client of our own
made the same index, record for record, but encoding the pages in the build process slowed
MkDocs more than the overlap saved (1,000 briefs: 34 s against 24 s).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

TIMEOUT = 600.0  # seconds: a run that takes longer is stopped and reported


class SearchIndexError(Exception):
    """Pagefind could not be run or failed; the message says what to do."""


def _index_written(output: Path) -> bool:
    return (output / "pagefind-entry.json").is_file()


def _failed(site_dir: Path, detail: str) -> SearchIndexError:
    return SearchIndexError(f"Pagefind failed to index {site_dir}; is `pagefind[extended]` installed "
                            f"(make install)?\n{detail}")


class PagefindRun:
    """`pagefind --site` over the built site, into ``site_dir/pagefind`` or ``output``: a child
    process started at once (the build's own workers, such as the audit's scan, go on meanwhile);
    `wait` gives its report."""

    def __init__(self, site_dir: Path, output: Path | None = None, glob: str | None = None) -> None:
        self.site_dir, self.output = site_dir, output or site_dir / "pagefind"
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
        if output is not None:
            command += ["--output-path", str(output)]
        if glob is not None:
            command += ["--glob", glob]
        self.report = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait) not a pipe: read when done
        try:
            self.process = subprocess.Popen(command, stdout=self.report, stderr=subprocess.STDOUT)
        except OSError as exc:
            self.report.close()
            raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from exc

    def wait(self, timeout: float = TIMEOUT) -> str:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.process.kill()
            self.process.wait()
            raise SearchIndexError(f"Pagefind could not index {self.site_dir}: {exc}") from exc
        finally:
            self.report.seek(0)
            report = self.report.read().decode("utf-8", "replace").strip()
            self.report.close()
        if code != 0 or not _index_written(self.output):
            raise _failed(self.site_dir, f"(exit {code}) {report}")
        return report


def run_pagefind(site_dir: Path, output: Path | None = None, glob: str | None = None) -> str:
    """Index the built site with Pagefind's command line and wait for it; returns its report."""
    return PagefindRun(site_dir, output, glob).wait()


def glob_for(pages: Iterable[str]) -> str:
    """A glob (Pagefind's `--glob`) that matches every one of ``pages`` (site-relative HTML paths
    of the pages marked for the index) and leaves out the big listings that are not: one pattern
    per top folder and depth, `*` standing for one folder (`briefs/*/index.html` takes every
    brief but not `briefs/page/2/index.html`). A page it matches that is not marked is read and
    skipped, as without it; the audit checks that every marked page is in the index. Pagefind
    reads every HTML file otherwise: at 5,000 briefs, 0.6 to 1 s more."""
    patterns = set()
    for rel in pages:
        parts = rel.split("/")
        patterns.add("/".join([parts[0], *["*"] * (len(parts) - 2), parts[-1]]) if len(parts) > 1 else rel)
    return "{" + ",".join(sorted(patterns)) + "}"
