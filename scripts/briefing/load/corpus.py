"""Loading the whole corpus: every brief and data file, parsed and checked file by file.

Cross-file rules live in ``crossref``; ``validate`` ties both together.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..digest import digest
from ..model import DATA_FILES, Author, Brief, Jurisdiction, Topic, as_date
from ..problems import Problem
from ..rules import body as body_rules
from ..rules.messages import schema_problems
from .filecache import FileCache
from .sourcefile import (
    RESERVED_SLUGS,
    ReadError,
    Split,
    forget_folders,
    is_slug,
    read_text,
    resolved,
    split_front_matter,
)
from .yamlsource import Parsed, Pos, parse

BRIEFS_DIR = "briefs"


@dataclass
class BriefFile:
    path: Path
    rel: str  # path relative to the repository root, with '/' separators
    slug: str
    parsed: Parsed = field(default_factory=Parsed)
    body: str = ""
    body_line: int = 1
    model: Brief | None = None
    links: list[body_rules.BriefLink] = field(default_factory=list)
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


def load(root: Path, cache: FileCache | None = None) -> Corpus:
    """Load and check every file under ``root/briefs`` (file-level rules only); with a ``cache``,
    a brief whose text it has seen is not parsed again (``filecache``)."""
    directory = root / BRIEFS_DIR
    forget_folders()
    stray: list[Problem] = []
    briefs: list[BriefFile] = []
    data = {name: load_data_file(root, name) for name in DATA_FILES}
    names = sorted(os.listdir(directory)) if directory.is_dir() else []
    for name in names:
        path = directory / name
        if name in DATA_FILES or (name.startswith(".") and not name.endswith(".md")):
            continue  # data files are loaded above; dotfiles such as .gitkeep are not briefs
        if path.is_dir() or not name.endswith(".md"):
            stray.append(
                Problem(
                    rel_path(root, path),
                    1,
                    1,
                    "FILE-NAME",
                    f"'{name}' does not belong in briefs/: only <slug>.md briefs and the data files "
                    f"{', '.join(DATA_FILES)} go there",
                )
            )
            continue
        briefs.append(load_brief(root, path, rel=f"{BRIEFS_DIR}/{name}", cache=cache))
    return Corpus(root, briefs, data, stray)


def load_brief(root: Path, path: Path, rel: str | None = None, cache: FileCache | None = None) -> BriefFile:
    slug = path.name[:-3] if path.name.endswith(".md") else path.name
    brief = BriefFile(path, rel or rel_path(root, path), slug)
    if not is_slug(slug):
        brief.add(
            "FILE-NAME",
            f"file name '{path.name}' is not a valid slug: use 3-80 lowercase letters, "
            "digits and single hyphens, e.g. 'bis-export-controls-2023.md'",
            Pos(1, 1),
        )
    elif slug in RESERVED_SLUGS:
        brief.add("FILE-NAME", f"'{slug}' is reserved for the site's own pages (briefs/{slug}/); choose another slug",
                  Pos(1, 1))
    try:
        split = split_front_matter(read_text(path, root))
    except ReadError as exc:
        brief.add(exc.rule, exc.message, Pos(exc.line, exc.column))
        return brief
    if cache is not None:
        text_digest = digest(split.front, str(split.body_line), split.body)
        cached = cache.get(brief.rel, text_digest)
        if cached is not None:
            return cached
        _check_brief(brief, split)
        cache.put(brief.rel, text_digest, brief)
        return brief
    _check_brief(brief, split)
    return brief


def _check_brief(brief: BriefFile, split: Split) -> None:
    brief.body, brief.body_line = split.body, split.body_line
    brief.parsed = parse(split.front, line_offset=1)
    for issue in brief.parsed.issues:
        brief.add(issue.rule, issue.message, issue.pos)
    if brief.parsed.value is not None and not isinstance(brief.parsed.value, dict):
        brief.add(
            "FM-NOT-MAPPING",
            "front matter must be a mapping of keys to values (key: value lines)",
            brief.parsed.pos(()),
        )
    elif not any(i.rule in {"YAML-SYNTAX", "YAML-ALIAS"} for i in brief.parsed.issues):
        model, found = schema_problems(Brief, brief.raw, brief.parsed)
        brief.model = model  # type: ignore[assignment]
        for rule, message, pos in found:
            brief.add(rule, message, pos)
    issues, brief.links = body_rules.check(split.body)
    for issue in issues:
        brief.add(issue.rule, issue.message, Pos(issue.line + split.body_line - 1, issue.column))


def load_data_file(root: Path, name: str) -> DataFile:
    import re

    path = root / BRIEFS_DIR / name
    data = DataFile(name, rel_path(root, path))
    model, id_pattern, _required = DATA_FILES[name]

    def add(rule: str, message: str, pos: Pos) -> None:
        data.problems.append(Problem(data.rel, pos.line, pos.column, rule, message))

    if not path.exists():
        add("DATA-MISSING", f"briefs/{name} is missing", Pos(1, 1))
        return data
    try:
        text = read_text(path, root)
    except ReadError as exc:
        add(exc.rule, exc.message, Pos(exc.line, exc.column))
        return data
    data.parsed = parse(text)
    for issue in data.parsed.issues:
        add(issue.rule, issue.message, issue.pos)
    value = data.parsed.value
    if value is None:
        return data
    if not isinstance(value, dict):
        add("FM-NOT-MAPPING", f"{name} must be a mapping of ids to entries", data.parsed.pos(()))
        return data
    pattern = re.compile(id_pattern)
    for key, entry in value.items():
        key_text = str(key)
        data.ids.add(key_text)
        if not pattern.fullmatch(key_text):
            add(
                "SCHEMA-FORMAT",
                f"id '{key_text}' is not a valid {name.split('.')[0][:-1]} id",
                data.parsed.pos((key,), key=True),
            )
        elif key_text in RESERVED_SLUGS:
            add(
                "SCHEMA-FORMAT",
                f"id '{key_text}' is reserved for the site's own pages; choose another",
                data.parsed.pos((key,), key=True),
            )
        instance, found = schema_problems(model, entry, data.parsed, prefix=(key,))
        for rule, message, pos in found:
            add(rule, message, pos)
        if instance is not None:
            data.entries[key_text] = instance
    return data
