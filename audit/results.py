"""What an audit run produces: the result of each article and of the whole run.

A leaf module: it imports no analysis code, so formatters, the review, the history and
the workers can all name these types without pulling in the pipeline that fills them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.history.store import SourcePoint
    from audit.ingest.model import InputError
    from audit.models.load import Models
    from audit.rules.model import Family, Finding, Rule
    from audit.scoring.article import ArticleScore
    from audit.scoring.priorities import Priority
    from audit.scoring.readability import Readability
    from audit.sources.crosscheck import CrossCheck
    from audit.sources.ranking import SourceScore
    from audit.sources.signals import ArticleSignals
    from audit.style import StyleEstimate
    from audit.text.document import Document

# What a run's source score is, in one sentence, for every report that shows the ranking.
MEASURES = (
    "The source score measures how closely a source's articles follow the reporting practices "
    "that reliability raters reward (named and identified sources, measured wording, clean "
    "pages, no machine-generated text); it does not fact-check: it never tells whether a claim "
    "is true."
)


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
    signals: ArticleSignals | None = None  # what a source rater looks for (sources/signals.py)
    fix_first: tuple[Priority, ...] = ()  # its most important problems (scoring/priorities.py)
    readability: Readability | None = None  # how hard its body is to read (scoring/readability.py)
    headline: str = ""  # its headline, passing over a title that is scraped clutter ("Email")
    # In an article AIS001 flagged, the body sentences whose window (the sentence and its
    # neighbours) the AI-style model scores at or above its threshold: (start, end, score).
    machine_like: tuple[tuple[int, int, float], ...] = ()


@dataclass(frozen=True)
class RunResult:
    articles: tuple[ArticleResult, ...]
    sources: tuple[SourceScore, ...]
    errors: tuple[InputError, ...]
    rules: tuple[Rule, ...]
    skipped: tuple[str, ...] = ()  # documentation files a folder scan passed over
    notices: tuple[str, ...] = ()  # about the run's configuration or baseline (stale entries)
    crosscheck: CrossCheck | None = None  # stories, copies and conflicts across sources
    # The models the run audited with and the families it scored, as declared: the Auditor
    # sets both, and the HTML report reads its highlight threshold and categories from them.
    models: Models | None = None
    families: tuple[Family, ...] = ()
    # Each source's scores in earlier runs, from a history store (the HTML report draws them).
    trends: Mapping[str, Sequence[SourcePoint]] | None = None
    ranking_note: str | None = None  # "partial ranking: ..." when built-in rules did not run

    def findings(self) -> Iterator[Finding]:
        """Every finding the run reports: each article's, then the page defects of a text too
        short to score (audit/text/admission.py), which the reports list and count too."""
        for article in self.articles:
            yield from article.findings
        for error in self.errors:
            yield from getattr(error, "findings", ())

    def finding_count(self) -> int:
        """How many findings `findings` yields, counted from each article's columns without
        building a Finding each (the reports' totals)."""
        return sum(len(a.findings) for a in self.articles) + sum(
            len(getattr(e, "findings", ())) for e in self.errors
        )
