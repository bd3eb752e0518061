"""Quality gate: each detector family's figures on the labelled dev sets stay at or above the
floors pinned in quality_floors.json.

Like trafilatura's tests/eval_gate.py: a change that makes a detector worse fails
here, and so does a change to the data (its sha256 is pinned next to the floors),
because figures measured on other data are not comparable. Raising a floor after an
improvement, or lowering one, is an edit of quality_floors.json, made on purpose and
reviewed like code. The figures are the shipped models' on their own training data
(the cross-validated ones are in docs/models.md); the gate guards against regressions,
it does not estimate accuracy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.evaluation import aitext, clutter, sentences
from audit.evaluation.data import digest, load_rows

FLOORS_FILE = Path(__file__).with_name("quality_floors.json")
FLOORS = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


def _measure(family: str, rows) -> dict[str, float]:
    if family == "clutter":
        result = clutter.evaluate(rows)
        return {"line_f1": result.lines.f1, "token_f1": result.tokens.f1}
    if family in sentences.TASKS:
        found = sentences.evaluate(family, rows)
        return {"precision": found.precision, "recall": found.recall, "f1": found.f1}
    found, details = aitext.evaluate(rows)
    # specificity: the share of human texts AIS001 leaves alone (1 - false-alarm rate)
    return {"f1": found.f1, "roc_auc": details["roc_auc"], "specificity": 1 - details["human_fpr"]}


@pytest.fixture(scope="module", params=sorted(FLOORS), ids=str)
def family(request, shared):
    spec = FLOORS[request.param]
    path = shared(spec["data"])
    return request.param, spec, path


def test_the_data_is_the_data_the_floors_were_measured_on(family):
    name, spec, path = family
    assert digest(path) == spec["sha256"], (
        f"{spec['data']} changed: re-measure {name} with `newsaudit eval {name} {spec['data']}` "
        f"and pin the new digest and floors in {FLOORS_FILE.name} deliberately"
    )


def test_every_figure_stays_at_or_above_its_floor(family):
    name, spec, path = family
    measured = _measure(name, load_rows(path))
    below = {
        metric: (round(measured[metric], 4), floor)
        for metric, floor in spec["floors"].items()
        if measured[metric] < floor
    }
    assert not below, f"{name} fell below its floors (measured, floor): {below}"


def test_every_family_of_the_issue_has_floors():
    assert {"clutter", "hedging", "claims", "aitext"} <= set(FLOORS)
    for spec in FLOORS.values():
        assert spec["floors"] and len(spec["sha256"]) == 64
