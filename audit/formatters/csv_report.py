"""CSV: one row per finding, or (--per-source) one row per source, for spreadsheets and pandas.

A refused input, or an article that cannot be scored (another language, too short), is a
row with no rule and no score: its category says why ("refused", "language", "too_short")."""

from __future__ import annotations

import csv
import io
from collections import Counter

from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import RunResult
from audit.rules.docs import doc_path
from audit.rules.model import LEVELS, Finding
from audit.text.admission import Unscored

COLUMNS = (
    "article", "path", "source", "article_score", "rule", "category", "level", "confidence",
    "line", "column", "start", "end", "text", "message", "docs",
)  # fmt: skip
SOURCE_COLUMNS = (
    "rank", "source", "score", "mean", "articles", "findings", *LEVELS,
    "prior", "signals", "defects", "partial",
)  # fmt: skip


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """One row per finding and per refused input, or with `per_source` one row per source."""
    if options.per_source:
        return _per_source(run)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for article in run.articles:
        doc = article.document
        for f in article.findings:
            writer.writerow(
                _finding_row(doc.id, doc.path or "", doc.source, article.score.score, f)
            )
    for error in run.errors:  # every input is accounted for: a refused one is a row without a rule
        unscored = error if isinstance(error, Unscored) else None
        writer.writerow((
            unscored.id if unscored else "", error.path, unscored.source if unscored else "", "",
            "", unscored.kind if unscored else "refused", "error" if error.blocking else "info",
            "", error.line or "", "", "", "", "", error.reason, "",
        ))  # fmt: skip
        for f in unscored.findings if unscored else ():  # a short text's page defects
            writer.writerow(_finding_row(unscored.id, error.path, unscored.source, "", f))
    return out.getvalue()


def _finding_row(article_id: str, path: str, source: str, score: object, f: Finding) -> tuple:
    """One finding's row of COLUMNS, for a scored article or a short text (score "")."""
    return (
        article_id, path, source, score, f.rule, f.category, f.level, f.confidence,
        f.line, f.column, f.start, f.end, f.text, f.message, doc_path(f.rule),
    )  # fmt: skip


def _per_source(run: RunResult) -> str:
    """The source ranking with each source's findings counted by level."""
    levels: dict[str, Counter[str]] = {}
    for article in run.articles:
        counts = levels.setdefault(article.document.source, Counter())
        counts.update(f.level for f in article.findings)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    for s in run.sources:
        counts = levels.get(s.source, Counter())
        writer.writerow((
            s.rank, s.source, s.score, s.mean, s.articles, sum(counts.values()),
            *(counts[level] for level in LEVELS),
            s.prior, s.parts.get("signals"), s.parts.get("defects"), str(s.partial).lower(),
        ))  # fmt: skip
    return out.getvalue()
