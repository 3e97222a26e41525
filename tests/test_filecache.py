"""The cache of file-level results: the same problems as without it, and never a stale one."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

from briefing.load import filecache
from briefing.load.filecache import FileCache, cache_file, load_cache, save_cache
from briefing.problems import render
from briefing.rules.validate import validate
from support import BASE, REPO, TODAY, edit, make_corpus


def _lines(root: Path, cache: FileCache | None) -> list[str]:
    return render(sorted(validate(root, today=TODAY, cache=cache).all_problems(),
                         key=lambda p: (p.path, p.line, p.column, p.rule)), "text").splitlines()


def test_cached_results_match_a_fresh_load_through_edits(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c", {"briefs/test-brief.md": BASE})
    cache = FileCache()
    assert _lines(root, cache) == _lines(root, None) == []
    assert cache.misses > 0 and cache.hits == 0
    brief = root / "briefs/test-brief.md"
    for old, new in (("published: 2024-05-01", "published: 2024-13-01"),  # a file-level error
                     ("related: [sample-compute-rule-2025]", "related: [no-such-brief]"),  # cross-file
                     ("published: 2024-13-01", "published: 2024-05-01")):
        brief.write_text(edit(brief.read_text("utf-8"), old, new), encoding="utf-8")
        before = cache.hits
        cached, fresh = _lines(root, cache), _lines(root, None)
        assert cached == fresh and cached, (old, new)
        assert cache.hits - before == len(list((root / "briefs").glob("*.md"))) - 1  # all but the edited one
    assert any("no-such-brief" in line for line in cached)
    # A cross-file problem never sticks to a cached result: fix the target and it is gone.
    brief.write_text(BASE, encoding="utf-8")
    assert _lines(root, cache) == []


def test_a_deleted_brief_leaves_the_cache(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c", {"briefs/test-brief.md": BASE})
    cache = FileCache()
    _lines(root, cache)
    assert any(rel == "briefs/test-brief.md" for rel, _ in cache.entries)
    (root / "briefs/test-brief.md").unlink()
    assert _lines(root, cache) == _lines(root, None)
    assert not any(rel == "briefs/test-brief.md" for rel, _ in cache.entries)


def test_the_disk_cache_lives_outside_the_repository_and_follows_the_code(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    path = cache_file(root)
    assert root.resolve() not in path.resolve().parents
    assert path.resolve().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]).resolve())
    assert filecache.code_digest() in path.name


def test_a_broken_cache_file_is_ignored(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    path = cache_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    for content in (b"not a pickle", pickle.dumps(["a list"]), b""):
        path.write_bytes(content)
        assert load_cache(root).entries == {}


def test_saved_cache_round_trips(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c", {"briefs/test-brief.md": BASE})
    cache = FileCache()
    _lines(root, cache)
    save_cache(root, cache)
    again = load_cache(root)
    assert set(again.entries) == set(cache.entries)
    assert _lines(root, again) == []
    assert again.hits == len(again.entries) and again.misses == 0


@pytest.mark.parametrize("flag", ["env", "option"])
def test_the_command_reuses_the_cache_and_can_turn_it_off(tmp_path: Path, flag: str) -> None:
    root = make_corpus(tmp_path / "c", {"briefs/test-brief.md": BASE})
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    command = [str(REPO / ".venv/bin/python"), "-m", "briefing.cli", "validate", "--today", "2026-01-01"]

    def run(*extra: str, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *extra], cwd=root, env={**env, **more}, capture_output=True, text=True,
                              timeout=60, check=False)

    if flag == "env":
        assert run(BRIEFING_CACHE="off").returncode == 0
    else:
        assert run("--no-cache").returncode == 0
    assert not (tmp_path / "cache").exists()  # turned off: nothing written
    assert run().returncode == 0
    written = list((tmp_path / "cache").rglob("files-*.pickle"))
    assert len(written) == 1
    stamp = written[0].stat().st_mtime_ns
    assert run().returncode == 0
    assert written[0].stat().st_mtime_ns == stamp  # nothing changed: not rewritten
    brief = root / "briefs/test-brief.md"
    brief.write_text(edit(BASE, "published: 2024-05-01", "published: 2024-13-01"), encoding="utf-8")
    broken = run()
    assert broken.returncode == 1 and "briefs/test-brief.md:4:" in broken.stdout


def test_checking_in_workers_gives_what_checking_here_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From rules.files.PARALLEL_FROM briefs on, forked workers check the texts: the same problems
    (file-level and cross-file), the same models, and the cache filled the same way."""
    from briefing.rules import files

    hostile = {f"briefs/broken-{i}.md": edit(BASE, "published: 2024-05-01", f"published: 2024-13-{i:02d}")
               for i in range(1, 4)}
    # valid YAML nested deeper than a composed node tree can be pickled: still just a problem
    hostile["briefs/deep-title.md"] = edit(BASE, 'title: "A fictional brief used by the rule tests"',
                                           "title: " + "[" * 400 + "x" + "]" * 400)
    root = make_corpus(tmp_path / "c", {"briefs/test-brief.md": BASE, **hostile})
    monkeypatch.setattr(files, "PARALLEL_FROM", 10**9)
    here_cache = FileCache()
    here = validate(root, today=TODAY, cache=here_cache)
    monkeypatch.setattr(files, "PARALLEL_FROM", 2)
    pids = tmp_path / "pids"
    real = files._check_brief

    def check(brief: object, split: object) -> None:  # found in the forked workers' copy of the module
        with pids.open("a", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
        real(brief, split)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_check_brief", check)
    workers_cache = FileCache()
    there = validate(root, today=TODAY, cache=workers_cache)
    ran_in = set(pids.read_text("ascii").split())
    assert ran_in and str(os.getpid()) not in ran_in  # the checks ran in other processes
    assert [p.text() for p in there.all_problems()] == [p.text() for p in here.all_problems()]
    assert any("broken-2.md" in p.path for p in there.all_problems())
    assert any("deep-title.md" in p.path for p in there.all_problems())
    assert [b.model for b in there.briefs] == [b.model for b in here.briefs]
    assert sorted(workers_cache.entries) == sorted(here_cache.entries)
    assert _lines(root, workers_cache) == _lines(root, None)  # and the cache it filled serves later loads


def test_texts_are_checked_in_chunks_while_the_rest_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more texts than a chunk, the workers get chunks while the parent is still reading:
    the briefs come back in the order they were read, with the problems checking here gives."""
    from briefing.rules import files

    briefs = {f"briefs/brief-{i:03d}.md": edit(BASE, "published: 2024-05-01",
                                                 "published: 2024-13-01" if i % 17 == 0 else "published: 2024-05-01")
              for i in range(90)}
    root = make_corpus(tmp_path / "c", briefs)
    monkeypatch.setattr(files, "PARALLEL_FROM", 10**9)
    here = validate(root, today=TODAY)
    monkeypatch.setattr(files, "PARALLEL_FROM", 2)
    submitted: list[int] = []
    real_submit = files._Checker._submit

    def submit(self: files._Checker, end: int) -> None:
        submitted.append(end)
        real_submit(self, end)

    monkeypatch.setattr(files._Checker, "_submit", submit)
    there = validate(root, today=TODAY)
    assert submitted[:3] == [25, 50, 75] and submitted[-1] == len(there.briefs)  # 75 while reading, the rest after
    assert [b.rel for b in there.briefs] == [b.rel for b in here.briefs]
    assert [p.text() for p in there.all_problems()] == [p.text() for p in here.all_problems()]
    assert sum("published" in p.text() and "2024-13-01" in p.text() for p in there.all_problems()) >= 6
