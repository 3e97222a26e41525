"""The edition is written in our own words: no brief shares a run of eight words with the
founding article (shared/research/seed-article.txt in the project's shared folder), nor with the
research notes the briefs were written from (the two fact sheets and the editorial review), apart
from official titles and quotations.

The article is not ours to republish, so the repository keeps only a fingerprint of it: the
SHA-256 (first 12 hex digits) of each normalised eight-word run, in tests/data/. Regenerate it
with `python tests/test_edition_originality.py path/to/seed-article.txt`, and the notes' with
`python tests/test_edition_originality.py --notes path/to/fact-sheet.md path/to/fact-sheet-2025-2026.md ...`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import yaml

from briefing.load.sourcefile import read_text, split_front_matter

REPO = Path(__file__).resolve().parents[1]
FINGERPRINT = Path(__file__).with_name("data") / "seed-article-runs.txt"
NOTES = Path(__file__).with_name("data") / "research-notes-runs.txt"
RUN = 8
# Against the research notes, a run is a copy from twelve words on: shorter shared runs are the
# names of bodies, forums and instruments, which a brief must give exactly.
NOTES_RUN = 12
# Official names longer than that, which briefs name as the notes do (subtracted before comparing).
OFFICIAL_NAMES = (
    "Independent International Scientific Panel on AI and Global Dialogue on AI Governance",
    "Independent International Scientific Panel on Artificial Intelligence and the Global Dialogue on "
    "Artificial Intelligence Governance",
    "China's AI Capacity-Building Action Plan for Good and for All",
    "Independent International Scientific Panel on AI and a Global Dialogue on AI Governance",
    "Independent International Scientific Panel on AI and Global Dialogue on AI Governance (A/RES/79/325)",
    "Third Belt and Road Forum for International Cooperation",
    "Independent International Scientific Panel on AI",
    "Global Dialogue on AI Governance",
)
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|「[^」\n]*」|《[^》\n]*》")


def _runs(text: str, run: int = RUN) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {hashlib.sha256(" ".join(words[i : i + run]).encode()).hexdigest()[:12] for i in range(len(words) - run + 1)}


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


def _brief_texts(path: Path) -> tuple[str, str]:
    """(our own words, the official titles the brief names: its instrument and its sources)."""
    split = split_front_matter(read_text(path))
    front = yaml.safe_load(split.front)
    ours = "\n".join([front["title"], front["summary"], *front["key_points"], split.body])
    instrument = front.get("instrument") or {}
    titles = [instrument.get("name", ""), *[s.get("title", "") for s in front.get("sources", [])]]
    titles += [e.get("title", "") for e in front.get("events", [])]
    return ours, "\n".join(titles)


def test_notes_fingerprint_is_present() -> None:
    assert len(NOTES.read_text("utf-8").split()) > 5000, "the fingerprint of the research notes is missing"


def test_no_brief_copies_the_research_notes() -> None:
    notes = set(NOTES.read_text("utf-8").split())
    copied = {}
    for path in sorted((REPO / "briefs").glob("*.md")):
        ours, titles = _brief_texts(path)
        text = " ".join(_QUOTED.sub(" ", ours).replace("*", "").split())  # names may wrap or be in bold
        for name in sorted({*titles.split("\n"), *OFFICIAL_NAMES}, key=len, reverse=True):
            if len(name.split()) >= 4:  # the names themselves are not ours to reword
                text = re.sub(re.escape(name), "\0", text, flags=re.I)
        # a run never spans a removed name: count the pieces between them separately
        shared = set().union(*(_runs(piece, NOTES_RUN) for piece in text.split("\0"))) & notes
        if shared:
            copied[path.name] = len(shared)
    assert copied == {}, f"these briefs share {NOTES_RUN}-word runs with the research notes (count per brief): {copied}"


def test_the_notes_check_can_fail() -> None:
    """A long run from the second fact sheet's method note is caught."""
    sample = "where such a mirror was the only place a chinese language text was read"
    assert _runs(sample, NOTES_RUN) & set(NOTES.read_text("utf-8").split())


def test_the_check_can_fail() -> None:
    """A sentence from the article (rebuilt from a run we know is in it) is caught."""
    sample = "china s ai ambitions and the quest for safety"  # the article's own title
    assert _runs(sample) & set(FINGERPRINT.read_text("utf-8").split())


if __name__ == "__main__":
    target = NOTES if sys.argv[1] == "--notes" else FINGERPRINT
    files = sys.argv[2:] if target is NOTES else sys.argv[1:]
    run = NOTES_RUN if target is NOTES else RUN
    runs = set().union(*(_runs(Path(f).read_text("utf-8"), run) for f in files))
    target.write_text("\n".join(sorted(runs)) + "\n", encoding="utf-8")
    print(f"wrote {target}")
