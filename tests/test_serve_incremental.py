"""`mkdocs serve` rebuilds only what changed, and the result is the site a clean build makes.

Each step edits the project as a contributor would (a summary, a title, a topic's label, a
template, a brief added, renamed, given an alias, deleted), runs one rebuild the way
`mkdocs serve` does (the same plugin object, `serve_url` set, the site folder cleaned by MkDocs),
waits for the background search index and audit, and compares every file of the site byte for
byte with a clean `mkdocs build` of the same project, and the search index by what it holds
(every page's record: URL, title, text, metadata, filters; Pagefind names its filter files
differently from one run to the next).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from briefing.mkdocs_plugin import BriefingPlugin
from briefing.site.audit import pagefind_records
from site_helpers import EDITION_TODAY, REPO, SITE_URL, make_project, run_build
from support import BASE

NEW = "serve-test-added-brief-2026"
RENAMED = "serve-test-renamed-brief-2026"
EDITED = "ai-seoul-summit-2024"


def _new_brief() -> str:
    text = BASE.replace("related: [sample-compute-rule-2025]", "related: [ai-seoul-summit-2024]")
    text = text.replace("[the revised rule brief](sample-compute-rule-2025.md)",
                        "[the Seoul brief](ai-seoul-summit-2024.md)")
    return text.replace("topics: [export-controls, trade-tariffs]", "topics: [safety-summits]")


class Serve:
    """One `mkdocs serve` session, in this process."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin: BriefingPlugin = config.plugins["briefing"]
        self.records: list[str] = []

    def _config(self) -> MkDocsConfig:
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def rebuild(self) -> None:
        config = self._config()
        assert config.plugins["briefing"] is self.plugin  # MkDocs keeps a plugin with on_startup
        handler = _Collect()
        logging.getLogger("mkdocs").addHandler(handler)
        try:
            build(config, serve_url=SITE_URL)
            for thread in threading.enumerate():
                if thread.name == "briefing-search-audit":
                    thread.join(timeout=300)
        finally:
            logging.getLogger("mkdocs").removeHandler(handler)
        self.records = handler.lines
        problems = [line for line in self.records if "audit failed" in line or "failed:" in line]
        assert not problems, problems

    def close(self) -> None:
        config = self._config()
        config.plugins.on_shutdown()
        config.plugins.on_startup(command="build", dirty=False)  # leave the shared plugin as a plain build's


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    monkeypatch.setenv("BRIEFING_TODAY", EDITION_TODAY.isoformat())
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("REPO_URL", raising=False)
    project = make_project(tmp_path / "project", briefs=REPO / "briefs")
    serve = Serve(project, tmp_path / "served")
    serve.rebuild()
    yield serve
    serve.close()


def _files(root: Path) -> dict[str, bytes]:
    return {rel: p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith("pagefind/")}


def _same_as_clean(serve: Serve, tmp_path: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    done = run_build(serve.project, clean, today=EDITION_TODAY)
    assert done.returncode == 0, done.stderr[-3000:]
    served, fresh = _files(serve.site), _files(clean)
    assert sorted(served) == sorted(fresh), (name, sorted(set(served) ^ set(fresh))[:10])
    differ = [rel for rel in fresh if served[rel] != fresh[rel]]
    assert differ == [], (name, differ[:10])
    served_index, fresh_index = pagefind_records(serve.site), pagefind_records(clean)
    assert sorted(served_index) == sorted(fresh_index), name
    assert served_index == fresh_index, (name, [u for u in fresh_index if served_index[u] != fresh_index[u]][:5])


def _rebuilt(serve: Serve) -> tuple[int, int]:
    """(generated pages MkDocs rendered in the last rebuild, generated pages in all)."""
    return len(serve.plugin.keys) - len(serve.plugin.reuse), len(serve.plugin.keys)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_rebuild_few_pages_and_match_a_clean_build(session: Serve, tmp_path: Path) -> None:
    briefs = session.project / "briefs"
    _edit(briefs / f"{EDITED}.md", "summary: \"", "summary: \"Edited while serving. ")
    session.rebuild()
    rebuilt, total = _rebuilt(session)
    assert 0 < rebuilt < total / 3, (rebuilt, total)  # the brief, the briefs that show it, its listings
    assert "Edited while serving." in (session.site / f"briefs/{EDITED}/index.html").read_text("utf-8")
    _same_as_clean(session, tmp_path, "summary")

    _edit(briefs / f"{EDITED}.md", "title: \"", "title: \"Retitled: ")
    session.rebuild()
    _same_as_clean(session, tmp_path, "title")

    # An event's title: the timelines, charts and calendars that show it (kept while only a
    # summary changes: pages.Compiler._shape_parts) are drawn again
    _edit(briefs / f"{EDITED}.md", "title: \"AI Seoul Summit virtual", "title: \"Renamed AI Seoul Summit virtual")
    session.rebuild()
    assert "Renamed AI Seoul Summit virtual" in (session.site / "timeline/2024/index.html").read_text("utf-8")
    _same_as_clean(session, tmp_path, "event title")

    # A data file: every page that shows a topic's label changes
    _edit(briefs / "topics.yml", "label: ", "label: Renamed ")
    session.rebuild()
    _same_as_clean(session, tmp_path, "topics.yml")

    # A topic's Chinese alias: not on any page, but in each of its briefs' search entry
    topics = (briefs / "topics.yml").read_text("utf-8")
    assert "aliases: [" in topics
    (briefs / "topics.yml").write_text(topics.replace("aliases: [", "aliases: [测试别名, ", 1), encoding="utf-8")
    session.rebuild()
    _same_as_clean(session, tmp_path, "alias")

    # A template: every brief page changes
    _edit(session.project / "docs/templates/brief.md.j2", "Related briefs", "Related reading")
    session.rebuild()
    assert "Related reading" in (session.site / f"briefs/{EDITED}/index.html").read_text("utf-8")
    _same_as_clean(session, tmp_path, "template")


def test_added_renamed_aliased_and_deleted_briefs_leave_nothing_stale(session: Serve, tmp_path: Path) -> None:
    briefs = session.project / "briefs"
    (briefs / f"{NEW}.md").write_text(_new_brief(), encoding="utf-8")
    session.rebuild()
    assert (session.site / f"briefs/{NEW}/index.html").is_file()
    _same_as_clean(session, tmp_path, "added")

    (briefs / f"{NEW}.md").rename(briefs / f"{RENAMED}.md")
    session.rebuild()
    assert not (session.site / f"briefs/{NEW}").exists()
    _same_as_clean(session, tmp_path, "renamed")

    _edit(briefs / f"{RENAMED}.md", "status: published", f"status: published\naliases: [{NEW}]")
    session.rebuild()
    assert (session.site / f"briefs/{NEW}/index.html").is_file()  # now a redirect
    _same_as_clean(session, tmp_path, "aliased")

    _edit(briefs / f"{RENAMED}.md", f"status: published\naliases: [{NEW}]", "status: published")
    session.rebuild()
    assert not (session.site / f"briefs/{NEW}").exists()
    _same_as_clean(session, tmp_path, "alias removed")

    (briefs / f"{RENAMED}.md").unlink()
    session.rebuild()
    assert not (session.site / f"briefs/{RENAMED}").exists()
    for page in session.site.rglob("*.html"):
        assert RENAMED not in page.read_text("utf-8"), page
    _same_as_clean(session, tmp_path, "deleted")
