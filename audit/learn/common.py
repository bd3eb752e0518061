"""What the three trainers share: data loading, grouped folds, thresholds and model export.

Training needs scikit-learn; the exported JSON is read by audit/models/formats.py
with numpy alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from audit.evaluation.scores import score
from audit.models.formats import TEXT_FORMAT, TREES_FORMAT
from audit.models.store import shipped_path

FOLDS = 5
SEED = 20240


def folds(y: np.ndarray, groups: np.ndarray, k: int = FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds that never split a group (a page, a record) across train and test."""
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def best_threshold(
    prob: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None = None,
    also: np.ndarray | None = None,
) -> float:
    """The cut with the best F1 on these (out-of-fold) scores; `also` marks units already
    predicted positive by something else (the rules), which the model adds to."""
    extra = np.zeros(len(y), dtype=bool) if also is None else also
    best = (-1.0, 0.5)
    for cut in np.round(np.arange(0.2, 0.81, 0.01), 2):
        f1 = score((prob >= cut) | extra, y, weights).f1
        if f1 > best[0] + 1e-9:
            best = (f1, float(cut))
    return best[1]


def export_trees(model, names: Sequence[str], threshold: float) -> dict[str, Any]:
    """A fitted HistGradientBoostingClassifier as flat node arrays (see TreeEnsemble)."""
    feature, cut, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    shrink = model.learning_rate
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        for i, node in enumerate(nodes):
            leaf = bool(node["is_leaf"])
            feature.append(0 if leaf else int(node["feature_idx"]))
            cut.append(0.0 if leaf else float(node["num_threshold"]))  # exact: ties decide
            left.append(offset + i if leaf else offset + int(node["left"]))
            right.append(offset + i if leaf else offset + int(node["right"]))
            # Leaves are stored shrunk by the learning rate, inner nodes are not.
            value.append(round(float(node["value"]) * (1.0 if leaf else shrink), 6))
            depth = max(depth, int(node["depth"]))
    return {
        "format": TREES_FORMAT,
        "features": list(names),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "depth": depth,
        "roots": roots,
        "nodes": {
            "feature": feature,
            "threshold": cut,
            "left": left,
            "right": right,
            "value": value,
        },
        "threshold": threshold,
    }


def export_text(
    vocabulary: Sequence[str],
    coef: np.ndarray,
    dense_names: Sequence[str],
    mean: np.ndarray,
    scale: np.ndarray,
    intercept: float,
    threshold: float,
    ngram: int,
    min_weight: float,
    word_scores: dict[str, float] | None = None,
) -> dict[str, Any]:
    """A fitted n-gram logistic model; n-grams whose weight is below `min_weight` are left out.
    `word_scores` (optional) are per-word scores whose mean over a unit's words adds to it."""
    lexical = coef[: len(vocabulary)]
    dense = coef[len(vocabulary) :]
    kept = {
        gram: round(float(w), 5)
        for gram, w in sorted(zip(vocabulary, lexical, strict=True))
        if abs(w) >= min_weight
    }
    words = {w: round(float(v), 4) for w, v in sorted((word_scores or {}).items())}
    return {
        "format": TEXT_FORMAT,
        "ngram": ngram,
        "ngrams": kept,
        **({"words": {w: v for w, v in words.items() if v}} if word_scores else {}),
        "dense": {
            "names": list(dense_names),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in dense],
        },
        "intercept": round(float(intercept), 6),
        "threshold": threshold,
    }


def stamp(model: dict[str, Any], rows: int, positives: int, **extra: Any) -> None:
    import sklearn

    model["training"] = {
        "rows": rows,
        "positives": positives,
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%d"),
        "scikit_learn": sklearn.__version__,
        **extra,
    }


def write_model(model: dict[str, Any], name: str, out: str | Path | None) -> Path:
    path = Path(out) if out else shipped_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    return path
