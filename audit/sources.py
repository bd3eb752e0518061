"""Rank sources: article evidence, shrunk toward the corpus mean, with an uncertainty interval.

Each article contributes one number of evidence about its source: the rating
the fitted source model reads from its rater signals (audit/source_model.py),
less a penalty for the defects its audit score finds (findings, sourcing, AI
style; audit/scoring.py) when that score falls below DEFECT_FLOOR.
A source's score is the mean of its articles' evidence under a normal
random-effects model: a source with two articles is pulled hard toward the
corpus mean and gets a wide interval; one with forty keeps its own mean and a
narrow one. docs/scoring.md gives the formula and the sort rule.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import fmean
from typing import TYPE_CHECKING, Any

from audit.features.attribution import profile
from audit.source_model import SourceModel, load_source_model
from audit.source_signals import CHECKLIST, ArticleSignals, article_signals

if TYPE_CHECKING:
    from audit.run import ArticleResult

# The audit score is a defect penalty: each point an article's audit score falls below this
# costs its source one point of evidence. 95% of the rated development articles (professionally
# published news) score above it, and above it the audit score does not track their rating, so
# it only adds noise there; below it lie scraped pages, content farms and leaked chatbot text.
DEFECT_FLOOR = 70.0
Z95 = 1.96
# Used when the corpus cannot estimate them (fewer than MIN_DF within-source degrees of freedom,
# or fewer than MIN_SOURCES sources). Within: the spread of articles around their source's mean
# measured on the development set (19.1), so a tiny corpus gets honest intervals. Between: set
# equal, so the prior stays at its floor of one article (the development set gives 14.3, a prior
# of 1.8 articles, but a handful of articles cannot tell how far sources differ).
DEFAULT_WITHIN_SD = 19.0
DEFAULT_BETWEEN_SD = 19.0
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


@dataclass
class SourceTally:
    """What ranking keeps of one source's articles: a few numbers each, in flat arrays, and
    rule counts per category, so a streamed run holds some bytes per article, not articles."""

    evidence: array = field(default_factory=lambda: array("d"))
    audit: array = field(default_factory=lambda: array("d"))
    ratings: array = field(default_factory=lambda: array("d"))
    checklist: dict[str, array] = field(default_factory=dict)
    categories: dict[str, array] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)  # categories some article has no score for
    rules: dict[str, Counter[str]] = field(default_factory=dict)  # category -> rule -> findings

    def add(self, article: ArticleResult, model: SourceModel) -> None:
        signals = signals_of(article)
        rating = model.rating(signals)
        self.evidence.append(article_evidence(article.score.score, rating))
        self.audit.append(article.score.score)
        self.ratings.append(rating)
        for name in CHECKLIST:
            self.checklist.setdefault(name, array("d")).append(getattr(signals, name))
        scored = article.score.categories
        for category in CATEGORIES:
            if category in scored:
                self.categories.setdefault(category, array("d")).append(scored[category].score)
            else:
                self.incomplete.add(category)
        rules = self.rules
        for finding in article.findings:
            counted = rules.get(finding.category)
            if counted is None:  # not setdefault: that would build a Counter per finding
                counted = rules[finding.category] = Counter()
            counted[finding.rule] += 1


class Tallies:
    """Per-source tallies of a run's articles, filled one article at a time."""

    def __init__(self, model: SourceModel | None = None):
        self.model = model or load_source_model()
        self.sources: dict[str, SourceTally] = {}

    def add(self, article: ArticleResult) -> None:
        self.sources.setdefault(article.document.source, SourceTally()).add(article, self.model)

    def rank(self) -> list[SourceScore]:
        """Rank the sources, each with its checklist, category scores and main problems."""
        ranked = rank_sources(
            [(source, e) for source, tally in self.sources.items() for e in tally.evidence]
        )
        out = []
        for row in ranked:
            tally = self.sources[row.source]
            out.append(
                replace(
                    row,
                    audit_score=round(fmean(tally.audit), 1),
                    signal_rating=round(fmean(tally.ratings), 1),
                    signals={n: round(fmean(v), 3) for n, v in tally.checklist.items()},
                    categories={
                        c: round(fmean(tally.categories[c]), 1)
                        for c in CATEGORIES
                        if c in tally.categories and c not in tally.incomplete
                    },
                    problems=main_problems(tally.rules),
                )
            )
        return out


def rank_articles(
    articles: Sequence[ArticleResult], model: SourceModel | None = None
) -> list[SourceScore]:
    """Rank the sources of audited articles, with each source's checklist and main problems."""
    tallies = Tallies(model)
    for article in articles:
        tallies.add(article)
    return tallies.rank()


def article_evidence(audit_score: float, rating: float) -> float:
    """What one article says about its source, 0-100: its signal rating less its defects."""
    return max(0.0, rating - max(0.0, DEFECT_FLOOR - audit_score))


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


def main_problems(rules: dict[str, Counter[str]]) -> tuple[dict[str, Any], ...]:
    """Per category, the rule that fired most often across the source's articles."""
    out = []
    for category in CATEGORIES:
        counts = rules.get(category)
        if counts:
            rule, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
            out.append(
                {
                    "category": category,
                    "rule": rule,
                    "findings": count,
                    "total": sum(counts.values()),
                }
            )
    return tuple(out)
