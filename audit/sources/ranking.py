"""Rank sources: article evidence, shrunk toward a fixed prior, with an uncertainty interval.

Each article contributes one number of evidence about its source: the rating
the fitted source model reads from its rater signals (audit/sources/model.py),
less a penalty for the defects its audit score finds (findings, sourcing, AI
style; audit/scoring/article.py) when that score falls below DEFECT_FLOOR.
A source's score is the mean of its articles' evidence under a normal
random-effects model whose prior ships with the model (estimated on the
training sources): a source with two articles is pulled hard toward the prior
and gets a wide interval; one with forty keeps its own mean and a narrow one.
The prior is fixed, so a source's score depends on its own articles only: not
on their order, nor on which other sources share the corpus.
docs/scoring.md gives the formula and the sort rule.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from audit.features.attribution import profile
from audit.results import MEASURES
from audit.rules.model import Family, Rule, report_categories
from audit.rules.registry import builtin_families, builtin_registry
from audit.runtime.records import rule_counts
from audit.sources.model import SourceModel, SourcePrior, load_source_model
from audit.sources.signals import CHECKLIST, ArticleSignals, article_signals

if TYPE_CHECKING:
    from audit.results import ArticleResult

# The audit score is the defect part of the evidence: every point an article's audit score falls
# short of 100 costs AUDIT_SLOPE points, and every point below DEFECT_FLOOR DEFECT_SLOPE more.
# 95% of the rated development articles (professionally published news) score above the floor;
# there the audit score hardly tracks their rating, so it counts a little (a tenth of a point,
# chosen by cross-validation: 0 to 0.2 rank the rated sources the same, and a hedge-laden,
# anonymously sourced article should not tie with a named and quoted one). Below the floor lie
# scraped pages, content farms and leaked chatbot text, which the rated data hardly contains:
# there a point costs a quarter of a point, not one, because a single finding can move the audit
# score by 25 points or more (an AI disclosure caps an article at 40, and a word deleted from it
# lifts seed 000 from 40 to 66), and its appearance or loss should move a one-article source by a
# few points, not by ten (docs/scoring.md).
AUDIT_SLOPE = 0.1
DEFECT_FLOOR = 70.0
DEFECT_SLOPE = 0.15
Z95 = 1.96
MOVED_BY = 3  # signals named per source as those that moved it most


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
    prior: float | None = None  # where every source starts (SourcePrior.mean)
    parts: dict[str, float] = field(default_factory=dict)  # score = prior + signals + defects
    moved_by: dict[str, float] = field(default_factory=dict)  # the signals that moved it most
    partial: bool = False  # ranked on a run of fewer rules than the built-in set

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "rank": self.rank,
            "score": self.score,
            "mean": self.mean,
            "articles": self.articles,
            "interval": [self.low, self.high],
            "partial": self.partial,
        }
        if self.audit_score is not None:
            out["audit_score"] = self.audit_score
            out["signal_rating"] = self.signal_rating
            out["signals"] = self.signals
            out["categories"] = self.categories
            out["problems"] = list(self.problems)
            out["prior"] = self.prior
            out["parts"] = self.parts
            out["moved_by"] = self.moved_by
        return out


def rank_sources(
    scored: Sequence[tuple[str, float]], prior: SourcePrior | None = None, partial: bool = False
) -> list[SourceScore]:
    """`scored` holds one (source, article evidence) pair per article; `prior` defaults to the
    shipped model's."""
    if not scored:
        return []
    prior = prior or load_source_model().source_prior
    by_source: dict[str, list[float]] = {}
    for source, value in scored:
        by_source.setdefault(source, []).append(value)
    rows = []
    for source, values in by_source.items():
        score, low, high = posterior(values, prior)
        rows.append(
            SourceScore(
                source, 0, score, round(_mean(values), 1), len(values), low, high, partial=partial
            )
        )
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
    contributions: Counter[str] = field(default_factory=Counter)  # summed over its articles
    categories: dict[str, array] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)  # categories some article has no score for
    rules: dict[str, Counter[str]] = field(default_factory=dict)  # category -> rule -> findings

    def add(self, article: ArticleResult, model: SourceModel, categories: Sequence[str]) -> None:
        signals = signals_of(article)
        rating = model.rating(signals)
        self.evidence.append(article_evidence(article.score.score, rating))
        self.audit.append(article.score.score)
        self.ratings.append(rating)
        self.contributions.update(model.contributions(signals))
        for name in CHECKLIST:
            self.checklist.setdefault(name, array("d")).append(getattr(signals, name))
        scored = article.score.categories
        for category in categories:
            if category in scored:
                self.categories.setdefault(category, array("d")).append(scored[category].score)
            else:
                self.incomplete.add(category)
        rules = self.rules
        for category, rule, found in rule_counts(article.findings):
            counted = rules.get(category)
            if counted is None:
                counted = rules[category] = Counter()
            counted[rule] += found

    def explain(self, prior: SourcePrior) -> tuple[dict[str, float], dict[str, float]]:
        """The score as prior + signals + defects, and the signals that moved it most (each
        signal's mean contribution, weighted as the score weighs the source's own mean)."""
        n = len(self.evidence)
        weight = n / (n + prior.articles)
        signals = weight * (_mean(self.ratings) - prior.mean)
        defects = weight * (_mean(self.evidence) - _mean(self.ratings))
        moved = sorted(self.contributions.items(), key=lambda item: (-abs(item[1]), item[0]))
        return (
            {"signals": round(signals, 1), "defects": round(defects, 1)},
            {name: round(weight * total / n, 1) for name, total in moved[:MOVED_BY]},
        )


class Tallies:
    """Per-source tallies of a run's articles, filled one article at a time. `partial`: the run
    ran fewer rules than the built-in set, so its ranking is labelled partial. `families`:
    the families scored (default: the shipped ones), listed in their report order."""

    def __init__(
        self,
        model: SourceModel | None = None,
        partial: bool = False,
        families: Sequence[Family] | None = None,
    ):
        self.model = model or load_source_model()
        self.partial = partial
        self.categories = report_categories(builtin_families() if families is None else families)
        self.sources: dict[str, SourceTally] = {}

    def add(self, article: ArticleResult) -> None:
        tally = self.sources.setdefault(article.document.source, SourceTally())
        tally.add(article, self.model, self.categories)

    def rank(self) -> list[SourceScore]:
        """Rank the sources, each with its checklist, category scores and main problems."""
        prior = self.model.source_prior
        ranked = rank_sources(
            [(source, e) for source, tally in self.sources.items() for e in tally.evidence],
            prior,
            self.partial,
        )
        out = []
        for row in ranked:
            tally = self.sources[row.source]
            parts, moved = tally.explain(prior)
            out.append(
                replace(
                    row,
                    audit_score=round(_mean(tally.audit), 1),
                    signal_rating=round(_mean(tally.ratings), 1),
                    signals={n: round(_mean(v), 3) for n, v in tally.checklist.items()},
                    categories={
                        c: round(_mean(tally.categories[c]), 1)
                        for c in self.categories
                        if c in tally.categories and c not in tally.incomplete
                    },
                    problems=main_problems(tally.rules, self.categories),
                    prior=round(prior.mean, 1),
                    parts=parts,
                    moved_by=moved,
                )
            )
        return out


def rank_articles(
    articles: Sequence[ArticleResult],
    model: SourceModel | None = None,
    partial: bool = False,
    families: Sequence[Family] | None = None,
) -> list[SourceScore]:
    """Rank the sources of audited articles, with each source's checklist and main problems."""
    tallies = Tallies(model, partial, families)
    for article in articles:
        tallies.add(article)
    return tallies.rank()


def skipped_rules(rules: Iterable[Rule]) -> tuple[str, ...]:
    """Built-in rules a run did not run (--select, --ignore): a ranking without them is partial,
    because the defect penalty and the signals that skip clutter rest on every rule's findings."""
    ran = {rule.id for rule in rules}
    return tuple(rule for rule in _builtin_rules() if rule not in ran)


def partial_note(rules: Iterable[Rule]) -> str | None:
    """The label a partial ranking carries in every output, or None for a full run."""
    skipped = skipped_rules(rules)
    if not skipped:
        return None
    total = len(_builtin_rules())
    return (
        f"partial ranking: {total - len(skipped)} of {total} built-in rules ran "
        "(--select/--ignore); its scores are not comparable with a full run's"
    )


def ranking_dict(rules: Iterable[Rule]) -> dict[str, Any]:
    """The JSON `ranking` key: whether the ranking is partial, and what the score measures."""
    skipped = skipped_rules(rules)
    return {"partial": bool(skipped), "rules_skipped": len(skipped), "measures": MEASURES}


def _builtin_rules() -> tuple[str, ...]:
    return tuple(rule.id for rule in builtin_registry().rules)


def article_evidence(audit_score: float, rating: float) -> float:
    """What one article says about its source, 0-100: its signal rating less its defects."""
    defects = AUDIT_SLOPE * (100.0 - audit_score)
    defects += DEFECT_SLOPE * max(0.0, DEFECT_FLOOR - audit_score)
    return max(0.0, rating - defects)


def signals_of(article: ArticleResult) -> ArticleSignals:
    """The article's signals, computed now if the auditor did not attach them."""
    if article.signals is not None:
        return article.signals
    doc = article.document
    return article_signals(doc, article.findings, profile(doc), article.style.probability)


def posterior(values: Sequence[float], prior: SourcePrior) -> tuple[float, float, float]:
    """Posterior mean and 95% interval of a source's true mean evidence."""
    weight = len(values) + prior.articles
    mean = (math.fsum(values) + prior.articles * prior.mean) / weight
    half = Z95 * prior.within_sd / weight**0.5
    return round(mean, 1), round(max(0.0, mean - half), 1), round(min(100.0, mean + half), 1)


def main_problems(
    rules: dict[str, Counter[str]], categories: Sequence[str]
) -> tuple[dict[str, Any], ...]:
    """Per category, the rule that fired most often across the source's articles."""
    out = []
    for category in categories:
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


def _mean(values: Sequence[float]) -> float:
    """statistics.fmean's value (its sum over its count), without importing statistics
    (fractions, decimal) at start-up."""
    return math.fsum(values) / len(values)
