"""One audit run: read the corpus, audit each article, rank the sources.

The RunResult is the single object every formatter reads; formatters never
re-run rules.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from audit.crosscheck import CrossCheck, crosscheck
from audit.document import Document
from audit.features.ai_style import style_of
from audit.features.attribution import profile
from audit.ingest import read_corpus
from audit.ingest.model import InputError, InputNote, ReadOptions
from audit.rules.engine import Engine, RuleStop
from audit.rules.model import Finding, Rule
from audit.rules.registry import Registry
from audit.scoring import ArticleScore, ScoringPolicy, score_article
from audit.source_signals import ArticleSignals, article_signals
from audit.sources import SourceScore, rank_articles
from audit.style import StyleEstimate


@dataclass(frozen=True)
class Suppressed:
    """A finding kept out of the result by a justified decision, for formats that record it."""

    finding: Finding
    by: str  # "front matter" | "baseline"
    reason: str | None


@dataclass(frozen=True)
class ArticleResult:
    document: Document
    findings: tuple[Finding, ...]
    score: ArticleScore
    style: StyleEstimate
    location: str | None = None  # the file as named on the command line (or inside a named folder)
    suppressed: tuple[Suppressed, ...] = ()
    signals: ArticleSignals | None = None  # what a source rater looks for (audit/source_signals.py)


# A review sees an article's findings before they are scored and returns the ones
# to report and the ones suppressed (config, front matter, baseline: audit/review.py).
Review = Callable[
    [Document, str | None, tuple[Finding, ...]],
    tuple[tuple[Finding, ...], tuple[Suppressed, ...]],
]


@dataclass(frozen=True)
class RunResult:
    articles: tuple[ArticleResult, ...]
    sources: tuple[SourceScore, ...]
    errors: tuple[InputError, ...]
    rules: tuple[Rule, ...]
    skipped: tuple[str, ...] = ()  # documentation files a folder scan passed over
    notices: tuple[str, ...] = ()  # about the run's configuration or baseline (stale entries)
    crosscheck: CrossCheck | None = None  # stories, copies and conflicts across sources


class Auditor:
    """Audits documents with rules compiled once."""

    def __init__(
        self, registry: Registry, policy: ScoringPolicy | None = None, review: Review | None = None
    ):
        self.registry = registry
        self.engine: Engine = registry.engine()
        self.policy = policy or ScoringPolicy()
        self.review = review

    def audit(self, doc: Document, location: str | None = None) -> ArticleResult:
        findings = tuple(self.engine.run(doc))
        suppressed: tuple[Suppressed, ...] = ()
        if self.review is not None:
            findings, suppressed = self.review(doc, location, findings)
        style = style_of(doc)
        sourcing = profile(doc)
        score = score_article(doc, findings, sourcing, style.probability, self.policy)
        signals = article_signals(doc, findings, sourcing, style.probability)
        return ArticleResult(doc, findings, score, style, location, suppressed, signals)

    def run(
        self, paths: Iterable[str], read: ReadOptions | None = None, jobs: int = 1
    ) -> RunResult:
        """Audit every input; with `jobs` > 1, articles are audited in worker processes
        and come back in input order, so the result is the same as with one."""
        documents: list[tuple[Document, str | None]] = []
        errors: list[InputError] = []
        skipped: list[str] = []
        notes: list[InputNote] = []
        for given in paths:
            for item in read_corpus([given], read or ReadOptions(), skipped, notes):
                if isinstance(item, InputError):
                    errors.append(item)
                else:
                    documents.append((item, _location(given, item)))
        articles, stops = self._audit_all(documents, jobs)
        # A rule stopped by its time budget leaves the run incomplete: an error, named by pack.
        errors.extend(InputError(stop.pack, None, stop.reason()) for stop in stops)
        sources = rank_articles(articles)
        return RunResult(
            tuple(articles),
            tuple(sources),
            tuple(errors),
            self.registry.rules,
            tuple(skipped),
            tuple(str(note) for note in notes),
            crosscheck(articles),
        )

    def _audit_all(
        self, documents: list[tuple[Document, str | None]], jobs: int
    ) -> tuple[list[ArticleResult], list[RuleStop]]:
        if jobs <= 1 or len(documents) < _MIN_ARTICLES_PER_JOB * jobs or not _CAN_FORK:
            articles = [self.audit(doc, location) for doc, location in documents]
            stops = list(self.engine.stopped)
            self.engine.stopped.clear()
            return articles, stops
        # Forked workers inherit this auditor (compiled rules, loaded models) without pickling.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_adopt, initargs=(self,)
        ) as pool:
            outcomes = list(pool.map(_audit_in_worker, documents, chunksize=_CHUNK))
        stops: dict[tuple[str, ...], RuleStop] = {}
        for _, stopped in outcomes:
            for stop in stopped:
                stops.setdefault(stop.rules, stop)
        return [article for article, _ in outcomes], list(stops.values())


_MIN_ARTICLES_PER_JOB = 8  # below this, starting workers costs more than it saves
_CHUNK = 4
_CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
_worker_auditor: Auditor | None = None


def _adopt(auditor: Auditor) -> None:
    global _worker_auditor
    _worker_auditor = auditor


def _audit_in_worker(job: tuple[Document, str | None]) -> tuple[ArticleResult, list[RuleStop]]:
    assert _worker_auditor is not None
    doc, location = job
    result = _worker_auditor.audit(doc, location)
    stopped = list(_worker_auditor.engine.stopped)
    _worker_auditor.engine.stopped.clear()
    return result, stopped


def _location(given: str, doc: Document) -> str | None:
    """Where an article's file is, as the user named it: CI annotations and path rules need it."""
    if given == "-":
        return None
    root = Path(given)
    if root.is_dir() and doc.path:
        return (root / doc.path).as_posix()
    return given
