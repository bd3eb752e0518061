"""Trends read from the store, as text for a person and JSON (schema newsaudit/history@1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from audit.history.store import RulePoint, Run, SourcePoint

SCHEMA = "newsaudit/history@1"
_BARS = "▁▂▃▄▅▆▇█"


def history_json(
    runs: Sequence[Run],
    sources: dict[str, list[SourcePoint]],
    rules: dict[str, list[RulePoint]],
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "runs": [asdict(run) for run in runs],
        "sources": [
            {
                "source": s,
                "change": change([p.score for p in points]),
                "points": [asdict(p) for p in points],
            }
            for s, points in sources.items()
        ],
        "rules": [
            {
                "rule": r,
                "change": change([p.per_article for p in points]),
                "points": [asdict(p) for p in points],
            }
            for r, points in rules.items()
        ],
    }


def change(values: Sequence[float]) -> float | None:
    """Last minus first: the trend's direction and size (None with fewer than two points)."""
    return round(values[-1] - values[0], 3) if len(values) > 1 else None


def spark(values: Sequence[float], low: float, high: float) -> str:
    """A one-line bar chart of the values between low and high."""
    span = (high - low) or 1.0
    return "".join(_BARS[min(7, max(0, int((v - low) / span * 7.999)))] for v in values)


def history_text(
    runs: Sequence[Run],
    sources: dict[str, list[SourcePoint]],
    rules: dict[str, list[RulePoint]],
) -> str:
    if not runs:
        return "No runs recorded.\n"
    lines = [
        f"{len(runs)} runs, {runs[0].started[:19]} to {runs[-1].started[:19]} UTC",
        "",
        "Sources: mean article score per run (0-100, higher is more trustworthy)",
        *_rows(
            {s: [p.score for p in points] for s, points in sorted(sources.items())}, "5.1f", 100
        ),
        "",
        "Rules: findings per article per run",
        *_rows({r: [p.per_article for p in points] for r, points in rules.items()}, "5.2f", None),
    ]
    return "\n".join(lines) + "\n"


def _rows(series: dict[str, list[float]], number: str, top: float | None) -> list[str]:
    """One line per series: its name, a bar per run (0 to `top`, else to its own maximum), the
    last eight values and the change from the first run to the last."""
    width = max((len(name) for name in series), default=6)
    lines = []
    for name, values in series.items():
        moved = change(values)
        lines.append(
            f"  {name:<{width}}  {spark(values, 0, top or max(values) or 1):<12} "
            + " ".join(format(v, number) for v in values[-8:])
            + ("" if moved is None else f"   {moved:+{number[1:]}}")
        )
    return lines
