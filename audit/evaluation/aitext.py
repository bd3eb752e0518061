"""`newsaudit eval aitext DATA.jsonl`: the AI-style model against texts labelled human or ai.

The figures and their report come from the style model's own evaluation
(audit/style/train.py): false alarms per outlet, recall per generator, Brier score and
calibration, texts the estimator abstains on never flagged. This adds the precision, recall
and F1 line in the format the other tasks print. The grouped cross-validated figures come
from `newsaudit model cross-validate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from audit.evaluation.data import header, load_rows
from audit.evaluation.scores import Score, format_line, score
from audit.style.data import with_groups
from audit.style.model import load_model
from audit.style.train import format_report, labels, metrics
from audit.style.train import score as style_scores


def evaluate(rows: Sequence[dict[str, Any]]) -> tuple[Score, dict[str, Any]]:
    """P/R/F1 of the `ai` class at the model's threshold (an abstention is no flag), and the
    style model's own metrics."""
    model = load_model()
    rows = [with_groups(r, "aitext", i) for i, r in enumerate(rows, start=1)]
    prob, evidence, abstained = style_scores(model, [r["text"] for r in rows])
    flagged = (evidence >= model.threshold) & np.array([a is None for a in abstained])
    found = score(flagged, labels(rows).astype(bool))
    return found, metrics(rows, prob, model.threshold, abstained, evidence)


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
