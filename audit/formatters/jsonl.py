"""JSON lines: one self-contained object per finding, then one per refused input.

For pipelines that stream (jq, a log shipper, a CMS export step): every line
parses alone and says which article, source and rule it concerns. A line's
`kind` is "finding" or "error"; finding lines carry the fingerprint that SARIF
and the baseline use.
"""

from __future__ import annotations

import json
from typing import Any

from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import RunResult
from audit.review.fingerprint import fingerprint, keys_in_context
from audit.rules.docs import doc_path


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    lines: list[dict[str, Any]] = []
    for article in run.articles:
        doc = article.document
        keys = keys_in_context(doc, article.findings, [s.finding for s in article.suppressed])
        for finding, key in zip(article.findings, keys, strict=True):
            end_line, end_column = doc.structure.line_column(finding.end)
            lines.append({
                "kind": "finding",
                "article": doc.id,
                "path": doc.path,
                "location": article.location,
                "source": doc.source,
                "article_score": article.score.score,
                **finding.to_dict(),
                "end_line": end_line,
                "end_column": end_column,
                "fingerprint": fingerprint(doc.id, key),
                "docs": doc_path(finding.rule),
            })  # fmt: skip
    lines.extend(error.line_dict() for error in run.errors)
    return "".join(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n" for line in lines)
