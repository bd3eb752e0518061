"""The JSON report, schema newsaudit/report@1 (see CONTRACT.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any, TextIO

from audit import __version__
from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import ArticleResult, RunResult
from audit.rules.model import Finding
from audit.runtime.records import Findings, finding_dicts
from audit.sources.crosscheck import article_json, story_json
from audit.sources.model import load_source_model
from audit.sources.ranking import ranking_dict, signals_of
from audit.text.admission import Unscored

SCHEMA = "newsaudit/report@1"
TOOL = {"name": "newsaudit", "version": __version__}


def report_dict(run: RunResult) -> dict[str, Any]:
    """The report as one object (the service's scan answer; files are written by `write`)."""
    return _report(run, [article_object(run, i) for i in range(len(run.articles))])


def _report(run: RunResult, articles: Iterable[Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": TOOL,
        "summary": summary(run),
        "articles": articles,
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
        "findings": run.finding_count(),
    }


def article_dict(result: ArticleResult) -> dict[str, Any]:
    return {
        **_before_findings(result),
        "findings": finding_dicts(result.findings),
        **_after_findings(result),
    }


def _before_findings(result: ArticleResult) -> dict[str, Any]:
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
    }


def _after_findings(result: ArticleResult) -> dict[str, Any]:
    return {
        "suppressed": [
            {**s.finding.to_dict(), "by": s.by, "reason": s.reason} for s in result.suppressed
        ],
    }


def encoded_article(run: RunResult, index: int, tight: bool = False) -> Encoded:
    """`article_object` as the report writes it (`_compact`; `tight_json` for the service's
    answers), its findings encoded from their columns (`findings_json`) instead of a dict
    each: an article holds about a hundred."""
    result = run.articles[index]
    encode, item, key = _style(tight)
    before = encode(_before_findings(result))
    after = encode({**_after_findings(result), **cross_source_dict(run, index)})
    findings = findings_json(result.findings, tight)
    return Encoded(f'{before[:-1]}{item}"findings"{key}{findings}{item}{after[1:]}')


def findings_json(findings: Sequence[Finding], tight: bool = False) -> str:
    """`_compact(finding_dicts(findings))` (`tight_json` when tight): each rule's labels and each
    distinct message are encoded once, and a finding is its offsets and its evidence, the
    only string of its own."""
    encode, i, k = _style(tight)
    if not isinstance(findings, Findings):
        return encode(finding_dicts(findings))
    text, labels, messages, rows = findings.table()
    heads = [
        f'{{"rule"{k}{rule}{i}"category"{k}{category}{i}"level"{k}{level}{i}'
        f'"confidence"{k}{confidence}{i}"start"{k}'
        for rule, category, level, confidence in (map(_string, label) for label in labels)
    ]
    said = list(map(_string, messages))
    to_end, to_line, to_column, to_text, to_message = (
        f'{i}"{name}"{k}' for name in ("end", "line", "column", "text", "message")
    )
    items = [
        f"{heads[label]}{start}{to_end}{end}{to_line}{line}{to_column}{column}"
        f"{to_text}{_string(text[start:end])}{to_message}{said[message]}}}"
        for label, message, start, end, line, column in rows
    ]
    return f"[{i.join(items)}]"


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
tight_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_string = encode_basestring  # what `_compact` writes for a string (ensure_ascii=False)


def _style(tight: bool) -> tuple[Callable[[Any], str], str, str]:
    """The encoder and the separators between items and after keys: the report's
    (`_compact`) or, when tight, the service's answers' (`tight_json`)."""
    return (tight_json, ",", ":") if tight else (_compact, ", ", ": ")


@dataclass(frozen=True, slots=True)
class Encoded:
    """A report item already written as JSON (`pieces_by_record` writes it as it is)."""

    text: str


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(pieces_by_record(_encoded_report(run)))


def write(run: RunResult, out: TextIO) -> None:
    """The report written a record at a time: a large run's report is never one string, and
    its article objects are built one by one as they are written."""
    for piece in pieces_by_record(_encoded_report(run)):
        out.write(piece)


def _encoded_report(run: RunResult) -> dict[str, Any]:
    """The report with its articles written (`encoded_article`) one by one as they are read."""
    return _report(run, (encoded_article(run, i) for i in range(len(run.articles))))


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
            yield f"    {_item(item)},\n"
            item = following
        yield f"    {_item(item)}\n"
        yield f"  ]{comma}\n"
    yield "}\n"


def _item(item: Any) -> str:
    return item.text if isinstance(item, Encoded) else _compact(item)


_END = object()
