"""File-level rules: every brief and data file read, parsed and checked on its own (the model's
schema, worded by ``messages``, and the body rules in ``body``), into the records of
``load.corpus``; with a ``load.filecache``, a brief whose text has not changed is not checked again.

Cross-file rules live in ``crossref``; ``validate`` ties both together.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..digest import digest
from ..load.corpus import BRIEFS_DIR, BriefFile, Corpus, DataFile, rel_path
from ..load.filecache import FileCache
from ..load.sourcefile import (
    RESERVED_SLUGS,
    ReadError,
    Split,
    forget_folders,
    is_slug,
    read_text,
    split_front_matter,
)
from ..load.yamlsource import Pos, parse
from ..model import DATA_FILES, Brief
from ..problems import Problem, clip
from . import body as body_rules
from . import placeholders
from .messages import schema_problems


def load(root: Path, cache: FileCache | None = None) -> Corpus:
    """Load and check every file under ``root/briefs`` (file-level rules only); with a ``cache``,
    a brief whose text it has seen is not parsed again (``filecache``)."""
    directory = root / BRIEFS_DIR
    forget_folders()
    stray: list[Problem] = []
    briefs: list[BriefFile] = []
    pending: list[tuple[int, Split, str]] = []  # read, not yet checked: (index in briefs, text, digest)
    data = {name: load_data_file(root, name) for name in DATA_FILES}
    names = sorted(os.listdir(directory)) if directory.is_dir() else []
    checker = _Checker(len(names))
    try:
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
            brief, split, text_digest = _read_brief(root, path, f"{BRIEFS_DIR}/{name}", cache)
            briefs.append(brief)
            if split is not None:
                pending.append((len(briefs) - 1, split, text_digest))
                checker.add((brief, split))
    except BaseException:  # no pool of workers left behind
        checker.stop()
        raise
    checked = checker.results()
    for (index, _split, text_digest), done in zip(pending, checked, strict=True):
        briefs[index] = done  # a worker's copy, or the same object when checked here
        if cache is not None:
            cache.put(done.rel, text_digest, done)
    return Corpus(root, briefs, data, stray)


def load_brief(root: Path, path: Path, rel: str | None = None, cache: FileCache | None = None) -> BriefFile:
    brief, split, text_digest = _read_brief(root, path, rel or rel_path(root, path), cache)
    if split is None:
        return brief
    _check_brief(brief, split)
    if cache is not None:
        cache.put(brief.rel, text_digest, brief)
    return brief


def _read_brief(root: Path, path: Path, rel: str, cache: FileCache | None) -> tuple[BriefFile, Split | None, str]:
    """A brief's file name checked and its text read: (the brief, its text still to be checked
    or None when it is done: unreadable, or its result was in the cache, and the text's digest)."""
    slug = path.name[:-3] if path.name.endswith(".md") else path.name
    brief = BriefFile(path, rel, slug)
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
        return brief, None, ""
    if cache is None:
        return brief, split, ""
    text_digest = digest(split.front, str(split.body_line), split.body)
    cached = cache.get(brief.rel, text_digest)
    if cached is not None:
        return cached, None, text_digest
    return brief, split, text_digest


# Checking is most of a cold load (the YAML composer that keeps positions, the model, the body
# rules); from this many briefs to check on, forked workers share it, one per core. Each gets only
# the texts already read (the parent reads them, through sourcefile's checks) and sends back results.
PARALLEL_FROM = 300


class _Checker:
    """Checks the briefs' texts (file-level rules) in the order they were read. From
    PARALLEL_FROM texts on, forked workers check them in chunks while the parent reads the rest
    (sized from ``expected``, the number of files, so that each worker gets a few chunks); if
    anything goes wrong in a worker, the parent checks every text itself."""

    def __init__(self, expected: int) -> None:
        self.workers = min(os.cpu_count() or 1, 8)
        self.parallel = self.workers >= 2 and "fork" in multiprocessing.get_all_start_methods()
        self.size = max(25, expected // (self.workers * 4))
        self.items: list[tuple[BriefFile, Split]] = []
        self.submitted = 0
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: list[Future[list[BriefFile]]] = []

    def add(self, item: tuple[BriefFile, Split]) -> None:
        self.items.append(item)
        if not self.parallel or len(self.items) < PARALLEL_FROM:
            return
        while len(self.items) - self.submitted >= self.size:
            self._submit(self.submitted + self.size)

    def _submit(self, end: int) -> None:
        try:
            if self.pool is None:
                self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
            self.jobs.append(self.pool.submit(_checked_chunk, self.items[self.submitted:end]))
        except Exception:  # the pool could not start or broke: check everything here
            self.stop()
        self.submitted = end

    def stop(self) -> None:
        self.parallel = False
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def results(self) -> list[BriefFile]:
        if self.parallel and len(self.items) >= PARALLEL_FROM:  # the rest, spread over the workers
            step = max(25, -(-(len(self.items) - self.submitted) // (self.workers * 2)))
            while self.parallel and self.submitted < len(self.items):
                self._submit(min(self.submitted + step, len(self.items)))
        checked: list[BriefFile] = []
        try:
            if self.jobs and self.parallel:
                checked = [brief for job in self.jobs for brief in job.result()]
        except Exception:  # a worker died (out of memory) or a result could not travel
            checked = []
        finally:
            self.stop()
        if len(checked) != len(self.items):  # none sent, or a chunk lost on the way: check them here
            checked = [_checked(item) for item in self.items]
        return checked


def _checked_chunk(items: list[tuple[BriefFile, Split]]) -> list[BriefFile]:
    checked = [_checked(item) for item in items]
    for brief in checked:  # the composed YAML tree positions were read from: rebuilt on demand, and a
        brief.parsed.forget_positions()  # deeply nested one would not pickle
    return checked


def _checked(item: tuple[BriefFile, Split]) -> BriefFile:
    brief, split = item
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
    if brief.model is not None:
        _check_citations(brief, split)
        placeholders.check(brief, split)


def _check_citations(brief: BriefFile, split: Split) -> None:
    """Source ids are unique within the brief, and every `[@id]` in the body names one of them."""
    assert brief.model is not None
    known: dict[str, int] = {}
    for index, source in enumerate(brief.model.sources):
        if source.id is None:
            continue
        if source.id in known:
            brief.add("SOURCE-ID", f"sources[{index + 1}] has the id '{source.id}' of sources[{known[source.id] + 1}]; "
                      "each source's id is unique within the brief", brief.parsed.pos(("sources", index, "id")))
        else:
            known[source.id] = index
    for reported, (name, line, column) in enumerate(body_rules.citations(split.body)):
        if name in known:
            continue
        if not known:
            why = "this brief's sources have no ids: add `id: <name>` to the source it cites"
        else:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6) if reported < 20 else []
            why = f"did you mean '{close[0]}'?" if close else "the ids are " + ", ".join(
                f"'{k}'" for k in list(known)[:8]) + ("..." if len(known) > 8 else "")
        brief.add("BODY-CITE", f"[@{name[:40]}] names no source of this brief; {why}",
                  Pos(line + split.body_line - 1, column))


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
                f"id '{clip(key_text)}' is not a valid {name.split('.')[0][:-1]} id",
                data.parsed.pos((key,), key=True),
            )
        elif key_text in RESERVED_SLUGS:
            add(
                "SCHEMA-FORMAT",
                f"id '{clip(key_text)}' is reserved for the site's own pages; choose another",
                data.parsed.pos((key,), key=True),
            )
        instance, found = schema_problems(model, entry, data.parsed, prefix=(key,))
        for rule, message, pos in found:
            add(rule, message, pos)
        if instance is not None:
            data.entries[key_text] = instance
    return data
