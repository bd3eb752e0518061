"""An audited article survives the trip from a worker process unchanged."""

from __future__ import annotations

import pickle

SAMPLE = (
    "Council Raises Water Rates\n\n"
    'The council voted 7-2 on Monday to raise rates by 9 percent, "a hard call," said '
    "Mayor Ana Ruiz. Experts say the plan might perhaps fail.\n\n"
    "Share this article\nRead more: Ten things you missed this week\n"
)


def test_a_pickled_result_keeps_its_structure_and_findings(audit_text):
    result = audit_text(SAMPLE)
    assert result.findings  # the sample has hedges and clutter to carry
    copy = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    for name in ("lines", "blocks", "sentences", "quotes", "tokens", "view"):
        assert getattr(copy.document.structure, name) == getattr(result.document.structure, name)
    assert copy.findings == result.findings
    assert copy.score == result.score
    assert copy.document.text == result.document.text
