"""The JSON report, schema newsaudit/report@1 (see CONTRACT.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from audit import __version__
from audit.formatters import DEFAULT_OPTIONS, RenderOptions, finding_count
from audit.results import ArticleResult, RunResult
from audit.runtime.records import finding_dicts
from audit.sources.crosscheck import article_json, story_json
from audit.sources.model import load_source_model
from audit.sources.ranking import ranking_dict, signals_of
from audit.text.admission import Unscored

SCHEMA = "newsaudit/report@1"
TOOL = {"name": "newsaudit", "version": __version__}


def report_dict(run: RunResult, lazily: bool = False) -> dict[str, Any]:
    """The report; `lazily`, its articles are an iterator that builds each on demand."""
    articles = (article_object(run, i) for i in range(len(run.articles)))
    return {
        "schema": SCHEMA,
        "tool": TOOL,
        "summary": summary(run),
        "articles": articles if lazily else list(articles),
        "sources": [s.to_dict() for s in run.sources],
        "ranking": ranking_dict(run.rules),
        "crosscheck": {"stories": stories_dict(run)},
        "errors": [e.to_dict() for e in run.errors],
        "skipped": list(run.skipped),
        "notices": list(run.notices),
    }


def article_object(run: RunResult, index: int) -> dict[str, Any]:
    """The report's object for the run's article at `index` (what `newsaudit serve` answers)."""
    return {**article_dict(run.articles[index]), **cross_source_dict(run, index)}


def summary(run: RunResult) -> dict[str, int]:
    return {
        "articles": len(run.articles),
        "refused": len(run.errors),
        "not_scored": sum(isinstance(e, Unscored) for e in run.errors),
        "skipped": len(run.skipped),
        "sources": len(run.sources),
        "findings": finding_count(run),
    }


def article_dict(result: ArticleResult) -> dict[str, Any]:
    doc = result.document
    style = result.style
    return {
        "id": doc.id,
        "path": doc.path,
        "source": doc.source,
        "title": doc.title,
        "score": result.score.score,
        "ai_probability": None if style.probability is None else round(style.probability, 4),
        "words": doc.structure.word_count,
        "categories": {name: c.to_dict() for name, c in result.score.categories.items()},
        "ai_style": {
            "probability": None if style.probability is None else round(style.probability, 4),
            "abstained": style.reason,
            "calibrated_at_prior": style.prior,
            "top_features": [
                {"feature": name, "contribution": round(value, 4)}
                for name, value in style.top_features
            ],
        },
        "readability": None if result.readability is None else result.readability.to_dict(),
        "fix_first": [p.to_dict() for p in result.fix_first],
        "metadata": doc.metadata,
        "findings": finding_dicts(result.findings),
        "suppressed": [
            {**s.finding.to_dict(), "by": s.by, "reason": s.reason} for s in result.suppressed
        ],
    }


def cross_source_dict(run: RunResult, index: int) -> dict[str, Any]:
    """What the article tells about its source (signals) and what other sources say (crosscheck)."""
    article = run.articles[index]
    check = run.crosscheck.articles[index] if run.crosscheck else None
    return {
        "signals": signals_of(article).to_dict(),
        "signal_rating": round(load_source_model().rating(signals_of(article)), 1),
        "crosscheck": article_json(check, run.articles) if check else None,
    }


def stories_dict(run: RunResult) -> list[dict[str, Any]]:
    if run.crosscheck is None:
        return []
    return [story_json(s, run.crosscheck, run.articles) for s in run.crosscheck.stories]


_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(pieces_by_record(report_dict(run)))


def write(run: RunResult, out: TextIO) -> None:
    """The report written a record at a time: a large run's report is never one string, and
    its article objects are built one by one as they are written."""
    report = report_dict(run, lazily=True)
    for piece in pieces_by_record(report):
        out.write(piece)


def pieces_by_record(report: dict[str, Any]) -> Iterator[str]:
    """One top-level key per line and one list item (an article, a source) per line; a list
    may be an iterator, consumed as it is written.

    `json.dumps(indent=...)` runs Python's slow encoder; compact items go through
    the C encoder, about three times faster, and the file still diffs by record.
    """
    yield "{\n"
    for n, (key, value) in enumerate(report.items()):
        comma = "," if n < len(report) - 1 else ""
        items = iter(value) if isinstance(value, list | Iterator) else None
        first = next(items, _END) if items is not None else _END
        if first is _END:
            yield f"  {_compact(key)}: {_compact([] if items is not None else value)}{comma}\n"
            continue
        yield f"  {_compact(key)}: [\n"
        item = first
        for following in items:
            yield f"    {_compact(item)},\n"
            item = following
        yield f"    {_compact(item)}\n"
        yield f"  ]{comma}\n"
    yield "}\n"


_END = object()
