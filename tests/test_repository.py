"""The real corpus in this repository validates with zero errors."""

from __future__ import annotations

from briefing.rules.validate import validate
from support import REPO


def test_repository_corpus_is_valid() -> None:
    corpus = validate(REPO)
    errors = sorted(p.text() for p in corpus.all_problems() if p.severity == "error")
    assert errors == [], f"{len(errors)} error(s); run `make validate`:\n" + "\n".join(errors)
