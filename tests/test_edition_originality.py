"""The launch edition is written in our own words: no brief shares a run of eight words with
the founding article (shared/research/seed-article.txt in the project's shared folder).

The article is not ours to republish, so the repository keeps only a fingerprint of it: the
SHA-256 (first 12 hex digits) of each normalised eight-word run, in tests/data/. Regenerate it
with `python tests/test_edition_originality.py path/to/seed-article.txt`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import yaml

from briefing.sourcefile import read_text, split_front_matter

REPO = Path(__file__).resolve().parents[1]
FINGERPRINT = Path(__file__).with_name("data") / "seed-article-runs.txt"
RUN = 8


def _runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {hashlib.sha256(" ".join(words[i : i + RUN]).encode()).hexdigest()[:12] for i in range(len(words) - RUN + 1)}


def test_fingerprint_is_present() -> None:
    assert len(FINGERPRINT.read_text("utf-8").split()) > 500, "the fingerprint of the founding article is missing"


def test_no_brief_copies_the_founding_article() -> None:
    seed = set(FINGERPRINT.read_text("utf-8").split())
    copied = []
    for path in sorted((REPO / "briefs").glob("*.md")):
        split = split_front_matter(read_text(path))
        front = yaml.safe_load(split.front)  # our own words; source titles may quote the article's title
        ours = [front["title"], front["summary"], *front["key_points"], split.body]
        if _runs("\n".join(ours)) & seed:
            copied.append(path.name)
    assert copied == [], f"these briefs share an {RUN}-word run with the founding article: {copied}"


def test_the_check_can_fail() -> None:
    """A sentence from the article (rebuilt from a run we know is in it) is caught."""
    sample = "china s ai ambitions and the quest for safety"  # the article's own title
    assert _runs(sample) & set(FINGERPRINT.read_text("utf-8").split())


if __name__ == "__main__":
    source = Path(sys.argv[1]).read_text("utf-8")
    FINGERPRINT.write_text("\n".join(sorted(_runs(source))) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINT}")
