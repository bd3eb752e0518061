"""Quality gate for attribution and unsupported claims: the hand-labelled sentences
(tests/data/attribution_sentences.jsonl, guideline in docs/attribution-guideline.md) are
judged on the shared articles they point into, and each split's figures stay at or above
the floors below. The floors sit a little under the figures measured when they were set
(in the guideline); raising or lowering one is a deliberate, reviewed edit. The set stores
no text, so the articles must be beside the repository: a developer's clone skips, CI fails.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from audit.evaluation.attribution import judge
from audit.evaluation.data import load_rows
from audit.evaluation.scores import score

LABELS = Path(__file__).with_name("data") / "attribution_sentences.jsonl"
ARTICLES = ("data/sources/dev.jsonl", "data/sources/dev_extra.jsonl")
FLOORS = {
    # split: (needs-a-source precision, recall, attribution-kind accuracy)
    # Recall floors came down when precision went first: conditionals, election results,
    # tables and documents are no longer reported, and since the fifth round a sentence is
    # reported only on positive evidence of the writer's own assertion (a statistic,
    # hearsay, a ranking, a cause, a trend, a toll), not for a bare figure; see the
    # guideline's fifth round.
    # Kind-accuracy floors went up with the sixth and seventh rounds' readings of who speaks;
    # precision floors with the eighth round's estimate, history and "according to" readings.
    "dev": (0.90, 0.40, 0.92),
    # Heldout precision 0.39 to 0.38: "according to the X" is institutional only when X
    # names an institution or a document, which costs one false finding there (8 of 21).
    "heldout": (0.38, 0.25, 0.77),  # 318 sentences since the second round (was 166)
    # 315 sentences since the third round (was 225): 90 from outlets no rule was written on.
    "extra": (0.75, 0.35, 0.89),
    # 126 sentences from 84 outlets in no other split, labelled before the tool ran on them.
    "blind": (0.36, 0.35, 0.75),
}


@pytest.fixture(scope="module")
def judged(shared):
    rows = load_rows(LABELS)
    found, missing = judge(rows, [shared(path) for path in ARTICLES])
    assert not missing, f"labelled rows that no longer match their article: {missing[:5]}"
    return found


def test_the_set_is_large_and_its_splits_share_no_outlet():
    rows = load_rows(LABELS)
    assert len(rows) >= 300
    splits = defaultdict(set)
    for row in rows:
        splits[row["outlet"]].add(row["split"])
        assert row["attribution"] in ("named", "institutional", "anonymous", "vague", "none")
        assert not row["needs_source"] or row["claim"]
    assert all(len(s) == 1 for s in splits.values())
    assert {s for (s,) in splits.values()} == set(FLOORS)


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_each_split_stays_at_or_above_its_floors(judged, split):
    mine = [j for j in judged if j.row["split"] == split]
    needs = score(
        np.array([j.needs_source for j in mine]), np.array([j.row["needs_source"] for j in mine])
    )
    accuracy = sum(j.support == j.row["attribution"] for j in mine) / len(mine)
    precision, recall, kind = FLOORS[split]
    assert needs.precision >= precision, (split, "precision", round(needs.precision, 3))
    assert needs.recall >= recall, (split, "recall", round(needs.recall, 3))
    assert accuracy >= kind, (split, "kind accuracy", round(accuracy, 3))
