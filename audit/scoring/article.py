"""Article scores derived from findings and features; the formula is in docs/scoring.md.

Deterministic and explainable: every category score comes from the findings
listed under it (weighted by level and confidence), the attribution profile and
the AI-style estimate, and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from audit.features.attribution import ANONYMOUS, INSTITUTIONAL, NAMED, VAGUE, Profile
from audit.rules.model import Family, Finding
from audit.rules.registry import builtin_families
from audit.text.document import Document

MACHINE_PROSE = "AIS001"  # the finding that lets ai_probability cap the article's score
LEVEL_POINTS = {"info": 1.0, "warning": 3.0, "error": 10.0}
CONFIDENCE_FACTOR = {"low": 0.5, "medium": 0.75, "high": 1.0}


@dataclass(frozen=True)
class ScoringPolicy:
    """The knobs of the formula: each family's half points and weight as its pack declares
    them (docs/scoring.md), with a configuration's overrides."""

    # Points at which a category's score falls to 50, per category, in the families' order.
    half_points: dict[str, float] = field(default_factory=lambda: _half_points(builtin_families()))
    # Categories whose points are per 500 words (style); the others count per article (page defects).
    length_normalised: frozenset[str] = field(
        default_factory=lambda: _per_words(builtin_families())
    )
    weights: dict[str, float] = field(default_factory=lambda: _weights(builtin_families()))
    sourcing_credit: float = 0.6  # share of the unsupported-claim gap that named sourcing can close
    disclosed_ai_cap: float = 40.0  # overall ceiling when an error-level AI disclaimer is found

    @classmethod
    def of(cls, families: Sequence[Family]) -> ScoringPolicy:
        """The policy the families declare (a house pack's family included)."""
        return cls(_half_points(families), _per_words(families), _weights(families))


def _half_points(families: Sequence[Family]) -> dict[str, float]:
    return {f.category: f.half_points for f in families}


def _per_words(families: Sequence[Family]) -> frozenset[str]:
    return frozenset(f.category for f in families if f.per_words)


def _weights(families: Sequence[Family]) -> dict[str, float]:
    return {f.category: f.weight for f in families}


@dataclass(frozen=True)
class CategoryScore:
    score: float
    findings: int
    points: float
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "findings": self.findings,
            "points": self.points,
            **self.details,
        }


@dataclass(frozen=True)
class ArticleScore:
    score: float
    categories: dict[str, CategoryScore]


def score_article(
    doc: Document,
    findings: Sequence[Finding],
    sourcing: Profile,
    ai_probability: float | None,
    policy: ScoringPolicy,
) -> ArticleScore:
    words = doc.structure.word_count
    by_category: dict[str, list[Finding]] = {}
    for f in findings:  # one pass, each category's findings in their order
        by_category.setdefault(f.category, []).append(f)
    categories: dict[str, CategoryScore] = {}
    for category, half in policy.half_points.items():
        mine = by_category.get(category, [])
        points = sum(LEVEL_POINTS[f.level] * CONFIDENCE_FACTOR[f.confidence] for f in mine)
        if category in policy.length_normalised:
            points *= 500 / max(words, 300)
        score = 100.0 / (1.0 + points / half)
        details: dict[str, Any] = {}
        if category == "unsupported_claim":
            credit = sourcing_strength(sourcing)
            score += (100.0 - score) * credit * policy.sourcing_credit
            details = {
                "named_sources": sourcing.counts.get(NAMED, 0),
                "named_quotes": sourcing.named_quotes,
                "institutional": sourcing.counts.get(INSTITUTIONAL, 0),
                "anonymous": sourcing.counts.get(ANONYMOUS, 0),
                "vague": sourcing.counts.get(VAGUE, 0),
                "sourcing_credit": round(credit, 3),
            }
        if category == "ai_style" and ai_probability is not None and _flags_machine_prose(mine):
            score = min(score, 100.0 * (1.0 - ai_probability))
        categories[category] = CategoryScore(round(score, 1), len(mine), round(points, 2), details)
    total_weight = sum(policy.weights[c] for c in categories)
    overall = sum(policy.weights[c] * categories[c].score for c in categories) / total_weight
    if any(f.level == "error" for f in by_category.get("ai_disclaimer", ())):
        overall = min(overall, policy.disclosed_ai_cap)
    if not 0.0 <= overall <= 100.0:  # NaN included: it would pass every --min-score gate
        raise ValueError(f"the overall score is {overall!r}, not a number from 0 to 100")
    return ArticleScore(round(overall, 1), categories)


def _flags_machine_prose(findings: Sequence[Finding]) -> bool:
    """The AI-style probability caps the score only when AIS001 fired, i.e. when the model
    was confident enough to accuse (its threshold keeps false alarms on human text near
    1 %); below that the probability is an estimate, not a finding."""
    return any(f.rule == MACHINE_PROSE for f in findings)


def sourcing_strength(sourcing: Profile) -> float:
    """0 to 1: how well accountable sources carry the article.

    A quoted named source counts 3, a named one 1, an institutional one 0.25;
    six points saturate it (say, two quoted named sources).
    """
    named = sourcing.counts.get(NAMED, 0)
    institutional = sourcing.counts.get(INSTITUTIONAL, 0)
    return min(1.0, (2 * sourcing.named_quotes + named + 0.25 * institutional) / 6)
