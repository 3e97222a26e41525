"""`briefing stale`: the published briefs due for editorial review, in every format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from briefing.cli import main
from support import BASE, edit, make_corpus

BRIEF = "briefs/test-brief.md"
# In the fixture corpus on this day nothing is due: the 2024 brief is 92 days old, the 2025 brief
# is dated in the future, the others are a draft and a withdrawn brief.
QUIET = "2024-06-01"


def brief(front: str = "", *, status: str = "published", published: str = "2024-05-01") -> str:
    """The base brief with extra front matter lines (``front``, top-level YAML) added."""
    text = edit(BASE, "published: 2024-05-01\nstatus: published\n",
                f"published: {published}\nstatus: {status}\n{front}")
    return text


def event(day: str, title: str = "Talks resume in Geneva", end: str | None = None) -> str:
    return f'  - date: {day}\n    title: "{title}"\n' + (f"    end: {end}\n" if end else "")


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "stale", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def due_lines(out: str, path: str = BRIEF) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(f"{path}:")]


def corpus(tmp_path: Path, text: str, **more: str) -> Path:
    return make_corpus(tmp_path / "repo", {BRIEF: text, **more})


# ------------------------------------------------------------------------------- age of the review


def test_reviewed_too_long_ago_is_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("reviewed: 2024-06-01\n"))
    code, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert code == 0
    assert due_lines(out) == [
        f"{BRIEF}: due for review: last reviewed 2024-06-01 (214 days ago; the limit is 180)"
    ]
    lines = out.splitlines()
    assert lines[0] == "Briefs due for editorial review on 2025-01-01 (limit: 180 days)"
    assert lines[-1].startswith("2 of 2 published brief(s) due for review (2 not reviewed within 180 days")


def test_updated_is_the_basis_without_a_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = ('updated: 2024-06-01\nchangelog:\n  - date: 2024-06-01\n    kind: correction\n'
             '    note: "Corrected a fictional date."\n')
    root = corpus(tmp_path, brief(front))
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f"{BRIEF}: due for review: last changed 2024-06-01 (214 days ago; the limit is 180), never reviewed"
    ]


def test_published_is_the_basis_without_review_or_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief())
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f"{BRIEF}: due for review: published 2024-05-01 (245 days ago; the limit is 180), never reviewed or changed"
    ]


def test_a_recent_review_is_not_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("reviewed: 2025-12-01\n"))
    _, out, _ = run(capsys, root, "--today", "2026-01-01")
    assert due_lines(out) == []


def test_days_option_and_the_limit_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("reviewed: 2024-06-01\n"))  # 214 days before 2025-01-01
    assert due_lines(run(capsys, root, "--today", "2025-01-01", "--days", "365")[1]) == []
    assert due_lines(run(capsys, root, "--today", "2025-01-01", "--days", "214")[1]) == []  # not *more*
    _, out, _ = run(capsys, root, "--today", "2025-01-01", "--days", "213")
    assert due_lines(out) == [
        f"{BRIEF}: due for review: last reviewed 2024-06-01 (214 days ago; the limit is 213)"
    ]
    assert out.splitlines()[0].endswith("(limit: 213 days)")


# --------------------------------------------------------------------- scheduled dates that passed


def test_event_passed_since_the_last_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = ("events:\n" + event("2024-11-01", "Before the review") + event("2024-12-15")
              + event("2025-02-01", "Still scheduled"))
    root = corpus(tmp_path, brief("reviewed: 2024-12-01\n" + events))
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f'{BRIEF}: due for review: the event "Talks resume in Geneva" on 2024-12-15 has passed '
        "since the last review (2024-12-01)"
    ]
    assert "1 with an event that has passed" in out.splitlines()[-1]


def test_multi_day_event_counts_from_its_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = "events:\n" + event("2024-12-20", end="2025-01-05")
    root = corpus(tmp_path, brief("reviewed: 2024-12-01\n" + events))
    assert due_lines(run(capsys, root, "--today", "2025-01-01")[1]) == []  # still under way
    _, out, _ = run(capsys, root, "--today", "2025-01-06")
    assert due_lines(out) == [
        f'{BRIEF}: due for review: the event "Talks resume in Geneva" ended 2025-01-05 has passed '
        "since the last review (2024-12-01)"
    ]


def test_instrument_history_entry_passed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = (
        "reviewed: 2024-12-01\n"
        "instrument:\n"
        '  name: "Fictional Reporting Rule"\n'
        "  type: rule\n"
        '  issuers: ["Example Office"]\n'
        "  history:\n"
        "    - date: 2024-05-01\n      status: adopted\n"
        "    - date: 2024-12-20\n      status: in-force\n"
        "    - date: 2025-06-01\n      status: amended\n"
    )
    root = corpus(tmp_path, brief(front))
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f"{BRIEF}: due for review: the instrument's status change to in-force on 2024-12-20 has passed "
        "since the last review (2024-12-01)"
    ]
    assert "1 with an instrument status change that has passed" in out.splitlines()[-1]


def test_every_reason_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("events:\n" + event("2024-12-15")))
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f"{BRIEF}: due for review: published 2024-05-01 (245 days ago; the limit is 180), never reviewed "
        'or changed; the event "Talks resume in Geneva" on 2024-12-15 has passed since publication (2024-05-01)'
    ]


# ------------------------------------------------------------------------------ not on the site


@pytest.mark.parametrize("status,published", [("draft", "2024-01-01"), ("withdrawn", "2024-01-01"),
                                              ("published", "2025-06-01")])
def test_drafts_withdrawn_and_future_briefs_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str, published: str
) -> None:
    other = "briefs/other-test-brief.md"
    text = edit(brief("events:\n" + event("2024-12-15"), status=status, published=published),
                "related: [sample-compute-rule-2025]\n", "")
    root = make_corpus(tmp_path / "repo", {other: text})
    code, out, _ = run(capsys, root, "--today", "2025-01-01", "--strict", "--format", "json")
    paths = [item["path"] for item in json.loads(out)]
    assert other not in paths
    assert "briefs/sample-draft-outline.md" not in paths
    assert "briefs/sample-summit-statement.md" not in paths  # withdrawn, with an event that passed
    assert code == 1  # the fixture's 2024 brief is due


# ------------------------------------------------------------------------------ exit codes


def test_strict_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief())
    assert run(capsys, root, "--today", QUIET, "--strict")[0] == 0
    code, out, _ = run(capsys, root, "--today", QUIET)
    assert code == 0
    assert out.splitlines()[-1].startswith("0 of 2 published brief(s) due for review")
    assert run(capsys, root, "--today", "2025-01-01")[0] == 0  # a report: due briefs are not a failure
    assert run(capsys, root, "--today", "2025-01-01", "--strict")[0] == 1


@pytest.mark.parametrize("argv", [["--days", "-1"], ["--days", "many"], ["--format", "markdown"],
                                  ["--today", "2025-13-01"], ["--bogus"]])
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    root = corpus(tmp_path, brief())
    assert run(capsys, root, *argv)[0] == 2


def test_no_briefs_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path)
    assert code == 2
    assert "no briefs/ folder" in err


def test_briefing_today_is_honoured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus(tmp_path, brief())
    monkeypatch.setenv("BRIEFING_TODAY", "2025-01-01")
    _, out, _ = run(capsys, root)
    assert out.splitlines()[0] == "Briefs due for editorial review on 2025-01-01 (limit: 180 days)"
    assert due_lines(out)
    monkeypatch.setenv("BRIEFING_TODAY", QUIET)
    assert due_lines(run(capsys, root)[1]) == []
    monkeypatch.setenv("BRIEFING_TODAY", "soon")
    code, out, err = run(capsys, root)
    assert (code, out) == (2, "")
    assert "BRIEFING_TODAY" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------------------ formats


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("reviewed: 2024-06-01\nevents:\n" + event("2024-12-15")))
    code, out, _ = run(capsys, root, "--today", "2025-01-01", "--format", "json")
    assert code == 0
    found = {item["slug"]: item for item in json.loads(out)}
    assert found["test-brief"] == {
        "path": BRIEF,
        "slug": "test-brief",
        "title": "A fictional brief used by the rule tests",
        "last_reviewed": "2024-06-01",
        "basis": "reviewed",
        "days": 214,
        "reasons": [
            "last reviewed 2024-06-01 (214 days ago; the limit is 180)",
            'the event "Talks resume in Geneva" on 2024-12-15 has passed since the last review (2024-06-01)',
        ],
    }
    assert found["sample-compute-rule-2024"]["basis"] == "published"
    assert json.loads(run(capsys, root, "--today", QUIET, "--format", "json")[1]) == []


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief("reviewed: 2024-06-01\n"))
    code, out, _ = run(capsys, root, "--today", "2025-01-01", "--format", "github")
    assert code == 0
    lines = out.splitlines()
    notices = [line for line in lines if line.startswith("::")]
    # The annotation points at the `reviewed` line (line 6 of the file).
    assert ("::notice file=briefs/test-brief.md,line=6,title=due for review::due for review: last reviewed "
            "2024-06-01 (214 days ago; the limit is 180)") in notices
    assert all(line.startswith("::notice file=") for line in notices)
    summary = [line for line in lines if not line.startswith("::")]
    assert summary[0] == "## Briefs due for editorial review"
    assert "**2** of 2 published brief(s) are due for review on 2025-01-01" in summary[2]
    assert any(line.startswith(r"- **A fictional brief used by the rule tests** (briefs/test\-brief\.md)")
               for line in summary)


def test_github_format_with_nothing_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path, brief())
    _, out, _ = run(capsys, root, "--today", QUIET, "--format", "github")
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "No brief is due for review." in out


HOSTILE = (
    'title: "Hostile\\n::error file=x.py,line=1::forged <img src=x onerror=alert(1)> **bold** [a](javascript:x)"'
)


def test_hostile_title_stays_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(brief("events:\n" + event("2024-12-15", "%0A::warning::forged too <script>x</script> | a |")),
                'title: "A fictional brief used by the rule tests"', HOSTILE)
    root = corpus(tmp_path, text)
    for fmt in ("github", "text"):
        _, out, _ = run(capsys, root, "--today", "2025-01-01", "--format", fmt)
        lines = out.splitlines()
        # Only our own notices start a line: no forged error, warning or stop-commands.
        assert [line for line in lines if line.startswith("::") and not line.startswith("::notice file=")] == []
        assert not any(line.lstrip().startswith("::") and not line.startswith("::notice") for line in lines)
        if fmt == "github":
            notice = next(line for line in lines if line.startswith("::notice file=briefs/test-brief.md"))
            assert "%250A::warning" in notice  # the literal %0A is escaped, not decoded to a newline
            markdown = "\n".join(line for line in lines if not line.startswith("::"))
            for raw in ("<img", "<script", "**bold**", "[a](javascript", "| a |"):
                assert raw not in markdown
            assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in markdown
        else:
            assert due_lines(out)[0].startswith(f"{BRIEF}: due for review:")
    _, out, _ = run(capsys, root, "--today", "2025-01-01", "--format", "json")
    title = next(item["title"] for item in json.loads(out) if item["path"] == BRIEF)
    assert title.startswith("Hostile ::error")  # one line; JSON escapes the rest


# ------------------------------------------------------------------------------ invalid corpus


def test_invalid_corpus_is_still_reported_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = edit(brief(), 'title: "A fictional brief used by the rule tests"', 'title: "Too short"')
    unknown_topic = edit(brief(), "topics: [export-controls, trade-tariffs]", "topics: [no-such-topic]")
    root = make_corpus(tmp_path / "repo", {BRIEF: unknown_topic, "briefs/broken-brief.md": broken})
    for fmt in ("text", "github", "json"):
        code, out, err = run(capsys, root, "--today", "2025-01-01", "--format", fmt)
        assert code == 0
        assert "Traceback" not in out + err
        assert BRIEF in out  # a cross-file error does not stop the report on this brief
        assert "briefs/broken-brief.md" not in out.replace("broken\\-brief", "")
        where = {"text": out, "json": err, "github": out.replace("\\", "")}[fmt]
        assert "1 brief(s) with invalid front matter were not checked" in where


# ------------------------------------------------------------------------ watch items (contract v3)


def test_overdue_watch_item_is_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = (
        "reviewed: 2024-12-01\n"
        "watch:\n"
        '  - date: 2024-12-15\n    item: "Whether the office publishes its guidance."\n'
        '  - date: 2024-12-10\n    item: "Whether the talks resume."\n    resolved: 2024-12-20\n'
        '    note: "They resumed."\n'
        '  - date: 2025-03-01\n    item: "Whether the rule is amended."\n'
    )
    root = corpus(tmp_path, brief(front))
    _, out, _ = run(capsys, root, "--today", "2025-01-01")
    assert due_lines(out) == [
        f'{BRIEF}: due for review: the watch item "Whether the office publishes its guidance." fell due on '
        "2024-12-15 and is not resolved"
    ]  # the resolved item and the one not yet due are no reason
    assert "1 with an overdue watch item" in out.splitlines()[-1]
    _, out, _ = run(capsys, root, "--today", "2025-01-01", "--format", "json")
    reasons = next(item["reasons"] for item in json.loads(out) if item["path"] == BRIEF)
    assert reasons == ['the watch item "Whether the office publishes its guidance." fell due on 2024-12-15 '
                       "and is not resolved"]


def test_changed_limits_the_report_to_changed_briefs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = 'reviewed: 2024-12-01\nwatch:\n  - date: 2024-12-15\n    item: "Whether the guidance appears."\n'
    root = corpus(tmp_path, brief(front))
    try:
        for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                     "commit", "-qm", "base"]):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("this test needs git")
    code, out, _ = run(capsys, root, "--today", "2025-01-01", "--changed", "--base", "HEAD")
    assert code == 0 and due_lines(out) == [] and "0 of 0 published brief(s)" in out
    path = root / BRIEF
    path.write_text(path.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    _, out, _ = run(capsys, root, "--today", "2025-01-01", "--changed", "--base", "HEAD")
    assert [line.split(": due for review")[0] for line in due_lines(out)] == [BRIEF]
    assert "fell due on 2024-12-15" in out
