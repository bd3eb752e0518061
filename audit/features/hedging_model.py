"""Hedged sentences: the cue lexicon and a sentence classifier, reported with their cues.

A cue alone does not make a hedge ("may" in "the May elections", "some" in
"some 40 people died"); the classifier weighs the sentence's cues and words
together, learned from sentences labelled uncertain or certain
(docs/models.md). Words inside quotations are left out: a hedge in a quote is
the speaker's. The finding names the cues that carried the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import numpy as np

from audit.features.hedge_cues import GROUPS, INDEX
from audit.features.jsonmodel import TextLogit, ngrams, read_model
from audit.features.sentence_words import SentenceWords, sentence_words, token_spans
from audit.rules.model import Hit, Rule
from audit.text.document import Document, Tokens

DENSE_NAMES = (*(f"cue_{group}" for group in GROUPS), "log_words")
NGRAM = 2


@cache
def load_model() -> TextLogit:
    return TextLogit.from_dict(read_model("hedging"), DENSE_NAMES)


def cues(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first word, last word + 1, group) of the lexicon cues, longest first, none overlapping."""
    found = []
    reach = 0
    for first, stop, group in INDEX.matches(Tokens(tuple(words), (), ())):
        if first >= reach:
            found.append((first, stop, group))
            reach = stop
    return found


def dense_row(words: Sequence[str]) -> list[float]:
    counts = dict.fromkeys(GROUPS, 0)
    for _, _, group in cues(words):
        counts[group] += 1
    return [math.log1p(counts[g]) for g in GROUPS] + [math.log1p(len(words))]


def features(units: Sequence[Sequence[str]]) -> tuple[list[set[str]], np.ndarray]:
    """N-gram sets and dense rows for word sequences (sentences, or whole training records)."""
    grams = [ngrams(words, NGRAM) for words in units]
    dense = np.array([dense_row(words) for words in units], dtype=float).reshape(
        len(units), len(DENSE_NAMES)
    )
    return grams, dense


@lru_cache(maxsize=16)
def sentence_probabilities(doc: Document) -> np.ndarray:
    """The model's probability that each sentence is hedged (0 for one wholly in quotes)."""
    units = sentence_words(doc, skip_quotes=True)
    if not units:
        return np.zeros(0)
    words = [u.words for u in units]
    grams, dense = features(words)
    probs = load_model().probability(grams, dense, words)
    empty = np.array([not u.words for u in units])
    probs[empty] = 0.0
    return probs


def hedged_sentences(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Every sentence the classifier calls hedged, with the cues that carry the verdict."""
    model = load_model()
    threshold = rule.options.get("params", {}).get("threshold") or model.threshold
    probs = sentence_probabilities(doc)
    units = sentence_words(doc, skip_quotes=True)
    for sentence, unit, p in zip(doc.structure.sentences, units, probs, strict=True):
        if p < threshold or sentence.start < doc.structure.body_start:
            continue
        evidence = _evidence(doc, unit, model)
        detail = ", ".join(f"'{e}'" for e in evidence) if evidence else "its wording"
        yield Hit(sentence.start, sentence.end, f"{rule.message} (model {p:.2f}; cues {detail})")


def _evidence(doc: Document, unit: SentenceWords, model: TextLogit) -> list[str]:
    """The sentence's lexicon cues as written, else the n-grams that pushed its score most."""
    starts, ends = token_spans(doc)
    tokens = unit.tokens
    out = [
        doc.text[starts[tokens[first]] : ends[tokens[stop - 1]]]
        for first, stop, _ in cues(unit.words)
    ]
    if not out:
        out = [gram for gram, _ in model.evidence(ngrams(unit.words, NGRAM), top=3)]
    return list(dict.fromkeys(out))[:4]
