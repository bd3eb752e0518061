"""One audit run: read the corpus, audit each article, rank the sources.

The RunResult is the single object every formatter reads; formatters never
re-run rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit.document import Document
from audit.features.ai_style import style_of
from audit.features.attribution import profile
from audit.ingest import MAX_BYTES, read_corpus
from audit.ingest.model import InputError
from audit.rules.engine import Engine
from audit.rules.model import Finding, Rule
from audit.rules.registry import Registry
from audit.scoring import ArticleScore, ScoringPolicy, score_article
from audit.sources import SourceScore, rank_sources
from audit.style import StyleEstimate


@dataclass(frozen=True)
class ArticleResult:
    document: Document
    findings: tuple[Finding, ...]
    score: ArticleScore
    style: StyleEstimate


@dataclass(frozen=True)
class RunResult:
    articles: tuple[ArticleResult, ...]
    sources: tuple[SourceScore, ...]
    errors: tuple[InputError, ...]
    rules: tuple[Rule, ...]
    skipped: tuple[str, ...] = ()  # documentation files a folder scan passed over


class Auditor:
    """Audits documents with rules compiled once."""

    def __init__(self, registry: Registry, policy: ScoringPolicy | None = None):
        self.registry = registry
        self.engine: Engine = registry.engine()
        self.policy = policy or ScoringPolicy()

    def audit(self, doc: Document) -> ArticleResult:
        findings = tuple(self.engine.run(doc))
        style = style_of(doc)
        score = score_article(doc, findings, profile(doc), style.probability, self.policy)
        return ArticleResult(doc, findings, score, style)

    def run(self, paths: Iterable[str], max_bytes: int = MAX_BYTES) -> RunResult:
        articles: list[ArticleResult] = []
        errors: list[InputError] = []
        skipped: list[str] = []
        for item in read_corpus(paths, max_bytes, skipped):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                articles.append(self.audit(item))
        sources = rank_sources([(a.document.source, a.score.score) for a in articles])
        return RunResult(
            tuple(articles), tuple(sources), tuple(errors), self.registry.rules, tuple(skipped)
        )
