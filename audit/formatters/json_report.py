"""The JSON report, schema newsaudit/report@1 (see CONTRACT.md)."""

from __future__ import annotations

import json
from typing import Any

from audit import __version__
from audit.run import ArticleResult, RunResult

SCHEMA = "newsaudit/report@1"


def report_dict(run: RunResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "newsaudit", "version": __version__},
        "summary": summary(run),
        "articles": [article_dict(a) for a in run.articles],
        "sources": [s.to_dict() for s in run.sources],
        "errors": [e.to_dict() for e in run.errors],
        "skipped": list(run.skipped),
        "notices": list(run.notices),
    }


def summary(run: RunResult) -> dict[str, int]:
    return {
        "articles": len(run.articles),
        "refused": len(run.errors),
        "skipped": len(run.skipped),
        "sources": len(run.sources),
        "findings": sum(len(a.findings) for a in run.articles),
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
            "top_features": [
                {"feature": name, "contribution": round(value, 4)}
                for name, value in style.top_features
            ],
        },
        "metadata": doc.metadata,
        "findings": [f.to_dict() for f in result.findings],
        "suppressed": [
            {**s.finding.to_dict(), "by": s.by, "reason": s.reason} for s in result.suppressed
        ],
    }


def render(run: RunResult) -> str:
    return json.dumps(report_dict(run), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
