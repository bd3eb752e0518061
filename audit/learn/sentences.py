"""Train and cross-validate a sentence classifier: word n-grams plus dense features,
L2 logistic regression, exported as a TextLogit (audit/models/formats.py).

The vocabulary (n-grams in at least MIN_DF training records) and the threshold
are fitted inside each fold, so the cross-validated figures never see the
held-out records. Rare n-grams with tiny weights are pruned from the shipped
file; the figures are computed with the same pruning.

With `Spec.word_vectors` > 0 the model also reads the mean of the unit's word vectors
(audit/learn/wordvectors.py; the training words and a general vocabulary, fitted inside
each fold too). Its block is scaled by that factor, a lighter penalty than the n-grams
get. The fitted weights on it fold into one score per word, which is all that ships.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from audit.evaluation.scores import score
from audit.evaluation.sentences import record_document
from audit.features.sentence_words import sentence_words
from audit.learn.common import best_threshold, export_text, folds
from audit.models.formats import TextLogit

MIN_DF = 2
MIN_WEIGHT = 0.05  # n-grams lighter than this are left out of the shipped model


@dataclass(frozen=True)
class Spec:
    """What differs between the sentence tasks."""

    positive: str
    dense_names: tuple[str, ...]
    featurise: Callable[[Sequence[Sequence[str]], Sequence[str]], tuple[list[set[str]], np.ndarray]]
    skip_quotes: bool
    ngram: int
    C: float
    word_vectors: float = 0.0  # scale of the averaged word-vector block; 0 leaves it out


def units(rows: Sequence[dict[str, Any]], skip_quotes: bool) -> tuple[list[list[str]], list[str]]:
    """Each record's words (all its sentences) and its text, as the detector will see them."""
    words, texts = [], []
    for record in rows:
        doc = record_document(record)
        words.append([w for s in sentence_words(doc, skip_quotes) for w in s.words])
        texts.append(doc.text)
    return words, texts


def _matrix(grams: Sequence[set[str]], dense: np.ndarray, vocabulary: dict[str, int], mean, scale):
    from scipy.sparse import csr_matrix, hstack

    indptr, indices = [0], []
    for unit in grams:
        indices.extend(sorted(vocabulary[g] for g in unit if g in vocabulary))
        indptr.append(len(indices))
    lexical = csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(grams), len(vocabulary))
    )
    return hstack([lexical, csr_matrix((dense - mean) / scale)]).tocsr()


def _word_block(words, spec: Spec):
    """The vocabulary's vectors and the units' standardised mean vectors (None when unused)."""
    if not spec.word_vectors:
        return None
    from audit.learn import wordvectors

    vocabulary = sorted(wordvectors.general_words() | {w for unit in words for w in unit})
    table = wordvectors.vectors(vocabulary)
    means = wordvectors.mean_vectors(words, {w: i for i, w in enumerate(vocabulary)}, table)
    mu, sigma = means.mean(axis=0), means.std(axis=0)
    sigma = np.where(sigma > 0, sigma, 1.0)
    return vocabulary, table, mu, sigma, (means - mu) / sigma * spec.word_vectors


def fit(grams, dense, y, spec: Spec, threshold: float = 0.5, words=None) -> dict[str, Any]:
    """Fit on these units and return the exported model dict."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    df = Counter(g for unit in grams for g in unit)
    vocabulary = {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= MIN_DF))}
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    X = _matrix(grams, dense, vocabulary, mean, scale)
    block = _word_block(words, spec)
    if block is not None:
        X = hstack([X, csr_matrix(block[-1])]).tocsr()
    lr = LogisticRegression(C=spec.C, max_iter=5000).fit(X, y)
    coef, intercept = lr.coef_[0], float(lr.intercept_[0])
    scores = None
    if block is not None:
        words_vocabulary, table, mu, sigma, _ = block
        direction = coef[-table.shape[1] :] * spec.word_vectors / sigma
        coef, intercept = coef[: -table.shape[1]], intercept - float(mu @ direction)
        scores = dict(zip(words_vocabulary, table @ direction, strict=True))
    return export_text(
        list(vocabulary), coef, spec.dense_names, mean, scale, intercept,
        threshold, spec.ngram, MIN_WEIGHT, scores,
    )  # fmt: skip


def predict(model: dict[str, Any], dense, spec: Spec, words) -> np.ndarray:
    """The exported model's probabilities for units of `words`, read as the audit reads them."""
    exported = TextLogit.from_dict(model, spec.dense_names)
    return exported.predict_proba(exported.rows(words, dense))


def _take(items, index):
    return None if items is None else [items[i] for i in index]


def _oof(grams, dense, y, groups, spec: Spec, k: int = 5, words=None) -> np.ndarray:
    out = np.zeros(len(y))
    for train, test in folds(y, groups, k):
        model = fit(_take(grams, train), dense[train], y[train], spec, words=_take(words, train))
        out[test] = predict(model, dense[test], spec, _take(words, test))
    return out


def cross_validate(grams, dense, y, groups, spec: Spec, words=None) -> dict[str, Any]:
    """Out-of-fold P/R/F1 with each fold's threshold chosen on its own training part."""
    predicted = np.zeros(len(y), dtype=bool)
    cuts = []
    prob = np.zeros(len(y))
    for train, test in folds(y, groups):
        sub, sub_words = _take(grams, train), _take(words, train)
        inner = _oof(sub, dense[train], y[train], groups[train], spec, k=4, words=sub_words)
        cut = best_threshold(inner, y[train])
        model = fit(sub, dense[train], y[train], spec, words=sub_words)
        prob[test] = predict(model, dense[test], spec, _take(words, test))
        predicted[test] = prob[test] >= cut
        cuts.append(cut)
    result = score(predicted, y).to_dict()
    result["fold_thresholds"] = cuts
    result["roc_auc"] = _auc(y, prob)
    # The claims test split is balanced: the same predictions, negatives re-weighted to half.
    weights = np.where(y, 1.0, y.sum() / max((~y).sum(), 1))
    result["f1_if_balanced"] = round(score(predicted, y, weights).f1, 4)
    return result


def _auc(y: np.ndarray, prob: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, prob)), 4)


def train(grams, dense, y, groups, spec: Spec, words=None) -> dict[str, Any]:
    threshold = best_threshold(_oof(grams, dense, y, groups, spec, words=words), y)
    return fit(grams, dense, y, spec, threshold, words)
