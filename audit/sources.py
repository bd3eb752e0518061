"""Rank sources by their articles' scores, shrunk toward the corpus mean by how few articles they have.

A source with one good article should not outrank one with twenty good ones on
luck alone: its mean is pulled toward the corpus mean with the weight of
`prior_articles` imaginary average articles. Ties break on article count, then name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean


@dataclass(frozen=True)
class SourceScore:
    source: str
    rank: int
    score: float  # shrunk mean, used for the ranking
    mean: float  # plain mean of its article scores
    articles: int

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "rank": self.rank,
            "score": self.score,
            "mean": self.mean,
            "articles": self.articles,
        }


def rank_sources(
    scored: Sequence[tuple[str, float]], prior_articles: float = 1.0
) -> list[SourceScore]:
    """`scored` holds one (source, article score) pair per article."""
    if not scored:
        return []
    corpus_mean = fmean(score for _, score in scored)
    by_source: dict[str, list[float]] = {}
    for source, score in scored:
        by_source.setdefault(source, []).append(score)
    rows = []
    for source, scores in by_source.items():
        shrunk = (sum(scores) + prior_articles * corpus_mean) / (len(scores) + prior_articles)
        rows.append((round(shrunk, 1), round(fmean(scores), 1), len(scores), source))
    rows.sort(key=lambda row: (-row[0], -row[2], row[3]))
    return [
        SourceScore(source=source, rank=i, score=shrunk, mean=mean, articles=count)
        for i, (shrunk, mean, count, source) in enumerate(rows, start=1)
    ]
