"""`briefing review`: changed briefs against a base commit, and the changelog rule for
published briefs (real git repositories with real commits)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.editorial.review import review
from gitrepo_helpers import BODY, brief_text, commit, git, init_repo, write_brief
from unavailable import unavailable


@pytest.fixture(autouse=True)
def _needs_git() -> None:
    if shutil.which("git") is None:
        unavailable("git is not installed: apt-get install git")

TODAY = "2026-11-27"
FIX = [("2026-11-27", "correction", "Fixed a typo in the second paragraph.")]


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "review", "--base", "main", "--today", TODAY, *args])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: one published brief and one draft; work continues on branch `change`."""
    root = init_repo(
        tmp_path / "repo",
        {"first-brief": brief_text(), "draft-brief": brief_text(status="draft")},
    )
    git(root, "checkout", "--quiet", "-b", "change")
    return root


def test_no_changes(repo, capsys):
    assert run(repo) == 0
    assert "No brief or data file changed." in capsys.readouterr().out


def test_new_and_removed_drafts_are_listed(repo, capsys):
    write_brief(repo, "brand-new-brief", brief_text(status="draft"))
    (repo / "briefs" / "draft-brief.md").unlink()
    commit(repo, "add one, drop a draft")
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert "New briefs (1):\n  briefs/brand-new-brief.md [draft]" in out
    assert "Removed briefs (1):\n  briefs/draft-brief.md [draft]" in out


def test_typo_fix_in_published_brief_needs_a_changelog_entry(repo, capsys):
    write_brief(repo, "first-brief", brief_text(body=BODY.replace("Officials", "Oficials", 1)))
    commit(repo, "typo")
    assert run(repo) == 1
    out = capsys.readouterr().out
    assert "briefs/first-brief.md [published] changed: body (published)" in out
    assert "without a new changelog entry" in out
    # The output explains how to fix it, with today's date.
    assert "How to log a change to a published brief" in out
    assert f"updated: {TODAY}" in out and f"- date: {TODAY}" in out
    assert "1 error(s)" in out


def test_logged_change_with_updated_date_passes(repo, capsys):
    write_brief(
        repo,
        "first-brief",
        brief_text(body=BODY.replace("Officials", "Oficials", 1), changelog=FIX, updated=TODAY),
    )
    # uncommitted changes count too
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert "new changelog entry: 2026-11-27 (correction): Fixed a typo" in out
    assert "ok: logged in the changelog, updated 2026-11-27" in out


def test_new_entry_but_stale_updated_date_fails(repo, capsys):
    write_brief(
        repo, "first-brief", brief_text(title="A changed title for the first brief", changelog=FIX)
    )
    assert run(repo) == 1
    assert "`updated` is missing; set it to the newest changelog date, 2026-11-27" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("title", {"title": "Officials meet again to discuss AI testing"}),
        (
            "summary",
            {
                "summary": "A different summary of the meeting, long enough to be a valid dek "
                "for the brief."
            },
        ),
        ("key_points", {"key_points": ("Officials met to discuss testing!", "No binding text.")}),
        ("sources", {"url": "https://example.org/statement-v2"}),
        (
            "instrument",
            {
                "extra": "instrument:\n  name: Joint statement\n  type: statement\n"
                "  issuers: [Example Ministry]"
            },
        ),
    ],
)
def test_each_substantive_field_needs_an_entry(repo, capsys, field, change):
    write_brief(repo, "first-brief", brief_text(**change))
    assert run(repo) == 1
    out = capsys.readouterr().out
    assert f"changes a published brief ({field}) without a new changelog entry" in out


def test_metadata_change_is_listed_but_needs_no_entry(repo, capsys):
    text = brief_text().replace("topics: [safety-summits]", "topics: [safety-summits, military-ai]")
    write_brief(repo, "first-brief", text)
    assert run(repo) == 0
    assert (
        "briefs/first-brief.md [published] changed: topics (published)" in capsys.readouterr().out
    )


def test_drafts_change_freely(repo, capsys):
    write_brief(
        repo, "draft-brief", brief_text(status="draft", title="A rewritten draft title here")
    )
    assert run(repo) == 0
    assert "briefs/draft-brief.md [draft] changed: title" in capsys.readouterr().out


def test_publishing_a_draft_needs_no_entry(repo, capsys):
    write_brief(
        repo, "draft-brief", brief_text(status="published", title="Now ready to publish it")
    )
    assert run(repo) == 0
    capsys.readouterr()


def test_scheduled_brief_not_yet_public_changes_freely(tmp_path, capsys):
    root = init_repo(tmp_path / "repo", {"first-brief": brief_text(published="2027-01-05")})
    write_brief(
        root,
        "first-brief",
        brief_text(published="2027-01-05", title="A better title, before launch"),
    )
    assert main(["--root", str(root), "review", "--base", "HEAD", "--today", TODAY]) == 0
    capsys.readouterr()


def test_whitespace_only_change_is_not_a_change(repo, capsys):
    write_brief(repo, "first-brief", brief_text() + "\n\n   \n")
    assert run(repo) == 0
    assert "No brief or data file changed." in capsys.readouterr().out
    assert "briefs/first-brief.md" in git(repo, "diff", "--name-only")  # git sees a change...
    result = review(repo, "main", today=dt.date(2026, 11, 27))
    assert result.briefs == []  # ...that readers would not


def test_removing_a_published_brief_is_an_error(repo, capsys):
    (repo / "briefs" / "first-brief.md").unlink()
    assert run(repo) == 1
    out = capsys.readouterr().out
    assert "breaks its permanent URL /briefs/first-brief/" in out
    assert "status: withdrawn" in out


def test_renaming_with_an_alias_is_fine(repo, capsys):
    (repo / "briefs" / "first-brief.md").unlink()
    write_brief(repo, "first-brief-renamed", brief_text(aliases=["first-brief"]))
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert "renamed: 'first-brief-renamed' lists 'first-brief' in its aliases" in out


def test_editing_old_changelog_entries_is_a_warning(tmp_path, capsys):
    old = [("2026-11-20", "update", "Added the second meeting.")]
    root = init_repo(
        tmp_path / "repo", {"first-brief": brief_text(changelog=old, updated="2026-11-20")}
    )
    edited = [("2026-11-20", "update", "Added the second and third meetings.")]
    write_brief(root, "first-brief", brief_text(changelog=edited, updated="2026-11-20"))
    assert main(["--root", str(root), "review", "--base", "HEAD", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "warning: changes or removes changelog entries" in out


def test_unparseable_brief_is_a_warning_left_to_validate(repo, capsys):
    write_brief(repo, "first-brief", "---\ntitle: [unclosed\n---\nbody\n")
    assert run(repo) == 0
    assert "cannot compare this brief" in capsys.readouterr().out


def test_base_version_comes_from_git_not_the_work_tree(repo, capsys):
    # Two commits on the branch: the second fixes the changelog; review compares with main.
    write_brief(
        repo, "first-brief", brief_text(title="Officials meet to discuss testing of AI models")
    )
    commit(repo, "edit title")
    assert run(repo) == 1
    write_brief(
        repo,
        "first-brief",
        brief_text(
            title="Officials meet to discuss testing of AI models", changelog=FIX, updated=TODAY
        ),
    )
    commit(repo, "log it")
    assert run(repo) == 0
    # Against the first branch commit the title did not change, but the changelog did.
    assert main(["--root", str(repo), "review", "--base", "HEAD~1", "--today", TODAY]) == 0
    capsys.readouterr()


def test_unknown_base_is_exit_2(repo, capsys):
    assert main(["--root", str(repo), "review", "--base", "origin/main"]) == 2
    err = capsys.readouterr().err
    assert "unknown git revision 'origin/main'" in err and "fetch-depth: 0" in err


def test_not_a_repository_is_exit_2(tmp_path, capsys):
    (tmp_path / "briefs").mkdir()
    assert main(["--root", str(tmp_path), "review", "--base", "HEAD"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_github_format_annotates_the_changelog_line(repo, capsys):
    write_brief(
        repo, "first-brief", brief_text(title="Officials meet to discuss testing of AI models")
    )
    assert run(repo, "--format", "github") == 1
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("::error file=briefs/first-brief.md,line=2,title=brief review::")
    assert "%0A" in first  # the how-to is folded into the one annotation line


def test_untrusted_text_cannot_inject_workflow_commands_or_html(repo, capsys):
    evil = [(TODAY, "correction", "<script>alert(1)</script> **bold**\\n::warning::injected")]
    write_brief(
        repo,
        "first-brief",
        brief_text(
            title="Officials meet to discuss testing of AI models", changelog=evil, updated=TODAY
        ),
    )
    assert run(repo, "--format", "github") == 0
    out = capsys.readouterr().out
    assert not any(line.startswith("::warning::injected") for line in out.splitlines())
    assert run(repo, "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "**bold**" not in md
    assert md.startswith("## Brief review against `main`")


def test_unpublishing_to_draft_is_an_error(repo, capsys):
    write_brief(repo, "first-brief", brief_text(status="draft"))
    assert run(repo) == 1
    out = capsys.readouterr().out
    assert "turns a published brief back into a draft" in out and "status: withdrawn" in out


def test_withdrawing_is_a_notice(repo, capsys):
    write_brief(repo, "first-brief", brief_text(status="withdrawn"))
    assert run(repo) == 0
    assert "notice: status changes from published to withdrawn" in capsys.readouterr().out


def test_markdown_keeps_apostrophes_readable(repo, capsys):
    entry = [(TODAY, "update", "Added the ministry's second statement.")]
    write_brief(repo, "first-brief", brief_text(key_points=("A new point.", "Another one."),
                                                changelog=entry, updated=TODAY))
    assert run(repo, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert "ministry's second statement" in out and "&#x27;" not in out


def test_a_new_brief_that_supersedes_a_published_one_needs_a_maintainer(repo, capsys):
    text = brief_text(title="A newer brief that replaces the first one")
    write_brief(repo, "newer-brief", text.replace("status: published", "status: published\nsupersedes: first-brief"))
    commit(repo, "supersede")
    assert run(repo) == 0  # not an error: a maintainer decides
    out = capsys.readouterr().out
    assert "Needs a maintainer's approval (1):" in out
    assert ("briefs/newer-brief.md marks the brief 'first-brief' as superseded: /briefs/first-brief/ will show "
            "a notice sending readers to /briefs/newer-brief/") in out
    assert run(repo, "--format", "github") == 0
    assert "::warning title=needs a maintainer::briefs/newer-brief.md marks the brief 'first-brief'" in (
        capsys.readouterr().out)


def test_changing_a_published_briefs_status_needs_a_maintainer(repo, capsys):
    text = brief_text(status="withdrawn")
    write_brief(repo, "first-brief", text)
    commit(repo, "withdraw")
    run(repo)
    out = capsys.readouterr().out
    assert ("briefs/first-brief.md changes the status of a published brief from published to withdrawn") in out


def test_content_warnings_are_listed_for_a_pull_request(repo, capsys):
    """A new brief that cites its sources, with a paragraph stating a figure and no citation, and
    no primary source: `review` lists both warnings (and still passes)."""
    text = brief_text(body=BODY + "\n\nForty delegations came [@statement]. Officials signed 12 notes.\n")
    text = text.replace("    type: primary", "    type: secondary\n    id: statement")
    write_brief(repo, "cited-brief", text)
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert "BODY-UNCITED" not in out  # the paragraph cites [@statement]
    text = text.replace("Officials signed 12 notes.", "\n\nOfficials signed 12 notes.")
    write_brief(repo, "cited-brief", text)
    assert run(repo) == 0
    out = capsys.readouterr().out
    line = text.split("\n").index("Officials signed 12 notes.") + 1
    assert f"BODY-UNCITED line {line}: this paragraph states a figure but cites no source" in out
    assert "SOURCE-PRIMARY line" in out
