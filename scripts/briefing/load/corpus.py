"""The corpus as loaded: every brief and data file with its parsed YAML, its model and its
file-level problems.

The file-level rules that fill it in live in ``rules.files``, the cross-file rules in
``rules.crossref``; ``rules.validate`` ties both together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Author, Brief, Jurisdiction, Topic, as_date
from ..problems import Problem
from .sourcefile import resolved
from .yamlsource import Parsed, Pos

BRIEFS_DIR = "briefs"


@dataclass(frozen=True)
class BriefLink:
    """A link from a brief's body to another brief (``rules.body`` finds them, ``rules.crossref``
    checks that they lead somewhere)."""

    target: str  # the slug linked to
    line: int
    column: int


@dataclass
class BriefFile:
    path: Path
    rel: str  # path relative to the repository root, with '/' separators
    slug: str
    parsed: Parsed = field(default_factory=Parsed)
    body: str = ""
    body_line: int = 1
    model: Brief | None = None
    links: list[BriefLink] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def raw(self) -> dict[str, Any]:
        return self.parsed.value if isinstance(self.parsed.value, dict) else {}

    def status(self) -> str:
        value = self.raw.get("status", "published")
        return value if isinstance(value, str) else "published"

    def published(self) -> dt.date | None:
        return as_date(self.raw.get("published"))

    def add(self, rule: str, message: str, pos: Pos, severity: str = "error") -> None:
        self.problems.append(Problem(self.rel, pos.line, pos.column, rule, message, severity))  # type: ignore[arg-type]


@dataclass
class DataFile:
    name: str
    rel: str
    parsed: Parsed = field(default_factory=Parsed)
    entries: dict[str, Any] = field(default_factory=dict)  # id -> model (valid entries only)
    ids: set[str] = field(default_factory=set)  # every id present, valid entry or not
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Corpus:
    root: Path
    briefs: list[BriefFile]
    data: dict[str, DataFile]
    problems: list[Problem]  # problems not tied to one brief or data file (stray files)

    @property
    def topics(self) -> dict[str, Topic]:
        return self.data["topics.yml"].entries

    @property
    def authors(self) -> dict[str, Author]:
        return self.data["authors.yml"].entries

    @property
    def jurisdictions(self) -> dict[str, Jurisdiction]:
        return self.data["jurisdictions.yml"].entries

    def all_problems(self) -> list[Problem]:
        found = list(self.problems)
        for data in self.data.values():
            found += data.problems
        for brief in self.briefs:
            found += brief.problems
        return found


def rel_path(root: Path, path: Path) -> str:
    # Resolve the folder, not the file: a symlinked brief is reported under its own name.
    absolute = path.absolute()
    where = resolved(absolute) if absolute.name in {"", ".", ".."} else resolved(absolute.parent) / absolute.name
    try:
        return where.relative_to(resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()


def scheduled_dates(corpus: Corpus, today: dt.date) -> list[dt.date]:
    """The distinct publication dates after ``today`` of the valid briefs that are not drafts."""
    return sorted({b.model.published for b in corpus.briefs
                   if b.model is not None and b.model.status != "draft" and b.model.published > today})
