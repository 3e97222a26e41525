"""The launch edition is written in our own words: no brief shares a run of eight words with
the founding article (`shared/research/seed-article.txt`, beside the repository)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from briefing.sourcefile import read_text, split_front_matter

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "research" / "seed-article.txt"
RUN = 8


def _runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_brief_copies_the_founding_article() -> None:
    if not SEED.is_file():
        message = f"the founding article is not at {SEED}; the project's shared/ folder must sit beside the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    seed = _runs(SEED.read_text(encoding="utf-8"))
    copied = {}
    for path in sorted((REPO / "briefs").glob("*.md")):
        split = split_front_matter(read_text(path))
        front = yaml.safe_load(split.front)  # our own words; source titles may quote the article's title
        ours = [front["title"], front["summary"], *front["key_points"], split.body]
        shared = _runs("\n".join(ours)) & seed
        if shared:
            copied[path.name] = sorted(shared)[:3]
    assert copied == {}, f"briefs share {RUN}-word runs with the founding article: {copied}"
