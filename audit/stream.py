"""A streamed scan: each article's record is written as soon as it is audited.

For corpora too big to hold at once (`newsaudit scan --format stream`). Only a
window of articles is in memory; of each audited article the run keeps a
RankingRow, the few numbers source ranking reads, packed small. Cross-source
analysis compares every article's text with every other's, so it needs the
whole corpus at once: it is part of `--format json`, not of the stream.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field

from audit.ingest.model import InputError, InputNote, ReadOptions
from audit.run import ArticleResult, Auditor, Progress
from audit.scoring import ArticleScore, CategoryScore
from audit.source_signals import ArticleSignals
from audit.sources import SourceScore, rank_articles, signals_of


@dataclass(frozen=True, slots=True)
class SourceOf:
    """Stands in for an article's Document in ranking, which reads only its source."""

    source: str


@dataclass(frozen=True, slots=True)
class RuleHit:
    """Stands in for a Finding in ranking, which counts rules per category."""

    rule: str
    category: str


class RankingRow:
    """What `rank_articles` reads of an ArticleResult, in a few hundred bytes."""

    __slots__ = ("_categories", "_rules", "_score", "_signals", "document")

    def __init__(self, article: ArticleResult, source: SourceOf):
        self.document = source
        self._score = article.score.score
        self._categories = tuple(
            (sys.intern(name), c.score) for name, c in article.score.categories.items()
        )
        self._signals = array("d", astuple(signals_of(article)))
        hits = Counter((sys.intern(f.rule), sys.intern(f.category)) for f in article.findings)
        self._rules = tuple(hits.items())

    @property
    def score(self) -> ArticleScore:
        return ArticleScore(
            self._score, {name: CategoryScore(value, 0, 0.0) for name, value in self._categories}
        )

    @property
    def signals(self) -> ArticleSignals:
        return ArticleSignals(*self._signals)

    @property
    def findings(self) -> tuple[RuleHit, ...]:
        return tuple(
            hit for (rule, category), n in self._rules for hit in (RuleHit(rule, category),) * n
        )


@dataclass
class StreamedRun:
    """What is left of a streamed run once its articles are written: enough to rank and account."""

    articles: int = 0
    findings: int = 0
    errors: list[InputError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[InputNote] = field(default_factory=list)
    rows: list[RankingRow] = field(default_factory=list)

    def sources(self) -> list[SourceScore]:
        return rank_articles(self.rows)  # type: ignore[arg-type]  # RankingRow reads as one


def stream(
    auditor: Auditor,
    paths: Iterable[str],
    read: ReadOptions | None,
    jobs: int,
    tally: StreamedRun,
    progress: Progress | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Audit the inputs one window at a time, keeping each article's ranking row in `tally`."""
    sources: dict[str, SourceOf] = {}
    for item in auditor.stream(paths, read, jobs, tally.skipped, tally.notes):
        if isinstance(item, InputError):
            tally.errors.append(item)
        else:
            name = item.document.source
            source = sources.get(name) or sources.setdefault(name, SourceOf(sys.intern(name)))
            tally.rows.append(RankingRow(item, source))
            tally.articles += 1
            tally.findings += len(item.findings)
            if progress is not None:
                progress(tally.articles, None)
        yield item
