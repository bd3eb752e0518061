"""The shipped style model: a logistic regression on standardised, clipped features with
Platt calibration, stored as plain JSON and evaluated with numpy. One of its features is the
log-odds of a function-word n-gram model (ngrams.py) stored in the same file.

No pickle (a model file must not be able to run code) and no scikit-learn at inference
(importing it costs about a second); scikit-learn is only needed to train.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from audit.models.store import check_format, read_model, shipped_path
from audit.style.features import FEATURE_NAMES
from audit.style.ngrams import NGRAM_FEATURE, NGRAM_REST_FEATURE, NgramModel

MODEL_PATH = shipped_path("style")  # where the trainer writes by default
FORMAT = "newsaudit-style-logreg/2"
# The n-gram log-odds of the whole text, then of the text after its opening, come last.
MODEL_FEATURES = (*FEATURE_NAMES, NGRAM_FEATURE, NGRAM_REST_FEATURE)
CHATTER_FEATURE = "assistant_chatter"  # fixed evidence beside the learned features


@dataclass(frozen=True, eq=False)
class StyleModel:
    """Compared and hashed by identity: an analysis records which model it was computed with."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    clip: float  # standardised features are clipped to +-clip
    calibration: tuple[float, float]  # (slope, offset) applied to the raw log-odds
    prior: float | None  # share of machine text in the calibration data: the prior assumed
    threshold: float
    # A text whose dense features lie further than this (root-mean-square standardised
    # distance) from the training mean is outside what the model knows.
    max_distance: float
    ngrams: NgramModel
    meta: dict[str, Any]
    # Log-likelihood ratio added to the calibrated log-odds of a text (and of the sentence
    # windows) holding assistant chatter (chatter.py); fixed, not learned. 0: not used.
    chatter_weight: float = 0.0
    # AIS001 weighs the evidence by the amount of text: its log-odds shrunk toward the prior's
    # by words / (words + evidence_words) (`evidence`). 0: no shrink (older files).
    evidence_words: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StyleModel:
        check_format(data, FORMAT, "style")
        names = tuple(data["features"])
        if names != MODEL_FEATURES:
            raise ValueError("model features do not match this code's MODEL_FEATURES; retrain")
        scale = np.asarray(data["scale"], dtype=float)
        return cls(
            names=names,
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.where(scale > 0, scale, 1.0),
            coef=np.asarray(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
            clip=float(data.get("clip", np.inf)),
            calibration=(float(data["calibration"]["slope"]), float(data["calibration"]["offset"])),
            prior=data["calibration"].get("prior"),
            threshold=float(data["threshold"]),
            max_distance=float(data.get("max_distance", np.inf)),
            ngrams=NgramModel.from_dict(data["ngrams"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
            chatter_weight=float(data.get("evidence", {}).get(CHATTER_FEATURE, 0.0)),
            evidence_words=float(data.get("flag", {}).get("evidence_words", 0.0)),
        )

    def with_ngrams(
        self, rows: np.ndarray, text: str, sentences: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """``rows`` of FEATURE_NAMES with the n-gram log-odds of the text's sentences, and of
        those after the opening one, appended to each.

        Sentence windows are too short for an n-gram profile, so, like the type statistics,
        every row takes the document's values."""
        return self.with_scores(rows, self.ngrams.text_scores(text, sentences))

    def with_scores(self, rows: np.ndarray, scores: tuple[float, float]) -> np.ndarray:
        """``rows`` with the text's two n-gram log-odds (`with_ngrams`) appended to each."""
        rows = np.atleast_2d(rows)
        return np.column_stack([rows, np.full((len(rows), 2), scores)])

    def log_odds(self, rows: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
        """Calibrated log-odds that each feature row is machine-written. ``starts``: where each
        text's rows begin when the rows hold several texts'. A matrix-vector product rounds
        differently with its number of rows (the BLAS kernel blocks them): taken per text, a
        text's rows score as when it is estimated alone."""
        z = np.clip((rows - self.mean) / self.scale, -self.clip, self.clip)
        bounds = [0, len(rows)] if starts is None else [*starts.tolist(), len(rows)]
        parts = [z[start:end] @ self.coef for start, end in pairwise(bounds)]
        z = (np.concatenate(parts) if parts else np.zeros(0)) + self.intercept
        slope, offset = self.calibration
        return slope * z + offset

    def predict_proba(
        self,
        rows: np.ndarray,
        chatter: np.ndarray | None = None,
        starts: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated probability of each row; ``chatter`` marks the rows (text or window)
        that hold assistant chatter, whose log-odds rise by ``chatter_weight``; ``starts`` as
        in `log_odds`."""
        z = self.log_odds(rows, starts)
        if chatter is not None:
            z = z + self.chatter_weight * chatter
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def evidence(self, probability: np.ndarray | float, words: np.ndarray | float) -> np.ndarray:
        """What AIS001 compares with the threshold (`weighed` by this model's prior and
        evidence_words); the probability itself when the model sets no evidence_words."""
        if not self.evidence_words or not self.prior:
            return np.asarray(probability, dtype=float)
        return weighed(probability, words, self.prior, self.evidence_words)

    def distance(self, row: np.ndarray) -> float:
        """How far a row's dense features lie from the training texts: the root-mean-square
        of their standardised, clipped values (the n-gram columns left out)."""
        n = len(FEATURE_NAMES)
        z = np.minimum(np.abs(row[:n] - self.mean[:n]) / self.scale[:n], self.clip)
        return float(np.sqrt(z @ z / n))

    def contributions(self, row: np.ndarray) -> np.ndarray:
        """Each feature's signed share of the calibrated log-odds of one row."""
        z = np.clip((row - self.mean) / self.scale, -self.clip, self.clip)
        return self.calibration[0] * self.coef * z


def weighed(
    probability: np.ndarray | float, words: np.ndarray | float, prior: float, evidence_words: float
) -> np.ndarray:
    """The probability of a text of ``words`` words with its log-odds shrunk toward the
    prior's by words / (words + evidence_words): a short text is weak evidence, so it must read
    more machine-like to be flagged, while a long one keeps nearly its whole probability."""
    base = np.log(prior / (1 - prior))
    p = np.clip(np.asarray(probability, dtype=float), 1e-12, 1 - 1e-12)
    words = np.asarray(words, dtype=float)
    z = base + (np.log(p / (1 - p)) - base) * words / (words + evidence_words)
    return 1.0 / (1.0 + np.exp(-z))


def load_model(path: str | Path | None = None) -> StyleModel:
    """Load a model JSON file (default: the shipped one). Raises ValueError when the file is
    not a usable model."""
    return _parsed(read_model(MODEL_PATH if path is None else path))


@cache
def shipped() -> StyleModel:
    """The shipped model, read once (an auditor passes its own in its documents' analysis)."""
    return load_model()


def model_data(path: str | Path) -> dict[str, Any]:
    """A model JSON file as plain data (nothing in it can run), checked against this code:
    a ValueError says what is wrong with it."""
    data = read_model(path)
    _parsed(data)
    return data


def _parsed(data: dict[str, Any]) -> StyleModel:
    try:
        return StyleModel.from_dict(data)
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a style model of format {FORMAT}: missing {error}") from error
