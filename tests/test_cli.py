"""`briefing validate` output formats and exit codes (0 clean, 1 errors, 2 misuse)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.problems import Problem, render
from support import REPO, base, make_corpus
from unavailable import unavailable

BROKEN = {"briefs/test-brief.md": base('title: "A fictional brief used by the rule tests"', 'title: "Too short"')}
LINE = "briefs/test-brief.md:2:8: error SCHEMA-LENGTH title is 9 characters; it needs at least 10"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "repo", BROKEN)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "repo")


def test_clean_corpus_exits_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(clean), "validate", "--today", "2026-01-01")
    assert (code, out) == (0, "")
    assert err == "7 files checked: 0 error(s), 0 warning(s)\n"


def test_text_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(broken), "validate", "--today", "2026-01-01")
    assert code == 1
    assert out == LINE + "\n"
    assert err == "8 files checked: 1 error(s), 0 warning(s)\n"


@pytest.mark.parametrize("where", ["root", "briefs", "absolute"])
def test_text_paths_are_relative_to_the_repository_root(
    broken: Path, where: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The root is found from the current folder; the path argument may be given any way.
    if where == "root":
        monkeypatch.chdir(broken)
        arg = "briefs/test-brief.md"
    elif where == "briefs":
        monkeypatch.chdir(broken / "briefs")
        arg = "test-brief.md"
    else:
        monkeypatch.chdir(broken.parent)
        arg = str(broken / "briefs" / "test-brief.md")
    code, out, err = run(capsys, *(["--root", str(broken)] if where == "absolute" else []),
                         "validate", arg, "--today", "2026-01-01")
    assert (code, out) == (1, LINE + "\n")
    assert err == "1 files checked: 1 error(s), 0 warning(s)\n"


def test_paths_limit_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(tmp_path / "repo", {**BROKEN, "briefs/notes.txt": "stray\n"})
    code, out, _ = run(capsys, "--root", str(root), "validate", str(root / "briefs/notes.txt"))
    assert code == 1 and out.startswith("briefs/notes.txt:1:1: error FILE-NAME ")
    assert "test-brief" not in out
    code, out, _ = run(capsys, "--root", str(root), "validate",
                       str(root / "briefs/sample-draft-outline.md"))
    assert (code, out) == (0, "")


def test_a_brief_outside_briefs_is_validated_against_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_corpus(tmp_path / "repo", {"drafts/test-brief.md": BROKEN["briefs/test-brief.md"]})
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "validate", "drafts/test-brief.md", "--today", "2026-01-01")
    assert (code, out) == (1, LINE.replace("briefs/", "drafts/") + "\n")


def test_a_brief_outside_briefs_may_not_reuse_a_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(tmp_path / "repo", {"drafts/sample-draft-outline.md": base()})
    code, out, _ = run(capsys, "--root", str(root), "validate", str(root / "drafts/sample-draft-outline.md"),
                       "--today", "2026-01-01")
    assert code == 1
    assert out == (
        "drafts/sample-draft-outline.md:1:1: error SLUG-DUPLICATE slug 'sample-draft-outline' is already "
        "the slug of briefs/sample-draft-outline.md\n"
    )


def test_github_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(broken), "validate", "--format", "github", "--today", "2026-01-01")
    assert code == 1
    assert out == (
        "::error file=briefs/test-brief.md,line=2,col=8,title=SCHEMA-LENGTH::"
        "title is 9 characters; it needs at least 10\n"
    )
    assert err == ""


def test_github_format_escapes_properties_and_messages() -> None:
    problem = Problem("briefs/a,b:c.md", 3, 4, "BODY-LINK", "50% done\nnext line\r")
    assert problem.github() == (
        "::error file=briefs/a%2Cb%3Ac.md,line=3,col=4,title=BODY-LINK::50%25 done%0Anext line%0D"
    )


def test_json_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(broken), "validate", "--format", "json", "--today", "2026-01-01")
    assert code == 1
    assert json.loads(out) == [{
        "path": "briefs/test-brief.md",
        "line": 2,
        "column": 8,
        "rule": "SCHEMA-LENGTH",
        "message": "title is 9 characters; it needs at least 10",
        "severity": "error",
    }]
    assert err == ""


def test_json_format_clean_is_an_empty_list(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--root", str(clean), "validate", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_json_keeps_non_ascii(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(tmp_path / "repo", {
        "briefs/test-brief.md": base("topics: [export-controls, trade-tariffs]", "topics: [export-controls, 关税]"),
    })
    _, out, _ = run(capsys, "--root", str(root), "validate", "--format", "json")
    assert "'关税'" in out
    assert {p["rule"] for p in json.loads(out)} == {"REF-TOPIC", "SCHEMA-FORMAT"}


def test_text_output_is_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(tmp_path / "repo", {
        "briefs/test-brief.md": base("status: published", '"sta\\ntus": published'),
        "briefs/line\nbreak.md": base(),
    })
    code, out, _ = run(capsys, "--root", str(root), "validate")
    assert code == 1
    assert out.splitlines() == [
        "briefs/line\\nbreak.md:1:1: error FILE-NAME file name 'line\\nbreak.md' is not a valid slug: use 3-80 "
        "lowercase letters, digits and single hyphens, e.g. 'bis-export-controls-2023.md'",
        "briefs/test-brief.md:5:1: error SCHEMA-UNKNOWN-KEY unknown key 'sta\\ntus' (did you mean 'status'?)",
    ]
    _, out, _ = run(capsys, "--root", str(root), "validate", "--format", "json")
    assert {p["message"] for p in json.loads(out)} >= {"unknown key 'sta\ntus' (did you mean 'status'?)"}


def test_output_is_sorted_by_path_line_column() -> None:
    problems = [
        Problem("b.md", 1, 1, "BODY-H1", "x"),
        Problem("a.md", 10, 1, "BODY-H1", "x"),
        Problem("a.md", 2, 5, "BODY-H1", "x"),
        Problem("a.md", 2, 1, "BODY-H1", "x"),
    ]
    assert render(problems, "text").splitlines() == [
        "a.md:2:1: error BODY-H1 x",
        "a.md:2:5: error BODY-H1 x",
        "a.md:10:1: error BODY-H1 x",
        "b.md:1:1: error BODY-H1 x",
    ]


def test_problem_rejects_unknown_rule_ids() -> None:
    with pytest.raises(ValueError, match="unknown rule id NOPE"):
        Problem("a.md", 1, 1, "NOPE", "x")


@pytest.mark.parametrize(
    ("argv", "stderr"),
    [
        (["validate", "--bogus"], "unrecognized arguments: --bogus"),
        (["validate", "--format", "xml"], "invalid choice: 'xml'"),
        (["validate", "--today", "yesterday"], "invalid fromisoformat value: 'yesterday'"),
        (["validate", "briefs/no-such-brief.md"], "briefing validate: no such file: briefs/no-such-brief.md"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_misuse_exits_2(
    clean: Path, argv: list[str], stderr: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(clean)
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert stderr in err


def test_no_briefs_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--root", str(tmp_path), "validate")
    assert code == 2
    assert err == f"briefing validate: no briefs/ folder under {tmp_path.resolve()}\n"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "--format {text,github,json}" in out


def _briefing_executable() -> Path:
    for candidate in (REPO / ".venv/bin/briefing", Path(sys.executable).parent / "briefing"):
        if candidate.exists():
            return candidate
    unavailable("the briefing command is not installed: run make install")


def test_installed_command(broken: Path) -> None:
    result = subprocess.run(
        [str(_briefing_executable()), "validate", "--today", "2026-01-01"],
        cwd=broken / "briefs", capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == LINE + "\n"
    assert result.stderr == "8 files checked: 1 error(s), 0 warning(s)\n"
