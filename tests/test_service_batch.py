"""Checks that arrive together are audited as one minibatch, and each answer is still, byte for
byte, the one its request gets alone: every request is its own run, so no story, copy or
ranking is ever formed across requests, and one request's failure is its own."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time

import pytest
from drafts import BACKGROUND, HEDGED, NAMED

from audit.runtime.config import Settings
from audit.runtime.execute import CAN_FORK
from audit.service import workers
from audit.service.core import Answer, Refused, Service
from audit.service.workers import (
    LINGER_S,
    MAX_BATCH,
    Busy,
    Encoded,
    TimedOut,
    Workers,
    perform,
)

# The same story from two outlets: in one scan a story with a copy; as two checks, neither.
STORY = (
    "Harbour strike averted\n\nDock workers and the port authority agreed a three-year contract "
    'late on Sunday, the union said. "Nobody wanted ships stuck at anchor," said Marcus Bell, '
    "the union's vice president. The deal raises wages by 4 percent a year.\n" + BACKGROUND
)
RECORDS = [
    {"id": "hedged", "text": HEDGED, "source": "harbour-desk"},
    {"text": NAMED, "title": "Budget", "url": "https://gazette.test/budget"},
    {"text": STORY, "source": "wire-one"},
    {"text": STORY, "source": "wire-two"},
    {"text": "Breaking: port talks resume."},  # too short to score: refused
    {"text": HEDGED, "newsaudit": {"ignore": [{"rule": "HDG", "reason": "Checked."}]}},
]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Service:
    return Service(Settings(root=tmp_path_factory.mktemp("service")))


def _answers(service: Service, records: list[dict]) -> list[bytes | str]:
    """Each answer's encoded body, or its refusal's message."""
    return [
        str(answer) if isinstance(answer, Exception) else answer.body
        for answer in perform(service, [("check", record) for record in records])
    ]


def _article(answer: Answer) -> dict:
    return json.loads(answer.encoded())["article"]


def test_checks_audited_together_answer_as_each_alone(service):
    alone = [_answers(service, [record])[0] for record in RECORDS]
    assert _answers(service, RECORDS) == alone
    assert _answers(service, RECORDS[::-1]) == alone[::-1]
    assert _answers(service, RECORDS[2:4] * 2) == alone[2:4] * 2
    assert "too short" in alone[4]


def test_a_minibatch_never_compares_sources_across_requests(service):
    answers = service.checks([RECORDS[2], RECORDS[3]])
    assert [_article(a)["source"] for a in answers] == ["wire-one", "wire-two"]
    for answer in answers:  # each alone: no story, no copy, no statement compared
        crosscheck = _article(answer)["crosscheck"]
        assert (crosscheck["story"], crosscheck["copies"], crosscheck["statements"]) == (
            None,
            [],
            [],
        )
    scanned = service.scan([RECORDS[2], RECORDS[3]]).body
    assert scanned["crosscheck"]["stories"], "scanned together, the two are one story"
    assert all(article["crosscheck"]["story"] for article in scanned["articles"])


def test_a_refused_or_failing_request_fails_alone(service, monkeypatch):
    checked = service.checks(RECORDS[:5])
    assert isinstance(checked[4], Refused)
    assert all(isinstance(answer, Answer) for answer in checked[:4])
    admit = service.auditor.admit

    def failing(article, location):
        if article.text.startswith("Council"):
            raise RuntimeError("a reader's bug")
        return admit(article, location)

    monkeypatch.setattr(service.auditor, "admit", failing)
    checked = service.checks(RECORDS[:3])
    assert isinstance(checked[1], RuntimeError)
    assert [_article(a)["id"] for a in (checked[0], checked[2])] == ["hedged", "request:1"]


def test_a_check_records_history_only_for_a_store(service, tmp_path):
    assert service.check(RECORDS[0]).history is None
    recording = Service(Settings(root=tmp_path, store=tmp_path / "history.sqlite"))
    history = recording.check(RECORDS[0]).history
    assert history is not None and history.command == "serve check"
    assert [row.article_id for row in history.articles] == ["hedged"]


class _Slow:
    """A stand-in Service whose checks take a while, so that requests queue behind them."""

    def warm(self) -> None:
        pass

    def checks(self, records):
        time.sleep(0.3)
        return [Answer({"id": record["id"]}, None) for record in records]


async def _burst(workers: int, count: int) -> list[Encoded]:
    """`count` checks sent at once to a pool of slow workers, and their answers."""
    pool = Workers(_Slow(), workers=workers, timeout=30)
    pool.start()
    try:
        return await asyncio.gather(
            *(pool.run("check", {"id": str(n), "text": "x"}) for n in range(count))
        )
    finally:
        pool.stop()


def test_a_free_worker_takes_the_checks_waiting_as_one_minibatch():
    answers = asyncio.run(_burst(1, MAX_BATCH + 3))
    assert [answer.body for answer in answers] == [
        f'{{"id":"{n}"}}'.encode() for n in range(MAX_BATCH + 3)
    ]
    # The first is sent at once, alone; the rest wait for the worker, at most MAX_BATCH a batch.
    assert [answer.batch for answer in answers] == [1] + [MAX_BATCH] * MAX_BATCH + [2] * 2


def test_the_workers_share_the_waiting_checks_evenly():
    answers = asyncio.run(_burst(2, 8))
    # One check to each worker at once; then each takes up to half of the eight in the service.
    assert sorted(answer.batch for answer in answers) == [1, 1, 2, 2, 4, 4, 4, 4]


@pytest.mark.skipif(not CAN_FORK, reason="the workers are threads where fork is not available")
def test_a_worker_that_dies_is_replaced_and_only_its_checks_answered_busy():
    async def scenario() -> tuple[list, Encoded]:
        pool = Workers(_Slow(), workers=1, timeout=30)
        pool.start()
        try:
            running = [asyncio.ensure_future(pool.run("check", {"id": str(n), "text": "x"}))
                       for n in range(3)]  # fmt: skip
            await asyncio.sleep(0.1)
            os.kill(pool.slots[0].process.pid, signal.SIGKILL)  # killed for memory, say
            answered = await asyncio.gather(*running, return_exceptions=True)
            return answered, await pool.run("check", {"id": "after", "text": "x"})
        finally:
            pool.stop()

    answered, after = asyncio.run(scenario())
    # The check the worker held is answered busy (retry); those still waiting, and later
    # ones, are audited by its replacement.
    assert isinstance(answered[0], Busy)
    assert [answer.body for answer in answered[1:]] == [b'{"id":"1"}', b'{"id":"2"}']
    assert after.body == b'{"id":"after"}'


class _Echo:
    """A stand-in Service whose answer to a check holds the check's whole text."""

    def warm(self) -> None:
        pass

    def checks(self, records):
        return [Answer({"echo": record["text"]}, None) for record in records]


def test_requests_and_answers_larger_than_a_pipe_holds_cross_whole():
    # Under the server's event loop (uvloop where installed, which makes a descriptor it
    # watches non-blocking), a minibatch and its answers megabytes long each go as one message.
    text = "The council met again. " * 150_000

    async def scenario() -> list[Encoded]:
        pool = Workers(_Echo(), workers=1, timeout=30)
        pool.start()
        try:
            return await asyncio.gather(*(pool.run("check", {"text": text}) for _ in range(3)))
        finally:
            pool.stop()

    answers = pytest.importorskip("uvloop").run(scenario())
    assert [json.loads(answer.body) for answer in answers] == [{"echo": text}] * 3


@pytest.mark.skipif(not CAN_FORK, reason="the workers are threads where fork is not available")
def test_a_worker_that_stops_reading_holds_only_its_own_request():
    # A worker frozen with a minibatch larger than its channel holds: the event loop is not
    # held with it, so the other worker answers and the frozen one's request times out. Its
    # worker is killed and its channel closed, and the loop is idle after it: a channel closed
    # while the loop still watched it (the other worker holds a copy of its end) would be
    # reported hung up on every turn, and the loop would spin.
    text = "The council met again. " * 150_000
    frozen: list[int] = []

    async def scenario() -> tuple[object, object, float]:
        pool = Workers(_Echo(), workers=2, timeout=1.0)
        pool.start()
        try:
            frozen.append(pool.slots[0].process.pid)
            os.kill(frozen[0], signal.SIGSTOP)
            held = asyncio.ensure_future(pool.run("check", {"text": text}))  # the first free
            await asyncio.sleep(0.1)
            other = await pool.run("check", {"text": "The port reopened."})
            timed_out = (await asyncio.gather(held, return_exceptions=True))[0]
            cpu = time.process_time()
            await asyncio.sleep(0.5)
            return other, timed_out, time.process_time() - cpu
        finally:
            pool.stop()

    outcome: list[tuple[object, object, float]] = []
    loop = threading.Thread(target=lambda: outcome.append(asyncio.run(scenario())), daemon=True)
    loop.start()
    loop.join(30)
    if not outcome:  # the loop is stuck writing to the frozen worker: free it, then fail
        os.kill(frozen[0], signal.SIGKILL)
        pytest.fail("a worker that stopped reading held the event loop")
    other, held, idle_cpu = outcome[0]
    assert json.loads(other.body) == {"echo": "The port reopened."}
    assert isinstance(held, TimedOut)
    assert idle_cpu < 0.2  # half a second of an idle loop, not of one spinning


class _Sleeping:
    """A stand-in service whose check of a record takes the record's `sleep` seconds."""

    def warm(self) -> None:
        pass

    def checks(self, records):
        for record in records:
            time.sleep(record["sleep"])
        return [Answer({"id": record["id"]}, None) for record in records]


def _timed_checks(workers: int, *plan: tuple[str, float, float]) -> list[tuple[object, float]]:
    """Each planned check (id, seconds before it is sent, seconds its audit sleeps) sent to
    `workers` workers under a 1 s time limit: its answer or exception, and the seconds it took."""

    async def scenario() -> list[tuple[object, float]]:
        pool = Workers(_Sleeping(), workers=workers, timeout=1.0)
        pool.start()

        async def check(name: str, delay: float, sleep: float) -> tuple[object, float]:
            await asyncio.sleep(delay)
            started = time.perf_counter()
            try:
                answer = await pool.run("check", {"id": name, "text": "x", "sleep": sleep})
            except Exception as error:  # the answer under test
                answer = error
            return answer, time.perf_counter() - started

        try:
            return await asyncio.gather(*(check(*planned) for planned in plan))
        finally:
            pool.stop()

    return asyncio.run(scenario())


@pytest.mark.skipif(not CAN_FORK, reason="the workers are threads where fork is not available")
def test_a_late_time_out_on_a_killed_pool_spares_its_replacement():
    # A runs past its time and its worker is killed; B, on the other, times out later.
    (a, _), (b, _), (c, _) = _timed_checks(2, ("A", 0, 3), ("B", 0.3, 2), ("C", 1.1, 0.5))
    assert isinstance(a, TimedOut) and isinstance(b, TimedOut)
    assert c.body == b'{"id":"C"}'  # audited by a replacement, which B's time-out left alone


@pytest.mark.skipif(not CAN_FORK, reason="the workers are threads where fork is not available")
def test_a_time_out_kills_only_its_own_worker():
    # A runs past its time and its worker is killed while the other one audits B.
    (a, _), (b, _) = _timed_checks(2, ("A", 0, 3), ("B", 0.5, 0.8))
    assert isinstance(a, TimedOut)
    assert b.body == b'{"id":"B"}'  # the other worker's audit was not cut short


@pytest.mark.skipif(not CAN_FORK, reason="the workers are threads where fork is not available")
def test_the_checks_audited_with_a_late_one_are_answered_busy_when_its_worker_is_killed():
    # A and B wait behind X and go as one minibatch; A runs past its time.
    (x, _), (a, _), (b, waited) = _timed_checks(1, ("X", 0, 0.5), ("A", 0.05, 3), ("B", 0.3, 0.1))
    assert x.body == b'{"id":"X"}'
    assert isinstance(a, TimedOut)
    assert isinstance(b, Busy)
    assert waited < 1.0  # answered when A's worker was killed, not at its own limit


def test_a_free_worker_waits_briefly_for_its_share_while_the_other_audits():
    # R1 and R2 go alone at once; R3 and R4 wait and go together to the worker R1 frees.
    # A and B arrive together while that worker audits: the free one does not send A alone
    # but waits for its share (two of the four in the service) and takes both. C comes
    # alone: the free worker waits for company at most LINGER_S, then sends it by itself.
    plan = [("R1", 0, 0.1), ("R2", 0, 0.2), ("R3", 0, 0.3), ("R4", 0, 0.3)]
    plan += [("A", 0.35, 0.05), ("B", 0.35, 0.05), ("C", 0.5, 0.05)]
    answers = _timed_checks(2, *plan)
    batches = [answer.batch for answer, _ in answers]
    assert batches == [1, 1, 2, 2, 2, 2, 1]
    assert answers[-1][1] < 0.05 + LINGER_S + 0.1  # not kept waiting for R3 and R4's worker


def test_a_worker_that_comes_free_waits_for_company_for_a_check_queued_before(monkeypatch):
    # X queues behind R1 and R2 for longer than the linger; when R2's worker comes free it
    # still waits (from then on) for the check Y that arrives, rather than send X alone.
    monkeypatch.setattr(workers, "LINGER_S", 0.3)
    plan = [("R1", 0, 0.9), ("R2", 0, 0.4), ("X", 0.02, 0.05), ("Y", 0.5, 0.05)]
    answers = _timed_checks(2, *plan)
    assert [answer.batch for answer, _ in answers] == [1, 1, 2, 2]


def test_a_worker_that_comes_free_waits_only_for_the_clients_it_answered(monkeypatch):
    # R3 and R4 go together to the worker R2 frees; X, the next check of R1's client, comes
    # when R1's worker is free and the other audits R3 and R4. Its share of the three checks in
    # the service would be two, but no other check can come (R3's and R4's clients wait for
    # their answers): it goes at once, and is answered before them.
    monkeypatch.setattr(workers, "LINGER_S", 0.3)
    plan = [("R1", 0, 0.5), ("R2", 0, 0.05), ("R3", 0.01, 0.35), ("R4", 0.01, 0.35)]
    answers = _timed_checks(2, *plan, ("X", 0.6, 0.05))
    assert [answer.batch for answer, _ in answers] == [1, 1, 2, 2, 1]
    (_, r3), (_, x) = answers[2], answers[4]
    assert 0.6 + x < 0.01 + r3
