"""Shared helpers for the validator tests: the fixture corpus, a base brief, and runners."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from briefing.problems import Problem, render
from briefing.rules.validate import select, validate

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
# A fixed "today" so that scheduled/published decisions never depend on the calendar.
TODAY = dt.date(2026, 1, 1)

# A valid brief that the rule tests break in exactly one place. It is written to
# briefs/test-brief.md in a copy of the fixture corpus. Line numbers matter: the tests pin them.
BASE = """\
---
title: "A fictional brief used by the rule tests"
summary: "A fictional brief whose front matter and body each rule test breaks in exactly one place."
published: 2024-05-01
status: published
authors: [editorial-team]
topics: [export-controls, trade-tariffs]
jurisdictions: [US, CN]
key_points:
  - "The first fictional point."
  - "The second fictional point."
sources:
  - title: "A fictional source"
    url: "https://example.org/source"
    publisher: "Example Publisher"
    type: primary
related: [sample-compute-rule-2025]
---

## What happened

A fictional office published a fictional notice, described in
[the revised rule brief](sample-compute-rule-2025.md). Nothing here is real. The sentences in
this body are neutral filler prose, long enough to pass the minimum length that the contract sets
for every brief, and they make no claim about any government, company, summit or person.

## Why it matters

It matters only to the tests. Each rule test takes this brief, changes one line of its front
matter or its body, and checks that the validator reports exactly the expected problem, on the
expected line and column, with the expected wording. Because the rest of the brief stays valid,
any other problem that appears would be a sign that the validator misreads its input.

The last paragraph adds a few more ordinary words, so that small edits to the body in a test do
not push the word count under the limit by accident, and so that a reader of the test file can
see at a glance what a complete and valid brief looks like in this publication.
"""


def edit(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) with ``new``."""
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def base(old: str | None = None, new: str = "") -> str:
    return BASE if old is None else edit(BASE, old, new)


def copy_corpus(dest: Path) -> Path:
    shutil.copytree(CORPUS, dest)
    return dest


class Symlink(str):
    """A file content that means: make a symbolic link to this target instead."""


FileContent = str | bytes | Symlink | None


def make_corpus(dest: Path, files: Mapping[str, FileContent] | None = None) -> Path:
    """A copy of the valid fixture corpus at ``dest`` with ``files`` written (None deletes)."""
    root = copy_corpus(dest)
    for rel, content in (files or {}).items():
        path = root / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Symlink):
            path.symlink_to(str(content))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
    return root


def problems_of(root: Path, paths: Sequence[Path] = ()) -> list[Problem]:
    corpus = validate(root, paths, today=TODAY)
    return sorted(select(corpus, paths), key=lambda p: (p.path, p.line, p.column, p.rule, p.message))


def lines_of(root: Path, paths: Sequence[Path] = ()) -> list[str]:
    """Every problem as a text line, in output order."""
    output = render(problems_of(root, paths), "text")
    return output.splitlines() if output else []
