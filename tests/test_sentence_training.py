"""The sentence trainers: averaged word vectors fold into per-word scores that score exactly as
the model fitted on the vectors, so only a table of numbers ships."""

from __future__ import annotations

import json

import numpy as np
import pytest

from audit.learn.common import export_text
from audit.learn.sentences import Spec, fit
from audit.models.formats import TextLogit

NAMES = ("length",)


def _model(words: dict[str, float]) -> TextLogit:
    data = export_text(
        ["tax"], np.array([1.0, 0.0]), NAMES, np.array([0.0]), np.array([1.0]), 0.0, 0.5, 1,
        min_weight=0.05, word_scores=words,
    )  # fmt: skip
    return TextLogit.from_dict(json.loads(json.dumps(data)), NAMES)


def test_word_scores_add_their_mean_over_all_the_units_words():
    model = _model({"tax": 0.6, "cut": 0.3})
    rows = model.rows([["tax", "cut", "now"]], np.zeros((1, 1)))
    # (0.6 + 0.3 + 0 for the unscored word) / 3 words, on top of the n-gram weight 1.0
    assert model.log_odds(rows)[0] == pytest.approx(1.3)


def test_word_scores_sum_in_reading_order_as_python_sums_them():
    scores = {"a": 0.1, "b": 1e16, "c": -1e16, "d": 0.3}
    model = _model(scores)
    units = [["a", "b", "c", "d"], ["b", "a", "c"], ["d"], []]
    rows = model.rows(units, np.zeros((len(units), 1)))
    expected = [
        sum(scores.get(w, 0.0) for w in unit) / len(unit) if unit else 0.0 for unit in units
    ]
    assert rows.word_mean.tolist() == expected


def test_folded_word_scores_score_like_the_model_fitted_on_the_vectors():
    wordvectors = pytest.importorskip("audit.learn.wordvectors")
    pytest.importorskip("wordllama")
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    lexicon = ["taxes", "budget", "percent", "jobs", "hope", "believe", "friends", "think"]
    words = [list(rng.choice(lexicon, size=rng.integers(2, 7))) for _ in range(80)]
    y = np.array([sum(w in lexicon[:4] for w in unit) > len(unit) / 2 for unit in words])
    dense = np.array([[len(unit)] for unit in words], dtype=float)
    spec = Spec("yes", NAMES, lambda w, t: ([], dense), False, 1, C=1.0, word_vectors=0.5)
    exported = TextLogit.from_dict(fit([set()] * 80, dense, y, spec, words=words), NAMES)

    vocabulary = sorted(wordvectors.general_words() | set(lexicon))
    table = wordvectors.vectors(vocabulary)
    means = wordvectors.mean_vectors(words, {w: i for i, w in enumerate(vocabulary)}, table)
    X = np.hstack([
        (dense - dense.mean(0)) / dense.std(0),
        (means - means.mean(0)) / means.std(0) * 0.5,
    ])  # fmt: skip
    direct = LogisticRegression(C=1.0, max_iter=5000).fit(X, y).decision_function(X)
    assert np.allclose(exported.log_odds(exported.rows(words, dense)), direct, atol=1e-3)
