"""Validate the corpus: file-level rules, then cross-file rules, in one pass over every file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from . import crossref
from .corpus import Corpus, load, load_brief, rel_path
from .problems import Problem


def validate(root: Path, paths: Sequence[Path] = (), today: dt.date | None = None) -> Corpus:
    """Load every brief under ``root/briefs`` plus any given file outside it, and check all rules."""
    corpus = load(root)
    known = {b.path.resolve() for b in corpus.briefs}
    for path in paths:
        if path.is_file() and path.resolve() not in known and path.suffix == ".md":
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
