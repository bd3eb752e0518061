"""Learned models stored as plain JSON and evaluated with numpy.

Two shapes cover the detectors: a boosted tree ensemble over dense features
(clutter lines) and a logistic model over word n-grams plus a few dense
features (hedged and check-worthy sentences). No pickle (a model file must
not be able to run code) and no scikit-learn at audit time (importing it costs
about a second); scikit-learn is only needed to train (audit/learn/).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).with_name("models")
TREES_FORMAT = "newsaudit-trees/1"
TEXT_FORMAT = "newsaudit-text-logit/1"


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted regression trees on the log-odds, all trees walked at once.

    Nodes of every tree sit in flat arrays. A (row, tree) pair walks down one
    level per step and leaves the walk at its leaf: most leaves lie far above the
    deepest one.
    """

    names: tuple[str, ...]
    feature: np.ndarray  # per node; leaves hold 0
    threshold: np.ndarray  # go left when x <= threshold
    children: np.ndarray  # node i's right child at 2i, its left child at 2i + 1 (leaves: i)
    internal: np.ndarray  # per node: has children
    value: np.ndarray  # node value on the log-odds scale (already shrunk)
    roots: np.ndarray
    depth: int
    baseline: float
    threshold_probability: float
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any], names: Sequence[str]) -> TreeEnsemble:
        if data.get("format") != TREES_FORMAT:
            raise ValueError(f"not a tree model: format {data.get('format')!r}")
        if tuple(data["features"]) != tuple(names):
            raise ValueError("model features do not match this code's feature names; retrain")
        nodes = data["nodes"]
        return cls(
            names=tuple(names),
            feature=np.asarray(nodes["feature"], dtype=np.intp),
            threshold=np.asarray(nodes["threshold"], dtype=float),
            children=np.column_stack([nodes["right"], nodes["left"]]).astype(np.intp).ravel(),
            internal=np.asarray(nodes["left"]) != np.arange(len(nodes["left"])),
            value=np.asarray(nodes["value"], dtype=float),
            roots=np.asarray(data["roots"], dtype=np.intp),
            depth=int(data["depth"]),
            baseline=float(data["baseline"]),
            threshold_probability=float(data["threshold"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
        )

    def _walk(self, rows: np.ndarray):
        """Yield (pair, node, child) per level for the (row, tree) pairs still inside a tree,
        pair = row * trees + tree in row-major order. Rows are read flat and a child is one
        look-up (x <= threshold picks the left one at 2i + 1): the fewest array operations."""
        count, width = rows.shape
        trees = len(self.roots)
        flat = rows.ravel()
        pair = np.arange(count * trees)
        node = np.tile(self.roots, count)
        at = np.repeat(np.arange(count) * width, trees)
        for _ in range(self.depth):
            x = flat[at + self.feature[node]]
            child = self.children[2 * node + (x <= self.threshold[node])]
            yield pair, node, child
            inside = self.internal[child]
            if not inside.all():
                pair, child, at = pair[inside], child[inside], at[inside]
                if not len(pair):
                    return
            node = child

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        leaf = np.tile(self.roots, len(rows))
        for pair, _, child in self._walk(rows):
            leaf[pair] = child
        return self.baseline + self.value[leaf].reshape(len(rows), len(self.roots)).sum(axis=1)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return sigmoid(self.log_odds(rows))

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """Each feature's share of each row's log-odds (the change in node value at every
        split on the row's path, credited to the split's feature)."""
        width = len(self.names)
        cells, gains = [], []
        for pair, node, child in self._walk(rows):
            cells.append(pair // len(self.roots) * width + self.feature[node])
            gains.append(self.value[child] - self.value[node])
        if not cells:
            return np.zeros((len(rows), width))
        total = np.bincount(
            np.concatenate(cells), np.concatenate(gains), minlength=len(rows) * width
        )
        return total.reshape(len(rows), width)


@dataclass(frozen=True)
class TextLogit:
    """A logistic model over word n-grams (a weight per n-gram) plus standardised dense features,
    optionally plus the mean of per-word scores (`word_scores`): a linear model on averaged
    word vectors folds into one number per word, so no vectors ship."""

    weights: dict[str, float]
    dense_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    ngram: int
    meta: dict[str, Any]
    word_scores: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], dense_names: Sequence[str]) -> TextLogit:
        if data.get("format") != TEXT_FORMAT:
            raise ValueError(f"not a text model: format {data.get('format')!r}")
        if tuple(data["dense"]["names"]) != tuple(dense_names):
            raise ValueError("model features do not match this code's feature names; retrain")
        scale = np.asarray(data["dense"]["scale"], dtype=float)
        return cls(
            weights={k: float(v) for k, v in data["ngrams"].items()},
            dense_names=tuple(dense_names),
            mean=np.asarray(data["dense"]["mean"], dtype=float),
            scale=np.where(scale > 0, scale, 1.0),
            coef=np.asarray(data["dense"]["coef"], dtype=float),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            ngram=int(data["ngram"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
            word_scores={k: float(v) for k, v in data.get("words", {}).items()},
        )

    def log_odds(
        self,
        grams: Sequence[Sequence[str]],
        dense: np.ndarray,
        words: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """One score per unit: `grams[i]` are unit i's distinct n-grams, `dense[i]` its features,
        `words[i]` its words in order (needed only by a model with word scores)."""
        weights = self.weights
        # fsum: a unit's n-grams are a set, whose order varies with the string hash seed; an
        # exactly rounded sum does not depend on it, so every run scores alike to the last bit.
        lexical = np.array(
            [math.fsum(map(weights.get, unit, repeat(0.0))) for unit in grams], dtype=float
        )
        if self.word_scores:
            if words is None:
                raise ValueError("this model scores words: pass each unit's words")
            lexical += [mean_word_score(unit, self.word_scores) for unit in words]
        return lexical + ((dense - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(
        self,
        grams: Sequence[Sequence[str]],
        dense: np.ndarray,
        words: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        return sigmoid(self.log_odds(grams, dense, words))

    def evidence(self, grams: Sequence[str], top: int = 4) -> list[tuple[str, float]]:
        """The n-grams of one unit that pushed its score up most, strongest first."""
        found = [(g, self.weights[g]) for g in grams if self.weights.get(g, 0.0) > 0]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:top]


def mean_word_score(words: Sequence[str], scores: dict[str, float]) -> float:
    """The sum of the words' scores over the number of words (unscored words count as 0)."""
    if not words:
        return 0.0
    return sum(map(scores.get, words, repeat(0.0))) / len(words)


def ngrams(words: Sequence[str], n: int) -> set[str]:
    """The distinct 1..n-grams of a word sequence, joined by spaces."""
    grams = set(words)
    for size in range(2, n + 1):
        grams.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return grams


@cache
def read_model(name: str) -> dict[str, Any]:
    """The shipped model file `models/<name>.json` as plain data."""
    return json.loads((MODEL_DIR / f"{name}.json").read_text(encoding="utf-8"))
