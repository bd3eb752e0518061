"""The rated-source data the source evaluation and the source model's fit both read: every
article of the DATA files audited, with its source's rating, class and partisan lean."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from audit.ingest import read_corpus
from audit.ingest.model import InputError, ReadOptions
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.sources.ranking import signals_of
from audit.sources.signals import ArticleSignals

RELIABLE, UNRELIABLE = 70.0, 50.0  # rating thresholds when the data has no source_class
_LEAN = {"left": -1.0, "right": 1.0, "center": 0.0, "mainstream": 0.0}


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    source: str
    rating: float | None  # the source's rating, 0-100
    klass: str | None  # reliable | mixed | unreliable
    lean: float | None  # -1 left, 0 centre, +1 right
    audit_score: float
    signals: ArticleSignals


def audit_labelled(*paths: str | Path) -> list[LabelledArticle]:
    """Audit every record of the DATA files that a scan would score (audit/text/admission.py: English,
    80 words or more) and keep what the evaluation needs."""
    auditor = Auditor(load_registry())
    out = []
    for path in paths:
        labels = {}
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    labels[str(record.get("id"))] = record
        for read in read_corpus([str(path)], ReadOptions(), segmented=False):
            if isinstance(read, InputError) or auditor.admission.refusal(read) is not None:
                continue
            item = read.build()
            result = auditor.audit(item)
            record = labels.get(item.id, {})
            label = record.get("source_label")
            lean = record.get("allsides_bias") or record.get("orientation")
            out.append(
                LabelledArticle(
                    id=item.id,
                    source=item.source,
                    rating=None if label is None else 100.0 * float(label),
                    klass=record.get("source_class") or _klass(label),
                    lean=_LEAN.get(lean) if isinstance(lean, str) else None,
                    audit_score=result.score.score,
                    signals=signals_of(result),
                )
            )
    return out


def _klass(label) -> str | None:
    if label is None:
        return None
    value = 100.0 * float(label)
    return "reliable" if value >= RELIABLE else "unreliable" if value < UNRELIABLE else "mixed"
