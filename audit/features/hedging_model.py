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
from functools import cache
from itertools import accumulate, chain

import numpy as np

from audit.features.hedge_cues import GROUPS, INDEX
from audit.features.sentence_words import SentenceWords, sentence_words, token_spans
from audit.models.formats import TextLogit, ngrams
from audit.models.store import read_shipped
from audit.rules.model import Hit, Rule
from audit.text.document import Document, Tokens

DENSE_NAMES = (*(f"cue_{group}" for group in GROUPS), "log_words")
NGRAM = 2


@cache
def shipped() -> TextLogit:
    """The shipped model (an auditor passes its own in its documents' analysis)."""
    return TextLogit.from_dict(read_shipped("hedging"), DENSE_NAMES)


def cues(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first word, last word + 1, group) of the lexicon cues, longest first, none overlapping."""
    found = []
    reach = 0
    for first, stop, group in INDEX.matches(Tokens(tuple(words), (), ())):
        if first >= reach:
            found.append((first, stop, group))
            reach = stop
    return found


def dense_rows(units: Sequence[Sequence[str]]) -> np.ndarray:
    """Each unit's cue count per group and its length, each as log1p, from one pass of the
    cue index over the words of every unit: an occurrence that runs from one unit into the
    next is no cue, and within a unit cues are taken as `cues` takes them."""
    lengths = [len(words) for words in units]
    ends = list(accumulate(lengths))
    flat = tuple(chain.from_iterable(units))
    counts = np.zeros((len(units), len(GROUPS) + 1), dtype=np.intp)
    counts[:, -1] = lengths
    column = {group: i for i, group in enumerate(GROUPS)}
    unit, reach = 0, 0
    for first, stop, group in INDEX.matches(Tokens(flat, (), ())):
        while first >= ends[unit]:
            unit += 1
            reach = ends[unit - 1]
        if stop <= ends[unit] and first >= reach:
            counts[unit, column[group]] += 1
            reach = stop
    return _log1p(counts)


def _log1p(counts: np.ndarray) -> np.ndarray:
    """math.log1p of every count, looked up (numpy's log1p may round another way)."""
    table = np.array([math.log1p(n) for n in range(int(counts.max(initial=0)) + 1)])
    return table[counts].reshape(counts.shape).astype(float)


def features(units: Sequence[Sequence[str]]) -> tuple[list[set[str]], np.ndarray]:
    """N-gram sets and dense rows for word sequences (sentences, or whole training records)."""
    return [ngrams(words, NGRAM) for words in units], dense_rows(units)


def predict(docs: Sequence[Document], model: TextLogit) -> list[np.ndarray]:
    """Each document's per-sentence probabilities that the sentence is hedged (0 for one wholly
    in quotes), from one prediction over every sentence of the batch."""
    per_doc = [sentence_words(doc, skip_quotes=True) for doc in docs]
    words = [unit.words for units in per_doc for unit in units]
    per_document = [len(units) for units in per_doc]
    return model.per_sentence(words, dense_rows(words), per_document)


def sentence_probabilities(doc: Document) -> np.ndarray:
    """The per-sentence probabilities of the analysis (computed now for a document alone)."""
    analysis = doc.analysis
    return analysis.once("hedging", lambda: predict([doc], analysis.model("hedging", shipped))[0])


def hedged_sentences(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Every sentence the classifier calls hedged, with the cues that carry the verdict."""
    model = doc.analysis.model("hedging", shipped)
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
