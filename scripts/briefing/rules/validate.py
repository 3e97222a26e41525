"""Validate the corpus: file-level rules, then cross-file rules, in one pass over every file."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..load.corpus import Corpus, rel_path
from ..load.filecache import FileCache
from ..load.sourcefile import resolved
from ..problems import Problem
from . import crossref
from .files import load, load_brief


class BuildDateError(ValueError):
    """`BRIEFING_TODAY` is set but is not a date."""


def build_today() -> dt.date:
    """The build date every command uses: `BRIEFING_TODAY` (YYYY-MM-DD) when set, for
    reproducible builds and tests, else today's UTC date."""
    value = os.environ.get("BRIEFING_TODAY")
    if not value:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BuildDateError(f"BRIEFING_TODAY is {value!r}; it must be a date written YYYY-MM-DD") from None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading: loading allocates many small,
    long-lived objects and no reference cycles, and repeated full collections over a growing
    heap cost about a third of the load time on a large corpus (see docs/contribute/performance.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(root: Path, paths: Sequence[Path] = (), today: dt.date | None = None,
             cache: FileCache | None = None) -> Corpus:
    """Load every brief under ``root/briefs`` plus any given file outside it, and check all rules.
    With a ``cache`` (``filecache``), unchanged briefs are not parsed again; the cross-file rules
    always run over the whole corpus."""
    with gc_paused():
        corpus = _validate(root, paths, today, cache)
    if cache is not None:
        cache.prune()
    return corpus


def _validate(root: Path, paths: Sequence[Path], today: dt.date | None, cache: FileCache | None) -> Corpus:
    corpus = load(root, cache)
    known = {resolved(b.path) for b in corpus.briefs}
    for path in paths:
        if path.suffix == ".md" and path.is_file() and resolved(path) not in known:
            corpus.briefs.append(load_brief(root, path))
    crossref.check(corpus, today or dt.date.today())
    return corpus


def select(corpus: Corpus, paths: Sequence[Path]) -> list[Problem]:
    """Problems of the given files or folders only (every problem when ``paths`` is empty)."""
    problems = corpus.all_problems()
    if not paths:
        return problems
    wanted = {rel_path(corpus.root, p).rstrip("/") for p in paths}
    return [p for p in problems if p.path in wanted or any(p.path.startswith(w + "/") for w in wanted)]
