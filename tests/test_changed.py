"""`briefing validate --changed` and the git change detection behind it (real git repositories)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.load import gitchanges
from gitrepo_helpers import brief_text, commit, git, init_repo, write_brief
from unavailable import unavailable


@pytest.fixture(autouse=True)
def _needs_git() -> None:
    if shutil.which("git") is None:
        unavailable("git is not installed: apt-get install git")

BROKEN = brief_text(title="Too short")  # SCHEMA-LENGTH: titles are 10-140 characters


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "validate", "--changed", *args])


def test_nothing_changed_checks_nothing(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    assert run(root) == 0
    assert "nothing to check" in capsys.readouterr().err


def test_reports_only_changed_files(tmp_path, capsys):
    root = init_repo(tmp_path / "repo", {"first-brief": brief_text(), "old-broken": BROKEN})
    # The committed, broken brief is not this change's business; a clean edit passes.
    write_brief(
        root, "first-brief", brief_text(key_points=("A new first point.", "Another point."))
    )
    assert run(root) == 0
    captured = capsys.readouterr()
    assert "old-broken" not in captured.out + captured.err
    assert "1 files checked" in captured.err
    # The same command on every file fails because of the old brief.
    assert main(["--root", str(root), "validate"]) == 1


def test_uncommitted_error_is_reported_with_location(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    write_brief(root, "first-brief", BROKEN)
    assert run(root) == 1
    out = capsys.readouterr().out
    assert out.startswith("briefs/first-brief.md:2:")
    assert "error SCHEMA-LENGTH" in out


def test_untracked_and_staged_files_count(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    write_brief(root, "new-untracked", BROKEN)
    write_brief(root, "new-staged", brief_text(status="published", extra="colour: blue"))
    git(root, "add", "briefs/new-staged.md")
    assert run(root, "--format", "json") == 1
    problems = json.loads(capsys.readouterr().out)
    paths = {p["path"] for p in problems}
    assert paths == {"briefs/new-untracked.md", "briefs/new-staged.md"}
    rules = {p["rule"] for p in problems}
    assert {"SCHEMA-LENGTH", "SCHEMA-UNKNOWN-KEY"} <= rules


def test_ignored_files_do_not_count(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    (root / ".gitignore").write_text("briefs/scratch-*.md\n")
    commit(root, "ignore scratch files")
    write_brief(root, "scratch-notes", BROKEN)
    # Ignored by git, but still a file in briefs/: the full validate sees it, --changed does not.
    assert run(root) == 0
    capsys.readouterr()


def test_github_format_gives_annotations(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    write_brief(root, "first-brief", BROKEN)
    assert run(root, "--format", "github") == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=briefs/first-brief.md,line=2,")


def test_default_base_is_merge_base_with_origin_main(tmp_path, capsys):
    root = init_repo(tmp_path / "repo", {"first-brief": brief_text(), "second-brief": brief_text()})
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")  # as if cloned from a remote
    git(root, "checkout", "--quiet", "-b", "topic")
    write_brief(root, "first-brief", BROKEN)
    commit(root, "break first brief on the topic branch")
    # Committed on the branch: still a change against origin/main.
    assert run(root) == 1
    assert "briefs/first-brief.md" in capsys.readouterr().out
    # main moves on with its own (broken) change after the branch point: not ours.
    git(root, "checkout", "--quiet", "main")
    write_brief(root, "second-brief", BROKEN)
    commit(root, "main changes second brief")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "--quiet", "topic")
    assert run(root) == 1
    out = capsys.readouterr().out
    assert "first-brief" in out and "second-brief" not in out


def test_without_origin_main_compares_with_head(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    write_brief(root, "first-brief", BROKEN)
    commit(root, "committed breakage")
    assert run(root) == 0  # committed: nothing differs from HEAD
    assert run(root, "--base", "HEAD~1") == 1
    assert "first-brief" in capsys.readouterr().out


def test_base_implies_changed(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    write_brief(root, "first-brief", BROKEN)
    commit(root, "committed breakage")
    assert main(["--root", str(root), "validate", "--base", "HEAD~1"]) == 1
    capsys.readouterr()


def test_cross_file_rules_see_the_whole_corpus(tmp_path, capsys):
    root = init_repo(tmp_path / "repo", {"first-brief": brief_text(), "second-brief": brief_text()})
    # A changed brief relating to an existing unchanged brief is fine; to a missing one is not.
    write_brief(root, "third-brief", brief_text(extra="related: [second-brief]"))
    assert run(root) == 0
    write_brief(root, "third-brief", brief_text(extra="related: [no-such-brief]"))
    assert run(root) == 1
    assert "REF-BRIEF" in capsys.readouterr().out


def test_deleting_a_referenced_brief_reports_the_broken_reference(tmp_path, capsys):
    root = init_repo(
        tmp_path / "repo",
        {"first-brief": brief_text(extra="related: [second-brief]"), "second-brief": brief_text()},
    )
    (root / "briefs" / "second-brief.md").unlink()
    assert run(root) == 1
    out = capsys.readouterr().out
    assert "briefs/first-brief.md" in out and "REF-BRIEF" in out


def test_changed_data_file_is_reported(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    topics = root / "briefs" / "topics.yml"
    text = topics.read_text().replace("military-ai:", "military-ai:\n  colour: green", 1)
    topics.write_text(text)
    assert run(root) == 1
    assert "briefs/topics.yml" in capsys.readouterr().out


def test_not_a_git_repository_is_exit_2(tmp_path, capsys):
    (tmp_path / "briefs").mkdir()
    assert run(tmp_path) == 2
    err = capsys.readouterr().err
    assert "not inside a git repository" in err
    assert "Traceback" not in err


def test_unknown_base_is_exit_2(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    assert run(root, "--base", "origin/nope") == 2
    err = capsys.readouterr().err
    assert "unknown git revision 'origin/nope'" in err and "fetch-depth: 0" in err


def test_paths_and_changed_together_is_misuse(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    assert run(root, str(root / "briefs" / "first-brief.md")) == 2
    capsys.readouterr()


# ----------------------------------------------------------------------- gitchanges on its own


def test_changes_lists_renames_as_delete_plus_add(tmp_path):
    root = init_repo(tmp_path / "repo")
    git(root, "mv", "briefs/first-brief.md", "briefs/renamed-brief.md")
    found = gitchanges.changes(root)
    assert found.base == "HEAD"
    assert found.changed == ["briefs/renamed-brief.md"]
    assert found.deleted == ["briefs/first-brief.md"]


def test_changes_in_a_repository_without_commits(tmp_path):
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "--quiet")
    from gitrepo_helpers import write_corpus

    write_corpus(root)
    found = gitchanges.changes(root)
    assert found.base is None
    assert "briefs/first-brief.md" in found.changed
    assert "briefs/topics.yml" in found.changed


def test_changes_when_the_project_is_a_subfolder_of_the_repository(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    from gitrepo_helpers import write_corpus

    project = write_corpus(repo / "site-project")
    commit(repo, "initial")
    write_brief(project, "first-brief", BROKEN)
    (repo / "README.md").write_text("outside briefs/\n")
    found = gitchanges.changes(project)
    assert found.changed == ["briefs/first-brief.md"]
    assert gitchanges.show(project, "HEAD", "briefs/first-brief.md") is not None
    assert gitchanges.show(project, "HEAD", "briefs/nope.md") is None


def test_paths_with_unusual_characters(tmp_path):
    root = init_repo(tmp_path / "repo")
    odd = root / "briefs" / 'déjà vu "quoted".md'
    odd.write_text(BROKEN, encoding="utf-8")
    found = gitchanges.changes(root)
    assert found.changed == ['briefs/déjà vu "quoted".md']


def test_a_stray_folder_in_briefs_is_reported(tmp_path, capsys):
    root = init_repo(tmp_path / "repo")
    (root / "briefs" / "drafts").mkdir()
    (root / "briefs" / "drafts" / "note.md").write_text("notes\n")
    assert run(root) == 1
    assert "briefs/drafts:1:1: error FILE-NAME" in capsys.readouterr().out
