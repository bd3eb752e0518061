"""Scores do not depend on the order of a set of words: that order follows the string hash
seed, so it changes from one run to the next."""

from __future__ import annotations

import numpy as np

from audit.features import clutter_lines
from audit.sources import crosscheck

WORDS = [f"word{k}" for k in range(14)]
IDF = {w: 1.0 + 1 / (k + 3) for k, w in enumerate(WORDS)}


def _cohesion(monkeypatch, reverse: bool) -> np.ndarray:
    def in_order(content: str) -> tuple[str, ...]:
        return tuple(sorted(clutter_lines._TOKEN.findall(content), reverse=reverse))

    monkeypatch.setattr(clutter_lines, "_content_words", in_order)
    contents = [" ".join(WORDS[: k + 1]) for k in range(len(WORDS))]  # word k on 14 - k lines
    base = np.zeros((len(contents), len(clutter_lines.BASE_FEATURES)))
    return clutter_lines._cohesion(contents, base, (0, len(contents) - 1))


def test_line_vocabulary_features_do_not_depend_on_word_order(monkeypatch):
    forward = _cohesion(monkeypatch, reverse=False)
    assert forward.tobytes() == _cohesion(monkeypatch, reverse=True).tobytes()


def _story_sums(reverse: bool) -> bytes:
    sentences = [
        [crosscheck._Sentence(0, 10, tuple(sorted(WORDS[k:], reverse=reverse)))]
        for k in range(len(WORDS) - 4)
    ]
    members = tuple(range(len(sentences)))
    index = crosscheck._SentenceIndex(members, sentences, IDF, {i: f"source{i}" for i in members})
    overlaps = (index._words @ index._weighted).toarray()  # sentences x sentences
    return index._totals.tobytes() + overlaps.tobytes() + index._stating.tobytes()


def test_statement_overlaps_do_not_depend_on_word_order():
    assert _story_sums(reverse=False) == _story_sums(reverse=True)
