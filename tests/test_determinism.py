"""Scores do not depend on the order of a set of words: that order follows the string hash
seed, so it changes from one run to the next."""

from __future__ import annotations

import numpy as np

from audit.features import clutter_lines
from audit.sources import crosscheck

WORDS = [f"word{k}" for k in range(14)]
IDF = {w: 1.0 + 1 / (k + 3) for k, w in enumerate(WORDS)}


def _cohesion(reverse: bool) -> np.ndarray:
    tokens = [sorted(WORDS[: k + 1], reverse=reverse) for k in range(len(WORDS))]
    base = np.zeros((len(tokens), len(clutter_lines.BASE_FEATURES)))  # word k on 14 - k lines
    line = np.repeat(np.arange(len(tokens)), [len(words) for words in tokens])
    flat = [word for words in tokens for word in words]
    vocabulary = clutter_lines._Vocabulary.of(line, flat)  # numbered in order of first use
    layout = clutter_lines._Pages.of([0, len(tokens)])
    block = np.array([0]), np.array([len(tokens) - 1])
    return clutter_lines._cohesion(vocabulary, base, layout, *block)


def test_line_vocabulary_features_do_not_depend_on_word_order():
    forward = _cohesion(reverse=False)
    assert forward.tobytes() == _cohesion(reverse=True).tobytes()


def _story_sums(reverse: bool) -> bytes:
    sentences = [
        [crosscheck._Sentence(0, 10, tuple(sorted(WORDS[k:], reverse=reverse)))]
        for k in range(len(WORDS) - 4)
    ]
    members = tuple(range(len(sentences)))
    index = crosscheck._SentenceIndex(members, sentences, IDF, {i: f"source{i}" for i in members})
    overlaps = (index._words @ index._weighted.T).toarray()  # sentences x sentences
    return index._totals.tobytes() + overlaps.tobytes() + index._stating.tobytes()


def test_statement_overlaps_do_not_depend_on_word_order():
    assert _story_sums(reverse=False) == _story_sums(reverse=True)
