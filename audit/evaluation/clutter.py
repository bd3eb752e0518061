"""`newsaudit eval clutter DATA.jsonl`: clutter lines found by the tool against labelled lines.

A record is one page: ``{"lines": [{"text": "...", "label": "body" | "clutter"}, ...]}``.
The page is audited as the plain text a scraper would give (its lines joined by
newlines) with every clutter rule, the line model included. A line counts as
found when clutter findings cover at least half of its characters. Scores are
per line and per token (each line weighted by its ``\\w+`` tokens: long teasers
and bios count for more than one-word menu items).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audit.evaluation.data import header, load_rows
from audit.evaluation.scores import Score, format_line, score
from audit.features.clutter_model import content_lines
from audit.rules.engine import Engine
from audit.rules.model import Finding
from audit.rules.registry import Registry, load_registry
from audit.text.document import Document
from audit.text.segment import make_document

_TOKEN = re.compile(r"\w+")
COVERED = 0.5  # share of a line's characters the findings must cover


@dataclass(frozen=True)
class Page:
    document: Document
    spans: tuple[tuple[int, int], ...]  # one per labelled line, in the document's text
    labels: np.ndarray  # True = clutter
    tokens: np.ndarray


def page(record: dict[str, Any]) -> Page:
    """The record's lines as one plain-text document, each line mapped to its span."""
    lines = [" ".join(str(line["text"]).split()) for line in record["lines"]]
    keep = [i for i, text in enumerate(lines) if text]
    doc = make_document("\n".join(lines[i] for i in keep), id=str(record.get("id", "-")))
    spans = tuple(content_lines(doc))
    if len(spans) != len(keep):
        raise ValueError(f"record {record.get('id')}: lines do not map one to one")
    labels = np.array([record["lines"][i]["label"] == "clutter" for i in keep])
    tokens = np.array([len(_TOKEN.findall(lines[i])) for i in keep], dtype=float)
    return Page(doc, spans, labels, tokens)


def clutter_engine(registry: Registry | None = None, without: Sequence[str] = ()) -> Engine:
    """An engine with every clutter rule (less `without`)."""
    registry = registry or load_registry()
    return registry.select(["CLT"], ignore=list(without)).engine()


def covered_lines(findings: Sequence[Finding], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Which spans clutter findings cover for at least COVERED of their length."""
    found = np.zeros(len(spans), dtype=bool)
    clutter = sorted((f.start, f.end) for f in findings if f.category == "clutter")
    if not clutter:
        return found
    starts = np.array([s for s, _ in clutter])
    ends = np.array([e for _, e in clutter])
    for i, (start, end) in enumerate(spans):
        near = (starts < end) & (ends > start)
        if not near.any():
            continue
        mask = np.zeros(end - start, dtype=bool)
        for s, e in zip(starts[near], ends[near], strict=True):
            mask[max(s, start) - start : min(e, end) - start] = True
        found[i] = mask.mean() >= COVERED
    return found


@dataclass(frozen=True)
class ClutterResult:
    lines: Score
    tokens: Score
    per_dataset: dict[str, tuple[Score, Score]]


def evaluate(rows: Sequence[dict[str, Any]], engine: Engine | None = None) -> ClutterResult:
    engine = engine or clutter_engine()
    predicted, labels, tokens, datasets = [], [], [], []
    for record in rows:
        p = page(record)
        predicted.append(covered_lines(engine.run(p.document), p.spans))
        labels.append(p.labels)
        tokens.append(p.tokens)
        datasets.append(np.full(len(p.labels), str(record.get("dataset", "-"))))
    pred, y, w, d = (np.concatenate(a) for a in (predicted, labels, tokens, datasets))
    per = {}
    if len(set(d.tolist())) > 1:
        for name in sorted(set(d.tolist())):
            m = d == name
            per[name] = (score(pred[m], y[m]), score(pred[m], y[m], w[m]))
    return ClutterResult(score(pred, y), score(pred, y, w), per)


def report(path: str | Path) -> str:
    rows = load_rows(path)
    result = evaluate(rows)
    lines = [
        header("clutter", path, len(rows)),
        format_line("clutter", "line", result.lines),
        format_line("clutter", "token-weighted", result.tokens),
    ]
    for name, (by_line, by_token) in result.per_dataset.items():
        lines.append(format_line("clutter", f"line {name}", by_line))
        lines.append(format_line("clutter", f"token {name}", by_token))
    return "\n".join(lines) + "\n"
