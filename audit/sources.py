"""Rank sources: article evidence, shrunk toward the corpus mean, with an uncertainty interval.

Each article contributes one number of evidence about its source: its audit
score (findings, sourcing, AI style; audit/scoring.py) blended with the rating
the fitted source model reads from its rater signals (audit/source_model.py).
A source's score is the mean of its articles' evidence under a normal
random-effects model: a source with two articles is pulled hard toward the
corpus mean and gets a wide interval; one with forty keeps its own mean and a
narrow one. docs/scoring.md gives the formula and the sort rule.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import fmean
from typing import TYPE_CHECKING, Any

from audit.features.attribution import profile
from audit.source_model import SourceModel, load_source_model
from audit.source_signals import ArticleSignals, article_signals, source_signals

if TYPE_CHECKING:
    from audit.run import ArticleResult

AUDIT_WEIGHT = (
    0.25  # share of an article's evidence that is its audit score; the rest is the signal rating
)
Z95 = 1.96
# Used when the corpus cannot estimate them (fewer than MIN_DF within-source degrees of freedom,
# or fewer than MIN_SOURCES sources): the spreads measured on the development set.
DEFAULT_WITHIN_SD = 6.0
DEFAULT_BETWEEN_SD = 6.0
MIN_SD = 1.0
MIN_PRIOR_ARTICLES = 1.0  # the corpus mean always counts as at least one average article
MIN_DF = 10
MIN_SOURCES = 5
CATEGORIES = ("ai_disclaimer", "unsupported_claim", "hedging", "boilerplate", "clutter", "ai_style")


@dataclass(frozen=True)
class SourceScore:
    source: str
    rank: int
    score: float  # posterior mean of its articles' evidence: the ranking key
    mean: float  # plain mean of its articles' evidence
    articles: int
    low: float = 0.0  # 95% interval of the score
    high: float = 100.0
    audit_score: float | None = None  # mean audit score of its articles
    signal_rating: float | None = None  # mean rating the source model reads from its articles
    signals: dict[str, float] = field(default_factory=dict)  # the rater's checklist, as shares
    categories: dict[str, float] = field(default_factory=dict)  # mean category scores
    problems: tuple[dict[str, Any], ...] = ()  # the most frequent rule per category

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "rank": self.rank,
            "score": self.score,
            "mean": self.mean,
            "articles": self.articles,
            "interval": [self.low, self.high],
        }
        if self.audit_score is not None:
            out["audit_score"] = self.audit_score
            out["signal_rating"] = self.signal_rating
            out["signals"] = self.signals
            out["categories"] = self.categories
            out["problems"] = list(self.problems)
        return out


@dataclass(frozen=True)
class Spread:
    """The normal random-effects model behind the shrinkage."""

    centre: float  # corpus mean of the article evidence
    within_sd: float  # spread of articles around their source's mean
    between_sd: float  # spread of true source means around the corpus mean

    @property
    def prior_articles(self) -> float:
        """How many average articles the corpus mean counts as: (within / between)², at least one."""
        return max(MIN_PRIOR_ARTICLES, (self.within_sd / self.between_sd) ** 2)


def rank_sources(scored: Sequence[tuple[str, float]]) -> list[SourceScore]:
    """`scored` holds one (source, article evidence) pair per article."""
    if not scored:
        return []
    by_source: dict[str, list[float]] = {}
    for source, value in scored:
        by_source.setdefault(source, []).append(value)
    spread = estimate_spread(by_source)
    rows = []
    for source, values in by_source.items():
        score, low, high = posterior(values, spread)
        rows.append(SourceScore(source, 0, score, round(fmean(values), 1), len(values), low, high))
    rows.sort(key=lambda s: (-s.score, -s.low, -s.articles, s.source))
    return [replace(row, rank=i) for i, row in enumerate(rows, start=1)]


def rank_articles(
    articles: Sequence[ArticleResult], model: SourceModel | None = None
) -> list[SourceScore]:
    """Rank the sources of audited articles, with each source's checklist and main problems."""
    model = model or load_source_model()
    signals = [signals_of(a) for a in articles]
    ratings = [model.rating(s) for s in signals]
    evidence = [
        article_evidence(a.score.score, rating) for a, rating in zip(articles, ratings, strict=True)
    ]
    ranked = rank_sources([(a.document.source, e) for a, e in zip(articles, evidence, strict=True)])
    members: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        members.setdefault(article.document.source, []).append(i)
    out = []
    for row in ranked:
        mine = members[row.source]
        items = [articles[i] for i in mine]
        out.append(
            replace(
                row,
                audit_score=round(fmean(a.score.score for a in items), 1),
                signal_rating=round(fmean(ratings[i] for i in mine), 1),
                signals=source_signals(signals[i] for i in mine),
                categories={
                    c: round(fmean(a.score.categories[c].score for a in items), 1)
                    for c in CATEGORIES
                    if all(c in a.score.categories for a in items)
                },
                problems=main_problems(items),
            )
        )
    return out


def article_evidence(audit_score: float, rating: float) -> float:
    """What one article says about its source, 0-100."""
    return AUDIT_WEIGHT * audit_score + (1 - AUDIT_WEIGHT) * rating


def signals_of(article: ArticleResult) -> ArticleSignals:
    """The article's signals, computed now if the auditor did not attach them."""
    if article.signals is not None:
        return article.signals
    doc = article.document
    return article_signals(doc, article.findings, profile(doc), article.style.probability)


def estimate_spread(by_source: dict[str, list[float]]) -> Spread:
    """Within- and between-source spreads by the method of moments, or the defaults."""
    values = [v for vs in by_source.values() for v in vs]
    centre = fmean(values)
    df = sum(len(vs) - 1 for vs in by_source.values())
    within_var = DEFAULT_WITHIN_SD**2
    if df >= MIN_DF:
        squares = sum((v - fmean(vs)) ** 2 for vs in by_source.values() for v in vs)
        within_var = max(squares / df, MIN_SD**2)
    between_var = DEFAULT_BETWEEN_SD**2
    if len(by_source) >= MIN_SOURCES and df >= MIN_DF:
        means = [fmean(vs) for vs in by_source.values()]
        grand = fmean(means)
        observed = sum((m - grand) ** 2 for m in means) / (len(means) - 1)
        noise = fmean(within_var / len(vs) for vs in by_source.values())
        between_var = max(observed - noise, MIN_SD**2)
    return Spread(centre, math.sqrt(within_var), math.sqrt(between_var))


def posterior(values: Sequence[float], spread: Spread) -> tuple[float, float, float]:
    """Posterior mean and 95% interval of a source's true mean evidence."""
    prior = spread.prior_articles
    weight = len(values) + prior
    mean = (sum(values) + prior * spread.centre) / weight
    half = Z95 * spread.within_sd / math.sqrt(weight)
    return round(mean, 1), round(max(0.0, mean - half), 1), round(min(100.0, mean + half), 1)


def main_problems(articles: Sequence[ArticleResult]) -> tuple[dict[str, Any], ...]:
    """Per category, the rule that fired most often across the source's articles."""
    out = []
    for category in CATEGORIES:
        rules = Counter(f.rule for a in articles for f in a.findings if f.category == category)
        if rules:
            rule, count = min(rules.items(), key=lambda item: (-item[1], item[0]))
            total = sum(rules.values())
            out.append({"category": category, "rule": rule, "findings": count, "total": total})
    return tuple(out)
