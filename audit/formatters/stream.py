"""`--format stream`: JSON lines written as articles are audited, schema newsaudit/stream@1.

The first line names the schema; then one `article` line per audited article
(the JSON report's article object, without its crosscheck) or `error` line per
refused input, in input order; the last line, `summary`, carries the counts,
the source ranking, skipped files and notices. Every line parses alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from audit.formatters.json_report import TOOL, article_dict
from audit.ingest.model import InputError
from audit.results import MEASURES, ArticleResult
from audit.runtime.stream import StreamedRun
from audit.sources.ranking import signals_of
from audit.text.admission import Unscored

SCHEMA = "newsaudit/stream@1"

_line = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def write_stream(
    items: Iterable[ArticleResult | InputError], run: StreamedRun, out: TextIO
) -> None:
    """Write each item as it comes, then the summary once `items` is exhausted."""
    model = run.tallies.model
    out.write(_line({"kind": "run", "schema": SCHEMA, "tool": TOOL}) + "\n")
    for item in items:
        if isinstance(item, InputError):
            record: dict[str, Any] = item.line_dict()
        else:
            signals = signals_of(item)
            record = {
                "kind": "article",
                **article_dict(item),
                "signals": signals.to_dict(),
                "signal_rating": round(model.rating(signals), 1),
            }
        out.write(_line(record) + "\n")
    sources = run.tallies.rank()
    summary = {
        "kind": "summary",
        "summary": {
            "articles": run.articles,
            "refused": len(run.errors),
            "not_scored": sum(isinstance(e, Unscored) for e in run.errors),
            "skipped": len(run.skipped),
            "sources": len(sources),
            "findings": run.findings,
        },
        "sources": [s.to_dict() for s in sources],
        "ranking": {
            "partial": run.tallies.partial,
            "measures": MEASURES,
        },
        "skipped": list(run.skipped),
        "notices": [str(note) for note in run.notes],
    }
    out.write(_line(summary) + "\n")
