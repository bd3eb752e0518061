"""`newsaudit eval hedging|claims DATA.jsonl`: the sentence detectors against labelled sentences.

A record is ``{"text": "...", "label": ...}``; its text is audited as a short
article and counts as found when any of its sentences is: hedged (label
``uncertain``) or a check-worthy claim (label ``check_worthy``). Text in Penn
Treebank tokens (``-LRB-``, ``` `` ```, `` 's``), as in the CoNLL-2010 data, is
put back into plain writing first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audit.evaluation.data import header, load_rows
from audit.evaluation.scores import Score, format_line, score
from audit.features import claims, hedging_model
from audit.models.load import shipped_models
from audit.text.document import Document
from audit.text.segment import make_document

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": '"', "''": '"'}  # fmt: skip
_PTB_TOKEN = re.compile("|".join(re.escape(t) for t in _PTB))
_CLITIC = re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE)


def detokenise(text: str) -> str:
    """Undo Penn Treebank tokenisation where it shows; plain text passes unchanged."""
    return _CLITIC.sub(r"\1", _PTB_TOKEN.sub(lambda m: _PTB[m.group()], text))


def record_document(record: dict[str, Any]) -> Document:
    return make_document(detokenise(str(record["text"])), id=str(record.get("id", "-")))


@dataclass(frozen=True)
class SentenceTask:
    positive: str  # the label of the class the detector finds
    probabilities: Callable[[Document], np.ndarray]  # one per sentence
    threshold: Callable[[], float]


TASKS = {
    "hedging": SentenceTask(
        "uncertain",
        hedging_model.sentence_probabilities,
        lambda: shipped_models().hedging.threshold,
    ),
    "claims": SentenceTask(
        "check_worthy", claims.sentence_probabilities, lambda: shipped_models().claims.threshold
    ),
}


def evaluate(task: str, rows: Sequence[dict[str, Any]]) -> Score:
    spec = TASKS[task]
    cut = spec.threshold()
    predicted = np.array(
        [bool((spec.probabilities(record_document(r)) >= cut).any()) for r in rows]
    )
    labelled = np.array([r["label"] == spec.positive for r in rows])
    return score(predicted, labelled)


def report(task: str, path: str | Path) -> str:
    rows = load_rows(path)
    unit = {"hedging": "sentence", "claims": "sentence"}[task]
    return f"{header(task, path, len(rows))}\n{format_line(task, unit, evaluate(task, rows))}\n"


def report_hedging(path: str | Path) -> str:
    return report("hedging", path)


def report_claims(path: str | Path) -> str:
    return report("claims", path)
