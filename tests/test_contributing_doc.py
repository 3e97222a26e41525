"""CONTRIBUTING.md's examples run: the error line it shows is what the validator prints, its
words on how list items are counted match the validator (from 1), and its citation example
validates and renders as a numbered marker."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.site import citations
from briefing.site.render import render_one
from support import BASE, REPO, edit, lines_of, make_corpus

GUIDE = (REPO / "CONTRIBUTING.md").read_text("utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, flags=re.S)


def test_the_guide_counts_list_items_as_the_validator_does(tmp_path: Path) -> None:
    shown = next(line for block in _blocks("text") for line in block.splitlines() if "SCHEMA-ENUM" in line)
    message = shown.split(" SCHEMA-ENUM ", 1)[1]
    assert message.startswith("sources[1].type is 'official'")
    official = edit(BASE, "    type: primary", "    type: official")
    root = make_corpus(tmp_path / "one", {"briefs/test-brief.md": official})
    assert any(line.endswith(f"error SCHEMA-ENUM {message}") for line in lines_of(root)), lines_of(root)
    second = edit(BASE, "    type: primary\n", "    type: primary\n  - title: \"Another\"\n    url: "
                  "\"https://example.org/other\"\n    publisher: \"Other\"\n    type: official\n")
    root = make_corpus(tmp_path / "two", {"briefs/test-brief.md": second})
    assert any("SCHEMA-ENUM sources[2].type is 'official'" in line for line in lines_of(root))
    assert "`sources[1]` means\n  the first source" in GUIDE
    assert "counting starts at 0" not in GUIDE


def test_the_guide_s_citation_example_validates_and_renders(tmp_path: Path) -> None:
    source = next(block for block in _blocks("yaml") if "id: bis-rule" in block)
    sentence = next(block for block in _blocks("markdown") if "[@bis-rule]" in block).strip()
    text = edit(BASE, "sources:\n  - title: \"A fictional source\"\n    url: \"https://example.org/source\"\n"
                "    publisher: \"Example Publisher\"\n    type: primary\n", source)
    text = edit(text, "It matters only to the tests.", sentence)
    root = make_corpus(tmp_path / "cite", {"briefs/test-brief.md": text})
    assert [line for line in lines_of(root) if " error " in line] == []
    html = render_one(sentence + "\n", citations={"bis-rule": 1}).html
    assert '<a href="#source-1">[1]</a>' in html
    assert citations.numbers([type("S", (), {"type": "primary", "id": "bis-rule"})()]) == {"bis-rule": 1}
