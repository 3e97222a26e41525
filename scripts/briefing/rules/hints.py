"""Did-you-mean hints: the known word closest to an unknown one, in bounded work.

A hint compares the unknown word with candidates (difflib's ratio, at least 0.6), which costs
about 50 µs a pair for slugs; over 5,000 slugs that is a quarter of a second a word. So:

- ``Candidates`` is built once per run (the slugs, or a data file's ids) with an index of the
  trigrams of each candidate; a lookup counts shared trigrams through the index (in C) and
  compares only the SHORTLIST best with difflib. Up to SHORTLIST candidates, every one is compared.
- ``HintBudget``: only the first HINTS_PER_FIELD unknown values of each field of a file get a
  hint. Every unknown value is still reported; the rest without a hint.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

from ..problems import clip

HINTS_PER_FIELD = 5
SHORTLIST = 40


class HintBudget:
    """How many hints each field of each file has had: ``allows(where)`` is true for the first
    HINTS_PER_FIELD calls with the same ``where`` (e.g. a brief's path and a field name)."""

    def __init__(self) -> None:
        self.asked: Counter[Hashable] = Counter()

    def allows(self, where: Hashable) -> bool:
        self.asked[where] += 1
        return self.asked[where] <= HINTS_PER_FIELD


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "  # so that a short word has trigrams too, and the start of a word counts twice
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class Candidates:
    """Known words for did-you-mean, indexed once (see the module's docstring)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._index: dict[str, list[int]] | None = None  # trigram -> positions in words, built when first needed

    def _trigram_index(self) -> dict[str, list[int]]:
        if self._index is None:
            self._index = defaultdict(list)
            for position, word in enumerate(self.words):
                for gram in _trigrams(word):
                    self._index[gram].append(position)
        return self._index

    def closest(self, word: str, exclude: str | None = None) -> str | None:
        """The candidate most like ``word``, other than ``exclude``."""
        if len(self.words) <= SHORTLIST:
            return closest(word, self.words, exclude)
        index = self._trigram_index()
        shared: Counter[int] = Counter()
        for gram in _trigrams(word):
            shared.update(index.get(gram, ()))
        # the most trigrams in common first; among equals, the first in order (the same every run)
        best = heapq.nsmallest(SHORTLIST, shared.items(), key=lambda item: (-item[1], item[0]))
        return closest(word, [self.words[position] for position, _count in best], exclude)


def closest(word: str, candidates: Sequence[str], exclude: str | None = None) -> str | None:
    """The candidate most like ``word`` (difflib's ratio, at least 0.6), other than ``exclude``."""
    for match in difflib.get_close_matches(word, candidates, n=2, cutoff=0.6):
        if match != exclude:
            return match
    return None


def did_you_mean(match: str | None) -> str:
    return f" (did you mean '{clip(match)}'?)" if match else ""


def suggest(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean '...'?)`` for a word among a few choices (e.g. a model's keys), else ""."""
    if not isinstance(word, str):  # a number, a date, ...: no spelling to correct
        return ""
    return did_you_mean(closest(word, list(choices)))
