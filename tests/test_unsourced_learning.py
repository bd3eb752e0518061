"""The learned "needs a source" decision that is cross-validated against UNS006's rule: its rows
are the reader's own evidence for the sentences the rule could accuse, and its folds keep every
outlet on one side."""

from __future__ import annotations

import numpy as np

from audit.learn.unsourced import FEATURES, _best_f_half, _folds, evidence_rows, out_of_fold
from audit.text.segment import make_document

TEXT = (
    "City Hall\n\n"
    "The council met on Tuesday to discuss the budget for the coming year.\n\n"
    "About 40 percent of renters in the city now spend half their income on housing. "
    "Many of them moved here in the last decade. "
    "Rents will keep rising, the housing department said.\n\n"
    "“We cannot wait any longer,” said Mayor Jane Doe."
)


def _row(doc, sentence: str) -> np.ndarray | None:
    return evidence_rows(doc).get(doc.text.index(sentence))


def test_only_sentences_the_rule_could_accuse_get_a_row():
    doc = make_document(TEXT)
    # A sentence with its own source, and a quotation with its speaker, are not candidates.
    assert _row(doc, "Rents will keep rising") is None
    # Nor is the writer's sentence beside it, which that source supports as a reader reads it.
    assert _row(doc, "Many of them moved") is None
    assert _row(doc, "“We cannot wait") is None
    # The writer's sentence is, with one value per feature.
    row = _row(doc, "The council met")
    assert row is not None and row.shape == (len(FEATURES),)


def test_a_row_holds_the_rules_evidence_and_the_sentences_context():
    doc = make_document(TEXT)
    share = _row(doc, "About 40 percent")
    plain = _row(doc, "The council met")
    column = {name: i for i, name in enumerate(FEATURES)}
    assert share[column["sign: a statistic"]] == 1 and plain[column["sign: a statistic"]] == 0
    assert share[column["a counted figure"]] == 1 and plain[column["a counted figure"]] == 0
    # Read in its paragraph: the housing department is named two sentences further on, too
    # far to support it, but the paragraph is a sourced one.
    assert share[column["a sourced sentence in its paragraph"]] == 1
    assert share[column["a sourced sentence beside it"]] == 0
    assert plain[column["a sourced sentence in its paragraph"]] == 0
    assert share[column["first in its paragraph"]] == 1
    assert share[column["last in its paragraph"]] == 0
    assert (
        plain[column["in the first paragraph"]] == 1
        and share[column["in the first paragraph"]] == 0
    )


def test_no_outlet_is_in_two_folds():
    groups = np.repeat([f"outlet{i}" for i in range(20)], 6)
    y = np.tile([True, False, False, False, False, False], 20)
    fold = _folds(y, groups, seed=3)
    assert all(len(set(fold[groups == g])) == 1 for g in set(groups))
    assert len(set(fold)) == 5


def test_out_of_fold_verdicts_follow_a_sign_that_separates_on_every_outlet():
    rng = np.random.default_rng(0)
    groups = np.repeat([f"outlet{i}" for i in range(20)], 10)
    y = rng.random(len(groups)) < 0.3
    X = np.column_stack([y + rng.normal(0, 0.1, len(y)), rng.normal(0, 1, len(y))])
    verdict = out_of_fold(X, y, groups, seed=1)
    assert (verdict == y).mean() > 0.95


def test_a_fitting_part_with_nothing_to_source_flags_nothing():
    cut = _best_f_half(np.array([0.2, 0.5, 0.9]), np.array([False] * 3))
    assert not (np.array([0.2, 0.5, 0.9]) >= cut).any()
