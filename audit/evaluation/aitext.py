"""`newsaudit eval aitext DATA.jsonl`: the AI-style model against texts labelled human or ai.

The figures and their report come from the style model's own evaluation
(audit/style/train.py); this adds the precision, recall and F1 line in the
format the other tasks print.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from audit.evaluation.data import header, load_rows
from audit.evaluation.scores import Score, format_line, score
from audit.style.model import load_model
from audit.style.train import format_report, labels, metrics, predict


def evaluate(rows: Sequence[dict[str, Any]]) -> tuple[Score, dict[str, Any]]:
    """P/R/F1 of the `ai` class at the model's threshold, and the style model's own metrics."""
    model = load_model()
    prob = predict(model, [r["text"] for r in rows])
    found = score(prob >= model.threshold, labels(rows).astype(bool))
    return found, metrics(rows, prob, model.threshold)


def report(path: str | Path) -> str:
    rows = load_rows(path)
    found, details = evaluate(rows)
    return (
        "\n".join(
            [
                header("aitext", path, len(rows)),
                format_line("aitext", "text", found),
                "",
                format_report(details),
            ]
        )
        + "\n"
    )
