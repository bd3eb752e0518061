"""The fitted part of the source score: article signals, read as evidence, to an expected rating.

It reads an article's signals (audit/sources/signals.py) and gives the 0-100
rating a NewsGuard/MBFC-style rater would be expected to give the article's
source, judging by this article alone. Three things keep one article from
saying more than it can:

- a rate read from a short article is weak evidence: every signal is pulled
  toward its prior (the training mean) by `PSEUDO_WORDS` words of average copy,
  so a 110-word article keeps 110 / (110 + PSEUDO_WORDS) of its distance from
  the prior and a 2,000-word one almost all of it;
- every signal's contribution is bounded, to `cap` points either way;
- every weight has the sign a rater would expect (named roles up, loaded words
  down); the fit may only shrink a weight to zero, never flip it, so each
  contribution reads as a reason.

The model also carries the prior a source's score starts from (`SourcePrior`),
estimated on the training sources, so that a source's score depends on its own
articles only, never on which other sources share the corpus.

Stored as plain JSON (audit/models/shipped/source.json) and evaluated with plain Python (no
pickle, no numpy needed at run time). audit/evaluation/source_fit.py fits it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from audit.models.store import check_format, read_model, shipped_path
from audit.sources.signals import SIGNAL_NAMES, ArticleSignals

MODEL_PATH = shipped_path("source")  # where the fit writes by default
FORMAT = "newsaudit-source-linear/2"

# The direction a rater expects each signal to push reliability: +1 up, -1 down. 0: shown but
# not fitted, because the article score already counts it (AI disclaimers, scraped clutter) or
# because it comes from a model retrained independently of this one (the AI-style probability;
# the attribution profile behind named_quote, named_sources and unattributed), whose scale may
# change under the fitted weights.
DIRECTION = {
    "named_quote": 0,
    "byline": 1,
    "correction": 1,
    "sponsored": -1,
    "ai_disclosure": 0,
    "clutter_share": 0,
    "headline_mismatch": -1,
    "shouting_headline": -1,
    "headline_capitals": -1,
    "named_sources": 0,
    "unattributed": 0,
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
    "ai_style": 0,
}
assert tuple(DIRECTION) == SIGNAL_NAMES
# Not shrunk toward the prior: the length is itself the amount of evidence.
UNSHRUNK = frozenset({"length"})


@dataclass(frozen=True)
class SourcePrior:
    """Where a source's score starts and how much its articles move it (a normal random-effects
    model, estimated on the training sources): the score is the mean of the source's evidence
    and `articles` average articles at `mean`."""

    mean: float  # mean evidence of a training source
    articles: float  # (within / between)²: how many average articles the prior counts as
    within_sd: float  # spread of a source's articles around its own mean, for the interval


@dataclass(frozen=True)
class SourceModel:
    """rating = intercept + Σ clamp(coef × clip((shrunk signal − mean) / scale), ±cap), 0-100."""

    prior: tuple[float, ...]  # each signal's training mean, which short articles are pulled to
    pseudo_words: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    clip: float
    cap: float  # no signal moves an article's rating more than this many points either way
    source_prior: SourcePrior
    meta: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceModel:
        check_format(data, FORMAT, "source")
        if tuple(data["features"]) != SIGNAL_NAMES:
            raise ValueError("source model features do not match ArticleSignals; refit it")
        return cls(
            prior=tuple(float(v) for v in data["prior"]),
            pseudo_words=float(data["pseudo_words"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) if v > 0 else 1.0 for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
            intercept=float(data["intercept"]),
            clip=float(data["clip"]),
            cap=float(data["cap"]),
            source_prior=SourcePrior(**{k: float(v) for k, v in data["source_prior"].items()}),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": list(SIGNAL_NAMES),
            "prior": [round(v, 6) for v in self.prior],
            "pseudo_words": self.pseudo_words,
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "clip": self.clip,
            "cap": self.cap,
            "source_prior": {k: round(v, 4) for k, v in vars(self.source_prior).items()},
            **dict(self.meta),
        }

    def shrunk(self, signals: ArticleSignals) -> dict[str, float]:
        """Each signal pulled toward its prior by `pseudo_words` words of average copy."""
        words = math.exp(signals.length)
        keep = words / (words + self.pseudo_words)
        return {
            name: value if name in UNSHRUNK else prior + (value - prior) * keep
            for name, prior, value in zip(
                SIGNAL_NAMES, self.prior, (getattr(signals, n) for n in SIGNAL_NAMES), strict=True
            )
        }

    def contributions(self, signals: ArticleSignals) -> dict[str, float]:
        """Each fitted signal's points above or below the intercept, within ±cap."""
        shrunk = self.shrunk(signals)
        out = {}
        for name, mean, scale, coef in zip(
            SIGNAL_NAMES, self.mean, self.scale, self.coef, strict=True
        ):
            if coef:
                z = max(-self.clip, min(self.clip, (shrunk[name] - mean) / scale))
                out[name] = max(-self.cap, min(self.cap, coef * z))
        return out

    def rating(self, signals: ArticleSignals) -> float:
        """The expected 0-100 rating of the source, judging by this one article."""
        value = self.intercept + sum(self.contributions(signals).values())
        return max(0.0, min(100.0, value))


def load_source_model(path: str | Path | None = None) -> SourceModel:
    if path is None:
        return _shipped()
    return SourceModel.from_dict(read_model(path))


@cache
def _shipped() -> SourceModel:
    return SourceModel.from_dict(read_model(MODEL_PATH))
