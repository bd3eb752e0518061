"""The shipped style model: a logistic regression on standardised, clipped features with
Platt calibration, stored as plain JSON and evaluated with numpy. One of its features is the
log-odds of a function-word n-gram model (ngrams.py) stored in the same file.

No pickle (a model file must not be able to run code) and no scikit-learn at inference
(importing it costs about a second); scikit-learn is only needed to train.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from audit.style.features import FEATURE_NAMES
from audit.style.ngrams import NGRAM_FEATURE, NGRAM_REST_FEATURE, NgramModel

MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "newsaudit-style-logreg/2"
# The n-gram log-odds of the whole text, then of the text after its opening, come last.
MODEL_FEATURES = (*FEATURE_NAMES, NGRAM_FEATURE, NGRAM_REST_FEATURE)


@dataclass(frozen=True, eq=False)
class StyleModel:
    """Compared and hashed by identity: estimates are cached per document and model."""

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StyleModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a style model: format {data.get('format')!r}")
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
        )

    def with_ngrams(
        self, rows: np.ndarray, text: str, sentences: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """``rows`` of FEATURE_NAMES with the n-gram log-odds of the text's sentences, and of
        those after the opening one, appended to each.

        Sentence windows are too short for an n-gram profile, so, like the type statistics,
        every row takes the document's values."""
        rows = np.atleast_2d(rows)
        scores = self.ngrams.text_scores(text, sentences)
        return np.column_stack([rows, np.full((len(rows), 2), scores)])

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """Calibrated log-odds that each feature row is machine-written."""
        z = np.clip((rows - self.mean) / self.scale, -self.clip, self.clip)
        z = z @ self.coef + self.intercept
        slope, offset = self.calibration
        return slope * z + offset

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.log_odds(rows), -30, 30)))

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


def model_json(model: dict[str, Any]) -> str:
    """A model as its JSON file holds it: one key per line, long number and word lists on
    one line each, so the file stays small and a diff of two models stays readable."""
    lines = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in model.items())
    return "{\n" + lines + "\n}\n"


def load_model(path: str | Path | None = None) -> StyleModel:
    """Load a model JSON file (default: the model in use, the shipped one unless a run's
    configuration named another). Raises ValueError when the file is not a usable model."""
    if path is None:
        return _in_use or _default_model()
    return StyleModel.from_dict(model_data(path))


def model_data(path: str | Path) -> dict[str, Any]:
    """A model JSON file as plain data (nothing in it can run), checked against this code:
    a ValueError says what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read it as JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValueError("not a style model: the file holds no JSON object")
    try:
        StyleModel.from_dict(data)
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a style model of format {FORMAT}: missing {error}") from error
    return data


_in_use: StyleModel | None = None


@contextmanager
def using_model(model: StyleModel | None) -> Iterator[None]:
    """Within the block, `model` (None: the shipped one) is the model this process estimates
    with. An auditor audits each article inside one, in whatever process or cluster worker
    audits it; outside, the shipped model is back."""
    global _in_use
    before, _in_use = _in_use, model
    try:
        yield
    finally:
        _in_use = before


@cache
def _default_model() -> StyleModel:
    return StyleModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
