"""`briefing new`: the draft it writes validates; misuse exits 2 with a helpful message."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.editorial.scaffold import ScaffoldError, slugify, write_new
from briefing.rules.files import load_brief
from briefing.rules.validate import validate
from support import CORPUS, make_corpus

TITLE = "A fictional title for a scaffolded brief"
SLUG = "a-fictional-title-for-a-scaffolded-brief"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "repo")


def new(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "new", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def problems(root: Path) -> list[str]:
    return [p.text() for p in validate(root).all_problems()]  # the real today: drafts are dated today


def test_new_writes_a_draft_that_validates(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = new(capsys, root, TITLE, "--topic", "export-controls")
    assert (code, err) == (0, "")
    assert out == f"wrote briefs/{SLUG}.md (status: draft). Edit it, then run: make validate\n"
    path = root / "briefs" / f"{SLUG}.md"
    assert path.exists()
    assert problems(root) == []
    brief = load_brief(root, path)
    assert brief.model is not None
    assert brief.model.title == TITLE
    assert brief.model.status == "draft"
    assert brief.model.topics == ["export-controls"]
    assert brief.model.published == dt.date.today()


def test_new_with_several_topics_a_slug_and_a_date(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = new(capsys, root, "Another fictional brief: 生成式 AI rules",
                       "--topic", "china-ai-regulation", "--topic", "synthetic-media",
                       "--slug", "custom-slug-2024", "--date", "2024-07-01")
    assert code == 0 and "briefs/custom-slug-2024.md" in out
    assert problems(root) == []
    brief = load_brief(root, root / "briefs/custom-slug-2024.md")
    assert brief.model is not None
    assert brief.model.title == "Another fictional brief: 生成式 AI rules"
    assert brief.model.topics == ["china-ai-regulation", "synthetic-media"]
    assert brief.model.published == dt.date(2024, 7, 1)


def test_unknown_topic_exits_2_with_did_you_mean(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = new(capsys, root, TITLE, "--topic", "export-control")
    assert (code, out) == (2, "")
    assert err == (
        "briefing new: unknown topic 'export-control' (did you mean 'export-controls'?); see briefs/topics.yml\n"
    )
    assert not (root / "briefs" / f"{SLUG}.md").exists()


def test_existing_file_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(capsys, root, TITLE, "--topic", "export-controls")[0] == 0
    path = root / "briefs" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA contributor's edit.\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = new(capsys, root, TITLE, "--topic", "trade-tariffs")
    assert (code, out) == (2, "")
    assert err == f"briefing new: briefs/{SLUG}.md already exists; choose another title or --slug\n"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Too short", "--topic", "export-controls"], "briefing new: the title is 9 characters; it must be 10-140\n"),
        (["中文标题中文标题中文标题", "--topic", "export-controls"],
         "briefing new: cannot make a valid slug from '中文标题中文标题中文标题'; pass one with --slug\n"),
        (["A title with a \x7f control character", "--topic", "export-controls"],
         "briefing new: the title contains the control character U+007F; remove it\n"),
        ([TITLE, "--topic", "export-controls", "--slug", "Bad Slug"],
         "briefing new: cannot make a valid slug from 'A fictional title for a scaffolded brief'; pass one with "
         "--slug\n"),
    ],
)
def test_bad_input_exits_2(root: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = new(capsys, root, *argv)
    assert (code, out, err) == (2, "", message)
    assert sorted(p.name for p in (root / "briefs").iterdir()) == sorted(
        p.name for p in (CORPUS / "briefs").iterdir()
    )  # nothing written


def test_topic_is_required(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, root, TITLE)
    assert code == 2 and "--topic" in err


def test_too_many_topics(root: Path) -> None:
    topics = ["export-controls", "trade-tariffs", "military-ai", "safety-summits", "synthetic-media", "un-multilateral"]
    with pytest.raises(ScaffoldError, match="give 1 to 5 topics"):
        write_new(root, TITLE, topics)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Bletchley Declaration (2023)", "the-bletchley-declaration-2023"),
        ("  Café   rules --- for   AI  ", "cafe-rules-for-ai"),
        ("US–China talks: Geneva, 2024", "us-china-talks-geneva-2024"),
        ("China’s rules and the EU's act", "chinas-rules-and-the-eus-act"),
        ("word " * 40, "-".join(["word"] * 16)),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=10, max_size=150))
def test_any_accepted_title_gives_a_valid_draft(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_corpus(Path(folder) / "repo")
        try:
            path = write_new(root, title, ["export-controls"], slug="scaffolded-brief")
        except ScaffoldError:
            return  # refused with a message: fine
        assert problems(root) == [], path.read_text(encoding="utf-8")
