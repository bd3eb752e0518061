"""Precision, recall and F1, counted or weighted, and the one format every report prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    positives: float  # labelled positive (weighted)
    predicted: float  # predicted positive (weighted)
    total: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "positives": self.positives,
            "predicted": self.predicted,
            "total": self.total,
        }


def score(predicted: np.ndarray, labelled: np.ndarray, weights: np.ndarray | None = None) -> Score:
    """Scores of the positive class; with `weights`, each unit counts its weight (tokens)."""
    predicted = np.asarray(predicted, dtype=bool)
    labelled = np.asarray(labelled, dtype=bool)
    w = np.ones(len(labelled)) if weights is None else np.asarray(weights, dtype=float)
    tp = float((w * (predicted & labelled)).sum())
    fp = float((w * (predicted & ~labelled)).sum())
    fn = float((w * (~predicted & labelled)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return Score(precision, recall, f1, tp + fn, tp + fp, float(w.sum()))


def format_line(task: str, unit: str, s: Score) -> str:
    """`TASK UNIT  P 0.000  R 0.000  F1 0.000  (positives N of M)`: stable, for scripts too."""
    return (
        f"{task:<8} {unit:<14} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"(positives {s.positives:g} of {s.total:g}, predicted {s.predicted:g})"
    )
