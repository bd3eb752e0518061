"""Train and cross-validate a sentence classifier: word n-grams plus dense features,
L2 logistic regression, exported as a TextLogit (audit/features/jsonmodel.py).

The vocabulary (n-grams in at least MIN_DF training records) and the threshold
are fitted inside each fold, so the cross-validated figures never see the
held-out records. Rare n-grams with tiny weights are pruned from the shipped
file; the figures are computed with the same pruning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from audit.evaluation.scores import score
from audit.evaluation.sentences import record_document
from audit.features.jsonmodel import TextLogit, sigmoid
from audit.features.sentence_words import sentence_words
from audit.learn.common import best_threshold, export_text, folds

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


def fit(grams, dense, y, spec: Spec, threshold: float = 0.5) -> dict[str, Any]:
    """Fit on these units and return the exported model dict."""
    from sklearn.linear_model import LogisticRegression

    df = Counter(g for unit in grams for g in unit)
    vocabulary = {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= MIN_DF))}
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    X = _matrix(grams, dense, vocabulary, mean, scale)
    lr = LogisticRegression(C=spec.C, max_iter=5000).fit(X, y)
    return export_text(
        list(vocabulary), lr.coef_[0], spec.dense_names, mean, scale, float(lr.intercept_[0]),
        threshold, spec.ngram, MIN_WEIGHT,
    )  # fmt: skip


def predict(model: dict[str, Any], grams, dense, spec: Spec) -> np.ndarray:
    return sigmoid(TextLogit.from_dict(model, spec.dense_names).log_odds(grams, dense))


def _oof(grams, dense, y, groups, spec: Spec, k: int = 5) -> np.ndarray:
    out = np.zeros(len(y))
    for train, test in folds(y, groups, k):
        model = fit([grams[i] for i in train], dense[train], y[train], spec)
        out[test] = predict(model, [grams[i] for i in test], dense[test], spec)
    return out


def cross_validate(grams, dense, y, groups, spec: Spec) -> dict[str, Any]:
    """Out-of-fold P/R/F1 with each fold's threshold chosen on its own training part."""
    predicted = np.zeros(len(y), dtype=bool)
    cuts = []
    prob = np.zeros(len(y))
    for train, test in folds(y, groups):
        sub = [grams[i] for i in train]
        cut = best_threshold(_oof(sub, dense[train], y[train], groups[train], spec, k=4), y[train])
        model = fit(sub, dense[train], y[train], spec)
        prob[test] = predict(model, [grams[i] for i in test], dense[test], spec)
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


def train(grams, dense, y, groups, spec: Spec) -> dict[str, Any]:
    threshold = best_threshold(_oof(grams, dense, y, groups, spec), y)
    return fit(grams, dense, y, spec, threshold)
