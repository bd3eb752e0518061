"""An audited article survives the trip from a worker process unchanged, and a run's results
are frozen out of the cyclic collector only while the run holds them."""

from __future__ import annotations

import gc
import pickle

from audit.runtime.records import held

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


def test_a_nested_hold_keeps_the_freeze_until_the_outermost_block_ends():
    assert gc.get_freeze_count() == 0
    with held() as freeze:
        with held():
            pass
        assert gc.get_freeze_count() > 0  # the inner block did not end the freeze
        [object() for _ in range(3)]
        freeze()
    assert gc.get_freeze_count() == 0


def test_a_run_leaves_nothing_frozen(auditor, tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    run = auditor.run([str(tmp_path)])
    assert len(run.articles) == 1
    assert gc.get_freeze_count() == 0
