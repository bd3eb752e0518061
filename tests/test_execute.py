"""Where work runs: forked workers give what a serial loop gives, in input order."""

from __future__ import annotations

import os

from audit.execute import forked_map


def _scaled(state: dict[str, int], item: int) -> tuple[int, int]:
    return item * state["factor"], os.getpid()


def test_forked_map_keeps_input_order_and_reads_the_state_its_workers_inherit():
    items = list(range(40))
    results = forked_map(_scaled, {"factor": 3}, items, workers=2)
    assert [value for value, _ in results] == [3 * i for i in items]
    if os.cpu_count() and os.cpu_count() > 1:
        assert os.getpid() not in {pid for _, pid in results}


def test_forked_map_runs_in_this_process_when_forking_would_not_pay():
    results = forked_map(_scaled, {"factor": 2}, [1, 2, 3], workers=2)
    assert results == [(2, os.getpid()), (4, os.getpid()), (6, os.getpid())]
