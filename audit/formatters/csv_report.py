"""CSV: one row per finding, for spreadsheets and pandas."""

from __future__ import annotations

import csv
import io

from audit.run import RunResult

COLUMNS = (
    "article", "path", "source", "article_score", "rule", "category", "level", "confidence",
    "line", "column", "start", "end", "text", "message",
)  # fmt: skip


def render(run: RunResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for article in run.articles:
        doc = article.document
        for f in article.findings:
            writer.writerow((
                doc.id, doc.path or "", doc.source, article.score.score, f.rule, f.category, f.level,
                f.confidence, f.line, f.column, f.start, f.end, f.text, f.message,
            ))  # fmt: skip
    return out.getvalue()
