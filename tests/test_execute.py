"""Where work runs: forked workers give what a serial loop gives, in input order."""

from __future__ import annotations

import os

from audit.runtime.execute import audit_one, forked_map
from audit.text.segment import make_document


def _scaled(state: dict[str, int], item: int) -> tuple[int, int]:
    return item * state["factor"], os.getpid()


def test_forked_map_keeps_input_order_and_reads_the_state_its_workers_inherit():
    items = list(range(40))
    results = forked_map(_scaled, {"factor": 3}, items, workers=2)
    assert [value for value, _ in results] == [3 * i for i in items]
    if os.cpu_count() and os.cpu_count() > 1:
        assert os.getpid() not in {pid for _, pid in results}


def _dies_in_a_worker(state: dict[str, int], item: int) -> int:
    if os.getpid() != state["parent"]:
        os._exit(1)  # as a worker killed for memory would
    return item + 1


def test_forked_map_redoes_the_work_here_when_a_worker_dies():
    items = list(range(12))
    state = {"parent": os.getpid()}
    assert forked_map(_dies_in_a_worker, state, items, workers=2) == [i + 1 for i in items]


def test_forked_map_runs_in_this_process_when_forking_would_not_pay():
    results = forked_map(_scaled, {"factor": 2}, [1, 2, 3], workers=2)
    assert results == [(2, os.getpid()), (4, os.getpid()), (6, os.getpid())]


def test_an_audited_article_keeps_its_spans_and_findings_and_releases_the_rules_working_data(
    auditor,
):
    text = (
        "Council Raises Water Rates\n\nThe council voted 7-2 on Monday to raise rates by 9 "
        'percent, "a hard call," said Mayor Ana Ruiz. Experts say it might perhaps fail.\n'
    )
    direct = auditor.audit(make_document(text, id="rates"))
    result, _ = audit_one(auditor, (make_document(text, id="rates"), None))
    kept, built = result.document.structure, direct.document.structure
    assert kept.view is None and kept.tokens is None and kept.lines == ()
    assert (kept.blocks, kept.sentences, kept.quotes, kept.word_count) == (
        built.blocks, built.sentences, built.quotes, built.word_count,
    )  # fmt: skip
    assert list(kept.line_starts) == list(built.line_starts)
    assert kept.line_column(len(text) - 2) == built.line_column(len(text) - 2)
    assert result.findings == direct.findings and result.score == direct.score
