"""One audit run: read the corpus, audit each article, rank the sources.

The RunResult is the single object every formatter reads; formatters never
re-run rules.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from audit.features.ai_style import style_of
from audit.features.attribution import sentence_patterns, sourcing, subject_gate
from audit.features.claims import gate as claim_gate
from audit.features.pattern_gate import Gates
from audit.ingest import read_corpus
from audit.ingest.clean import shown_name
from audit.ingest.model import InputError, InputNote, ReadOptions
from audit.models.analysis import Analysis
from audit.models.load import Models, shipped_models
from audit.results import ArticleResult, RunResult, Suppressed
from audit.rules.engine import Engine, RuleStop
from audit.rules.model import Finding
from audit.rules.registry import Registry
from audit.runtime.execute import AuditEngine, Job, local
from audit.runtime.records import held
from audit.scoring.article import MACHINE_PROSE, ScoringPolicy, score_article
from audit.scoring.priorities import fix_first
from audit.scoring.readability import readability_of
from audit.sources.crosscheck import crosscheck
from audit.sources.ranking import partial_note, rank_articles, skipped_rules
from audit.sources.signals import article_signals, headline
from audit.style import StyleEstimate
from audit.text.admission import Admission, Unscored, length_free_rules
from audit.text.document import Document
from audit.text.prose import prose_sentences
from audit.text.segment import Unsegmented

FREEZE_EVERY = 256  # results between two freezes of the cyclic collector's view (Auditor.run)


# A review sees an article's findings before they are scored and returns the ones
# to report and the ones suppressed (config, front matter, baseline: audit/review/article.py).
Review = Callable[
    [Document, str | None, tuple[Finding, ...]],
    tuple[tuple[Finding, ...], tuple[Suppressed, ...]],
]


class Auditor:
    """Audits documents with rules compiled once."""

    def __init__(
        self,
        registry: Registry,
        policy: ScoringPolicy | None = None,
        review: Review | None = None,
        models: Models | None = None,
        admission: Admission | None = None,
    ):
        self.registry = registry
        self.engine: Engine = registry.engine()
        self.policy = policy or ScoringPolicy.of(registry.families)
        self.review = review
        self.models = models or shipped_models()  # every stage reads these, passed in
        self.admission = admission or Admission()  # what a run refuses to score
        # Its own gates for the checks that search many texts, built on first use.
        self.gates = Gates(claim_gate(), subject_gate(), sentence_patterns())
        self.rules_by_id = {rule.id: rule for rule in registry.rules}

    @cached_property
    def short_engine(self) -> Engine:
        """What a text too short to score is still checked for (audit/text/admission.py),
        compiled when a run first meets such a text: compiling it costs a one-draft check
        about 15 ms, and most runs never need it."""
        registry = self.registry
        return Registry(
            length_free_rules(registry.rules, registry.families), registry.families
        ).engine()

    def audit(self, doc: Document, location: str | None = None) -> ArticleResult:
        doc = self.with_models(doc)
        findings = tuple(self.engine.run(doc))
        style = style_of(doc)
        suppressed: tuple[Suppressed, ...] = ()
        if self.review is not None:
            findings, suppressed = self.review(doc, location, findings)
        profile = sourcing(doc)
        score = score_article(doc, findings, profile, style.probability, self.policy)
        signals = article_signals(doc, findings, profile, style.probability)
        priorities = fix_first(findings, score, self.rules_by_id, self.policy)
        return ArticleResult(
            doc,
            findings,
            score,
            style,
            location,
            suppressed,
            signals,
            priorities,
            readability_of(doc),
            headline(doc, findings) or doc.id,
            _machine_like(doc, findings, style, self.models.style.threshold),
        )

    def admit(self, article: Unsegmented, location: str | None) -> Unsegmented | Unscored:
        """The article, or why it is not scored; a text too short to score carries the
        findings of the rules that need no length, reviewed as an audit's are."""
        refusal = self.admission.refusal(article)
        if refusal is None or refusal.kind != "too_short" or not self.short_engine.rules:
            return refusal or article
        doc = self.with_models(article.build())
        findings = tuple(self.short_engine.run(doc))
        self.short_engine.stopped.clear()
        if self.review is not None:
            findings, _ = self.review(doc, location, findings)
        return replace(refusal, findings=findings)

    def with_models(self, doc: Document) -> Document:
        """The document with an analysis by this auditor's models (a fresh one when the
        document was analysed with others)."""
        if doc.analysis.models is self.models:
            return doc
        return replace(doc, analysis=Analysis(self.models))

    def run(
        self,
        paths: Iterable[str],
        read: ReadOptions | None = None,
        jobs: int = 1,
        engine: AuditEngine | None = None,
        progress: Progress | None = None,
        freeze: Freeze | None = None,
    ) -> RunResult:
        """Audit every input and rank the sources. The engine (default: `jobs` local
        processes) never changes the result: articles come back in input order. `freeze`:
        the caller's hold on the cyclic collector (records.held), which keeps the results
        out of its walks until the caller's report is written; without it, the run holds
        them only while it runs."""
        documents: list[Job] = []
        errors: list[InputError] = []
        skipped: list[str] = []
        notes: list[InputNote] = []
        for item, location in _read(paths, read, skipped, notes, self.admit):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                documents.append((item, location))
        return self.audit_documents(
            documents, errors, skipped, notes, jobs, engine, progress, freeze
        )

    def audit_documents(
        self,
        documents: list[Job],
        errors: Sequence[InputError] = (),
        skipped: Sequence[str] = (),
        notes: Sequence[InputNote] = (),
        jobs: int = 1,
        engine: AuditEngine | None = None,
        progress: Progress | None = None,
        freeze: Freeze | None = None,
        rank: bool = True,
    ) -> RunResult:
        """Audit documents already read (from files, or records a service received). The list
        is handed over: emptied as the engine takes its jobs, so that what was read is not
        held beside what was audited (nor inherited by the cross-source check's workers).
        Without `rank` the run has no source ranking (a one-article check reports none)."""
        self.engine.new_run()  # rules an earlier run of this auditor stopped are tried again
        errors = list(errors)
        articles: list[ArticleResult] = []
        stops: dict[tuple[str, ...], RuleStop] = {}
        total = len(documents)
        jobs_left = _handed_over(documents)
        # Results are kept to the end: the cyclic collector leaves them.
        with held() if freeze is None else nullcontext(freeze) as freeze:
            for done, (article, stopped) in enumerate((engine or local(jobs))(self, jobs_left), 1):
                if isinstance(article, InputError):
                    errors.append(article)
                else:
                    articles.append(article)
                _collect(stops, stopped)
                if progress is not None:
                    progress(done, total)
                if done % FREEZE_EVERY == 0:
                    freeze()
            errors.extend(_stop_errors(stops))
            return RunResult(
                tuple(articles),
                tuple(
                    rank_articles(
                        articles,
                        self.models.source,
                        partial=bool(skipped_rules(self.registry.rules)),
                        families=self.registry.families,
                    )
                    if rank
                    else ()
                ),
                tuple(errors),
                self.registry.rules,
                tuple(skipped),
                tuple(str(note) for note in notes),
                # Forking beside a Dask client's threads could inherit a held lock.
                crosscheck(articles, jobs if engine is None else 1),
                self.models,
                self.registry.families,
                ranking_note=partial_note(self.registry.rules),
            )

    def stream(
        self,
        paths: Iterable[str],
        read: ReadOptions | None = None,
        jobs: int = 1,
        skipped: list[str] | None = None,
        notes: list[InputNote] | None = None,
    ) -> Iterator[ArticleResult | InputError]:
        """Articles and refused inputs in input order, as they are audited: only a window of
        the corpus is in memory at a time, whatever its size."""
        refused: deque[tuple[int, InputError]] = deque()  # (documents read before it, error)
        read_count = 0

        def documents() -> Iterator[Job]:
            nonlocal read_count
            for item, location in _read(paths, read, skipped, notes, self.admit):
                if isinstance(item, InputError):
                    refused.append((read_count, item))
                else:
                    read_count += 1
                    yield item, location

        stops: dict[tuple[str, ...], RuleStop] = {}
        for done, (article, stopped) in enumerate(local(jobs)(self, documents())):
            while refused and refused[0][0] <= done:
                yield refused.popleft()[1]
            yield article
            _collect(stops, stopped)
        yield from (error for _, error in refused)
        yield from _stop_errors(stops)


# Freezes what exists now out of the cyclic collector's walks (records.held).
Freeze = Callable[[], None]

# Called after each audited article with (articles done, articles in the run if known).
Progress = Callable[[int, int | None], None]


def _read(
    paths: Iterable[str],
    read: ReadOptions | None,
    skipped: list[str] | None,
    notes: list[InputNote] | None,
    admit: Callable[[Unsegmented, str | None], Unsegmented | Unscored],
) -> Iterator[tuple[Unsegmented | InputError, str | None]]:
    """Every input as read, an article that cannot be scored turned into its refusal."""
    for given in paths:
        for item in read_corpus([given], read or ReadOptions(), skipped, notes, segmented=False):
            if isinstance(item, Unsegmented):
                item = admit(item, _location(given, item))
            yield item, None if isinstance(item, InputError) else _location(given, item)


def _handed_over(documents: list[Job]) -> Iterator[Job]:
    """The jobs in order, each dropped from the list as it is taken."""
    documents.reverse()
    while documents:
        yield documents.pop()


def _collect(stops: dict[tuple[str, ...], RuleStop], stopped: Iterable[RuleStop]) -> None:
    for stop in stopped:
        stops.setdefault(stop.rules, stop)


def _stop_errors(stops: dict[tuple[str, ...], RuleStop]) -> list[InputError]:
    """A rule stopped by its time budget leaves the run incomplete: an error, named by pack."""
    return [InputError(stop.pack, None, stop.reason()) for stop in stops.values()]


def given_folder(given: str) -> bool:
    try:
        return Path(given).is_dir()
    except OSError:
        return False


def _location(given: str, doc: Unsegmented) -> str | None:
    """Where an article's file is, as the user named it: CI annotations and path rules need it."""
    if given == "-":
        return None
    if doc.path and given_folder(given):
        return (Path(shown_name(given)) / doc.path).as_posix()
    return shown_name(given)


def _machine_like(
    doc: Document, findings: Sequence[Finding], style: StyleEstimate, threshold: float
) -> tuple[tuple[int, int, float], ...]:
    """Body sentences whose sliding window reads machine-written, only in an article AIS001
    flagged: the same standard as the finding, so a human article is never underlined for a
    noisy three-sentence window."""
    scores = style.sentence_scores
    if not scores or not any(f.rule == MACHINE_PROSE for f in findings):
        return ()
    return tuple(
        (s.start, s.end, score)
        for s, score in zip(prose_sentences(doc.structure), scores, strict=False)
        if score >= threshold
    )
