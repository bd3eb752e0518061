"""The fitted part of the source score: a linear model from article signals to an expected rating.

It reads an article's signals (audit/source_signals.py) and gives the 0-100
rating a NewsGuard/MBFC-style rater would be expected to give the article's
source, judging by this article alone. Every weight has the sign a rater would
expect (named sources up, loaded words down); the fit may only shrink a weight
to zero, never flip it, so each contribution can be read as a reason.

Stored as plain JSON beside this module and evaluated with plain Python (no
pickle, no numpy needed at run time). audit/evaluation/source_fit.py fits it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from audit.source_signals import SIGNAL_NAMES, ArticleSignals

MODEL_PATH = Path(__file__).with_name("source_model.json")
FORMAT = "newsaudit-source-linear/1"

# The direction a rater expects each signal to push reliability: +1 up, -1 down; 0 for the
# signals the article score already counts (AI disclaimers, scraped clutter), which are
# shown but not fitted, so they do not count twice.
DIRECTION = {
    "named_quote": 1,
    "byline": 1,
    "correction": 1,
    "sponsored": -1,
    "ai_disclosure": 0,
    "clutter_share": 0,
    "headline_mismatch": -1,
    "shouting_headline": -1,
    "headline_capitals": -1,
    "named_sources": 1,
    "unattributed": -1,
    "reporting_verbs": 1,
    "source_roles": 1,
    "right_of_reply": 1,
    "figures": 1,
    "first_person": -1,
    "second_person": -1,
    "loaded_words": -1,
    "intensifiers": -1,
    "exclamations": -1,
    "questions": -1,
    "ellipses": -1,
    "scare_quotes": -1,
    "contractions": -1,
    "length": 1,
    "word_length": 1,
    "ai_style": -1,
}
assert tuple(DIRECTION) == SIGNAL_NAMES


@dataclass(frozen=True)
class SourceModel:
    """rating = intercept + sum(coef * clip((signal - mean) / scale)), on a 0-100 scale."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    clip: float
    meta: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a source model: format {data.get('format')!r}")
        if tuple(data["features"]) != SIGNAL_NAMES:
            raise ValueError("source model features do not match ArticleSignals; refit it")
        return cls(
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) if v > 0 else 1.0 for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
            intercept=float(data["intercept"]),
            clip=float(data["clip"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": list(SIGNAL_NAMES),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "clip": self.clip,
            **dict(self.meta),
        }

    def contributions(self, signals: ArticleSignals) -> dict[str, float]:
        """Each signal's points above or below the intercept."""
        out = {}
        for name, mean, scale, coef in zip(
            SIGNAL_NAMES, self.mean, self.scale, self.coef, strict=True
        ):
            if coef:
                z = max(-self.clip, min(self.clip, (getattr(signals, name) - mean) / scale))
                out[name] = coef * z
        return out

    def rating(self, signals: ArticleSignals) -> float:
        """The expected 0-100 rating of the source, judging by this one article."""
        value = self.intercept + sum(self.contributions(signals).values())
        return max(0.0, min(100.0, value))


def load_source_model(path: str | Path | None = None) -> SourceModel:
    if path is None:
        return _shipped()
    return SourceModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def _shipped() -> SourceModel:
    return SourceModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
