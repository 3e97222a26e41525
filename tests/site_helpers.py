"""Shared helpers for the site tests (tests/test_site_*.py): build a corpus into a temporary
project with the repository's real mkdocs.yml, docs/ and templates, and read the result.

Builds are expensive (a few seconds each), so `fixture_site()` and `real_site()` build once per
test session and cache the result; every test module asks for them through its own fixtures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pybtex.database import Entry, parse_string

REPO = Path(__file__).resolve().parents[1]
FIXTURE_ROOT = Path(__file__).resolve().parent / "site_fixtures"
MKDOCS = Path(sys.executable).with_name("mkdocs")
# The build date every fixture decision depends on (drafts, scheduled briefs, "accessed" dates).
TODAY = dt.date(2026, 11, 27)
# The build date for the repository's own briefs: the current edition's date (its briefs and
# changes are dated 1 December 2026, and a change dated after the build date is an error).
EDITION_TODAY = dt.date(2026, 12, 7)  # the date of the latest edition change (citations added to three briefs)
# A site under a sub-path, as on GitHub Pages project sites: relative links must still work.
SITE_URL = "https://example.org/aigb/"

# The fixture corpus (see tests/site_fixtures/README.md).
ALPHA = "alpha-chip-rule-2025"
BETA = "beta-compute-rule-2024"
GAMMA = "gamma-compute-rule-2025"
DELTA = "delta-withdrawn-brief-2025"
EPSILON = "epsilon-draft-brief"
ZETA = "zeta-future-brief-2027"
ETA = "eta-summit-statement-2025"
ETA_OLD = "eta-old-summit-slug"
HOSTILE = "hostile-markup-brief"
LIVE = [HOSTILE, ETA, GAMMA, ALPHA, BETA]  # newest published first
HIDDEN = [EPSILON, ZETA]  # draft and scheduled: nowhere on the site
HIDDEN_TEXT = ["Epsilon draft", "Zeta future"]  # from their titles, key points and events

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)></title>{{ 7*7 }}'
# The hostile brief's title also carries a brace that would close its BibTeX field early.
HOSTILE_TITLE = "Title " + PAYLOAD + " }, url = {https://evil.example/}"


def build_env(today: dt.date = TODAY) -> dict[str, str]:
    env = dict(os.environ)
    env.update(BRIEFING_TODAY=today.isoformat(), SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1")
    env.pop("REPO_URL", None)
    return env


def make_project(dest: Path, briefs: Path | None = None) -> Path:
    """A buildable project at `dest`: the repository's mkdocs.yml and docs/, plus a briefs/ folder
    (the fixture corpus unless `briefs` is given). The plugin resolves `root: .` against the
    mkdocs.yml it was loaded from, so the build reads `dest/briefs`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(briefs or FIXTURE_ROOT / "briefs", dest / "briefs")
    return dest


def run_build(project: Path, site_dir: Path | None = None, today: dt.date = TODAY) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project`, as `make site` runs it (not raising on failure)."""
    site_dir = site_dir or project / "site"
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=build_env(today), capture_output=True, text=True, timeout=300, check=False,
    )


@dataclass
class Site:
    """A built site and a cache of its parsed pages."""

    project: Path
    root: Path
    log: str
    _soups: dict[str, BeautifulSoup] = field(default_factory=dict)

    def path(self, rel: str) -> Path:
        """The file for a site-relative URL (`briefs/x/` -> briefs/x/index.html) or file path."""
        rel = rel.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return self.path(rel).is_file()

    def text(self, rel: str) -> str:
        return self.path(rel).read_text("utf-8")

    def json(self, rel: str) -> Any:
        return json.loads(self.text(rel))

    def soup(self, rel: str) -> BeautifulSoup:
        key = str(self.path(rel))
        if key not in self._soups:
            self._soups[key] = BeautifulSoup(self.text(rel), "html.parser")
        return self._soups[key]

    def article(self, rel: str) -> Any:
        found = self.soup(rel).select_one("article.md-content__inner")
        assert found is not None, f"{rel} has no article"
        return found

    def html_files(self) -> list[Path]:
        found = self.root.rglob("*.html")
        return sorted(p for p in found if not p.relative_to(self.root).as_posix().startswith("assets/"))

    def all_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file() and not p.name.endswith(".gz"))

    def url_of(self, path: Path) -> str:
        rel = path.relative_to(self.root).as_posix()
        return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(page_url: str, href: str) -> str:
    """The site-relative URL an internal href on the page at `page_url` points to (an absolute
    path under the site's own path, as on 404.html, is made site-relative)."""
    site_path = urlsplit(SITE_URL).path
    if href.startswith(site_path):
        return href[len(site_path):].split("#", 1)[0]
    base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url) + "/"
    path = href.split("#", 1)[0]
    if not path:
        return page_url
    joined = posixpath.normpath(posixpath.join(base or ".", path))
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined


# The LaTeX that "Cite this brief" writes for a character BibTeX or LaTeX would read as syntax.
BIBTEX_TEXT = {
    r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textbackslash{}": "\\", r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~", r"\symbol{64}": "@", **{"\\" + char: char for char in "%&$#_"},
}
_BIBTEX_COMMAND = re.compile("|".join(map(re.escape, BIBTEX_TEXT)))


def bibtex_text(value: str) -> str:
    """A BibTeX value as text: the LaTeX commands above become their characters again."""
    return _BIBTEX_COMMAND.sub(lambda found: BIBTEX_TEXT[found.group(0)], value)


def bibtex_entry(text: str) -> tuple[str, Entry]:
    """The one entry of a BibTeX record, read by pybtex, which counts braces as BibTeX does (a
    `\\}` in a value is still a closing brace); fails unless the record holds exactly one."""
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 1, list(entries)
    return next(iter(entries.items()))


def card_slugs(container: Any, page_url: str) -> list[str]:
    """Slugs of the brief cards (or plain brief links) in a listing, in page order."""
    slugs = []
    for link in container.select("a.brief-card__title"):
        target = resolve(page_url, link["href"])
        assert target.startswith("briefs/") and target.endswith("/"), target
        slugs.append(target.split("/")[1])
    return slugs


def _build_once(project: Path, today: dt.date = TODAY) -> Site:
    result = run_build(project, today=today)
    if result.returncode != 0:
        pytest.fail(f"the site build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return Site(project, project / "site", result.stdout + result.stderr)


@cache
def _cached_build(kind: str, base: str) -> Site:
    base_path = Path(base)
    if kind == "fixture":
        project = make_project(base_path / "fixture-project")
    else:
        project = base_path / "real-project"
        make_project(project, REPO / "briefs")
        return _build_once(project, EDITION_TODAY)
    return _build_once(project)


def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixture corpus built once per session."""
    return _cached_build("fixture", str(tmp_path_factory.getbasetemp()))


def real_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's own briefs built once per session."""
    return _cached_build("real", str(tmp_path_factory.getbasetemp()))


def build_in_process(project: Path, site_dir: Path, site_url: str, **env: str) -> None:
    """`mkdocs build --strict` of ``project`` in this process (so a test's patches apply), with the
    build date pinned; raises when the build (or its audit) fails."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    values = {"BRIEFING_TODAY": TODAY.isoformat(), "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **env}
    saved = {key: os.environ.get(key) for key in [*values, "REPO_URL"]}
    os.environ.pop("REPO_URL", None)
    os.environ.update(values)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
