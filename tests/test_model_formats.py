"""Learned models load from plain JSON and score exactly as the scikit-learn models they came from."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from audit.learn.common import export_text, export_trees
from audit.models.formats import TextLogit, TreeEnsemble, ngrams

NAMES = ("a", "b", "c")


@pytest.fixture(scope="module")
def boosted():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = np.round(rng.random((600, 3)), 2)  # ties with split thresholds must go left, as in sklearn
    y = X[:, 0] + 0.4 * X[:, 1] + 0.2 * rng.random(600) > 0.8
    model = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, early_stopping=False)
    return model.fit(X, y), X


def test_an_exported_tree_ensemble_scores_like_scikit_learn(boosted):
    model, X = boosted
    loaded = TreeEnsemble.from_dict(json.loads(json.dumps(export_trees(model, NAMES, 0.5))), NAMES)
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X)[:, 1], atol=1e-5)


def test_tree_contributions_add_up_to_the_log_odds(boosted):
    model, X = boosted
    loaded = TreeEnsemble.from_dict(export_trees(model, NAMES, 0.5), NAMES)
    root_value = loaded.value[loaded.roots].sum()
    total = loaded.contributions(X[:20]).sum(axis=1) + loaded.baseline + root_value
    assert np.allclose(total, loaded.log_odds(X[:20]))


def test_many_rows_are_walked_a_block_at_a_time_with_the_same_scores(boosted, monkeypatch):
    model, X = boosted
    loaded = TreeEnsemble.from_dict(export_trees(model, NAMES, 0.5), NAMES)
    whole = loaded.log_odds(X), loaded.contributions(X)
    for walk in ("WALKED_PAIRS", "SCORED_PAIRS"):  # contributions and scores: seven rows a block
        monkeypatch.setattr(f"audit.models.formats.{walk}", 7 * len(loaded.roots))
    blocks_walked = []
    cut = TreeEnsemble._blocks

    def counted(self, rows, pairs):
        blocks = cut(self, rows, pairs)
        blocks_walked.append(len(blocks))
        return blocks

    monkeypatch.setattr(TreeEnsemble, "_blocks", counted)
    assert np.array_equal(loaded.log_odds(X), whole[0])
    assert np.array_equal(loaded.contributions(X), whole[1])
    assert len(blocks_walked) == 2 and min(blocks_walked) > 80  # both walks took the sizes set
    assert loaded.log_odds(X[:0]).shape == (0,)


def test_a_model_for_other_features_is_refused(boosted):
    model, _ = boosted
    with pytest.raises(ValueError, match="retrain"):
        TreeEnsemble.from_dict(export_trees(model, NAMES, 0.5), ("a", "b", "z"))


def test_a_text_model_sums_its_ngram_weights_and_dense_features():
    data = export_text(
        ["may", "may be", "said"], np.array([1.0, 0.5, -0.01, 2.0]), ("length",),
        np.array([3.0]), np.array([2.0]), -1.0, 0.5, 2, min_weight=0.05,
    )  # fmt: skip
    model = TextLogit.from_dict(data, ("length",))
    assert "said" not in model.weights  # pruned: lighter than min_weight
    rows = model.rows([["it", "may", "be"]], np.array([[5.0]]))
    assert model.log_odds(rows)[0] == pytest.approx(1.0 + 0.5 + 2.0 - 1.0)
    assert model.evidence(ngrams(["it", "may", "be"], 2)) == [("may", 1.0), ("may be", 0.5)]


def test_a_text_score_does_not_depend_on_the_order_of_its_ngrams():
    """A unit's n-grams are a set, iterated in an order that changes with the hash seed."""
    weights = {"a": 0.1, "b": 1e16, "c": 0.2, "d": -1e16, "e": 0.3}
    model = TextLogit(weights, (), np.zeros(0), np.ones(0), np.zeros(0), 0.0, 0.5, 1, {})
    words = list(weights)
    forward, backward = (
        model.log_odds(model.rows([order], np.zeros((1, 0))))[0] for order in (words, words[::-1])
    )
    assert forward == backward == pytest.approx(0.6)  # a plain running sum gives 0.0 or 0.5


def _string_scores(model: TextLogit, units: list[list[str]]) -> list[float]:
    """What a unit scores when its n-grams are joined into strings and summed exactly."""
    return [
        math.fsum(model.weights.get(g, 0.0) for g in ngrams(unit, model.ngram)) for unit in units
    ]


def test_a_batch_of_units_scores_each_unit_exactly_as_its_ngram_strings_sum():
    rng = np.random.default_rng(5)
    vocabulary = ["the", "may", "be", "said", "tax", "cut", "a", "of"]
    grams = sorted({*vocabulary, *(f"{a} {b}" for a in vocabulary for b in vocabulary)})
    weights = {g: float(w) for g, w in zip(grams, rng.normal(0, 0.7, len(grams)), strict=True)}
    model = TextLogit(weights, (), np.zeros(0), np.ones(0), np.zeros(0), 0.0, 0.5, 2, {})
    units = [list(rng.choice([*vocabulary, "unknown"], rng.integers(0, 30))) for _ in range(200)]
    together = model.log_odds(model.rows(units, np.zeros((len(units), 0))))
    assert together.tolist() == _string_scores(model, units)  # to the last bit
    alone = [model.log_odds(model.rows([unit], np.zeros((1, 0))))[0] for unit in units[:20]]
    assert alone == together[:20].tolist()


def test_weights_of_very_different_magnitudes_still_sum_exactly():
    weights = {"a": 1e-12, "b": 3e9, "a b": -3e9, "c": 0.25}
    model = TextLogit(weights, (), np.zeros(0), np.ones(0), np.zeros(0), 0.0, 0.5, 2, {})
    units = [["a", "b", "c"], ["b", "a"], []]
    scores = model.log_odds(model.rows(units, np.zeros((3, 0))))
    assert scores.tolist() == _string_scores(model, units)
