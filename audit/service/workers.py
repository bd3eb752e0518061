"""Where the service's audits run: forked worker processes holding the loaded Service, each
request under a time limit, with a bounded queue, checks that arrive together audited as one
minibatch.

The workers are forked once at start-up and inherit the compiled rules and loaded
models (nothing is pickled but the requests' records and the encoded answers), so
two cores audit at once. Requests wait here, not in the pool: a worker that comes
free takes the checks waiting as one minibatch (Service.checks: each request still
its own run), up to its share of the requests in the service (so that the workers'
batches stay even), MAX_BATCH articles and MAX_BATCH_CHARS of text. Batches form only
when requests queue, and a lone request never waits for company; while another worker
audits, a free worker waits up to LINGER_S for its share to arrive rather than take a
minibatch of one (whose CPU per check is a third higher). A request over
its time limit is answered 504 and its worker is killed and replaced: a runaway audit
cannot hold a core. Each worker is a pool of its own, so killing one never touches the
batch another worker is auditing. Where fork is not available the audits run in a
thread of the server (no kill).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any

from audit.history.record import RunRecord
from audit.runtime.execute import CAN_FORK, _call_on_held, forked_pool, stop_pool
from audit.runtime.records import collector_paused
from audit.service.core import Answer, Service, attempt

QUEUE_PER_WORKER = 16  # requests admitted per worker (running or waiting) before 503
MAX_BATCH = 8  # checks audited together at most
MAX_BATCH_CHARS = 64_000  # text in one minibatch at most (a long article goes alone, or nearly)
# While another worker audits, a free worker waits this long at most for its share of the
# checks to arrive (the clients it just answered sending their next ones): a minibatch of one
# costs about 5 ms more CPU a check than one of four (the model stages' fixed cost per batch).
# On a busy machine the clients' next checks take more than 10 ms to arrive, and a shorter
# wait sends minibatches of three (and the check left over alone) that cost more CPU each.
LINGER_S = 0.030

Task = tuple[str, Any]  # ("check", record) or ("scan", records)


class Busy(Exception):
    """Too many requests waiting, or the workers were restarted under this one: retry."""


class TimedOut(Exception):
    """The audit ran past the request time limit."""


@dataclass(frozen=True)
class Encoded:
    """An answer as the worker sends it back: the JSON body already encoded (off the event
    loop), and the run for the history store."""

    body: bytes
    history: RunRecord | None
    audit_ms: float  # the audit in the worker, of its whole minibatch (Server-Timing header)
    encode_ms: float  # encoding the answer as JSON
    batch: int  # the requests audited in its minibatch
    cpu_ms: float  # the worker's CPU time for the minibatch's audit, this request's share


def perform(service: Service, tasks: list[Task]) -> list[Encoded | Exception]:
    """A worker's share: one scan, or several checks as one minibatch; each task's answer
    encoded, or the exception it raised (a refused article is one task's Refused).

    The cyclic collector is paused until the answers are encoded: what the audit made is
    freed by reference count once they are (`_answers` returns), where a collection on
    leaving the audit walked the minibatch's live results (0.1-0.2 ms of CPU a check)."""
    with collector_paused():
        return _answers(service, tasks)


def _answers(service: Service, tasks: list[Task]) -> list[Encoded | Exception]:
    started, cpu = time.perf_counter(), time.process_time()
    method = tasks[0][0]
    answers: list[Answer | Exception]
    if method == "check":
        answers = service.checks([payload for _, payload in tasks])
    else:
        answers = [attempt(getattr(service, name), payload) for name, payload in tasks]
    audit_ms = (time.perf_counter() - started) * 1e3
    batch = len(tasks)
    cpu_ms = (time.process_time() - cpu) * 1e3 / batch
    return [answer if isinstance(answer, Exception) else _encoded(answer, audit_ms, batch, cpu_ms)
            for answer in answers]  # fmt: skip


def _encoded(answer: Answer, audit_ms: float, batch: int, cpu_ms: float) -> Encoded:
    started = time.perf_counter()
    body = answer.encoded()
    encode_ms = (time.perf_counter() - started) * 1e3
    return Encoded(body, answer.history, audit_ms, encode_ms, batch, cpu_ms)


@dataclass
class _Waiting:
    task: Task
    size: int  # characters of text
    answer: asyncio.Future
    since: float  # when it arrived (the event loop's clock)
    pool: Executor | None = None  # the worker it was handed to (a time-out kills that one)


class Workers:
    def __init__(self, service: Service, workers: int, timeout: float):
        self.service = service
        self.workers = max(1, workers)
        self.timeout = timeout
        self.capacity = QUEUE_PER_WORKER * self.workers
        self.admitted = 0  # changed only on the event loop's thread, as everything below
        self.waiting: deque[_Waiting] = deque()
        # One single-process pool per worker, and whether it is auditing a minibatch now.
        self.pools: list[Executor] = []
        self.busy: list[bool] = []
        self.batches: list[list[_Waiting]] = []  # the minibatch each worker audits now
        self.freed: list[float] = []  # when each worker last came free (the loop's clock)
        self.timer: asyncio.TimerHandle | None = None  # a lingering worker's next look

    def start(self) -> None:
        """Fork the workers now (before the server starts its threads), with every model loaded,
        and wait until they run."""
        self.service.warm()
        self.pools = [self._new_pool() for _ in range(self.workers)]
        self.busy = [False] * self.workers
        self.batches = [[] for _ in range(self.workers)]
        self.freed = [0.0] * self.workers
        for pool in self.pools:
            pool.submit(_ready).result()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        for pool in self.pools:
            self._kill(pool)
        self.pools = []
        self.busy = []
        self.batches = []
        self.freed = []

    async def run(self, method: str, payload: Any) -> Encoded:
        if not self.pools:
            self.start()
        if self.admitted >= self.capacity:
            raise Busy(f"{self.admitted} requests are already queued")
        self.admitted += 1
        loop = asyncio.get_running_loop()
        request = _Waiting((method, payload), _size(method, payload),
                           loop.create_future(), loop.time())  # fmt: skip
        self.waiting.append(request)
        self._dispatch()
        try:
            return await asyncio.wait_for(request.answer, self.timeout)
        except TimeoutError:
            if request.pool is not None:  # its audit holds a worker: kill it (if not done yet)
                self._replace(request.pool)
            raise TimedOut(f"the audit took longer than {self.timeout:g} s") from None
        finally:
            self.admitted -= 1
            if request.pool is None:  # timed out or cancelled while it waited: never audited
                self.waiting.remove(request)

    def _dispatch(self) -> None:
        """Hand waiting requests to free workers: a scan alone, checks as one minibatch."""
        loop = asyncio.get_running_loop()
        for slot, pool in enumerate(self.pools):
            if not self.waiting:
                return
            if self.busy[slot]:
                continue
            if self._lingers(loop, slot):  # its share is still arriving: look again when it has
                return
            batch = self._next_batch()
            tasks = [request.task for request in batch]
            for request in batch:
                request.pool = pool
            call = (
                partial(perform, self.service, tasks)
                if isinstance(pool, ThreadPoolExecutor)
                else partial(_call_on_held, perform, tasks)
            )
            try:
                future = loop.run_in_executor(pool, call)
            except (BrokenProcessPool, RuntimeError):  # the worker died, not yet replaced
                _settle(batch, [Busy("the audit workers were restarted")] * len(batch))
                self._replace(pool, broken=True)
                return
            self.busy[slot] = True
            self.batches[slot] = batch
            future.add_done_callback(partial(self._answered, pool, batch))

    def _lingers(self, loop: asyncio.AbstractEventLoop, slot: int) -> bool:
        """Whether a free worker waits for more checks: only while another worker audits (so a
        lone request, or one that finds every worker free, never waits), only until its share
        is waiting, and LINGER_S at most after the first of them arrived or the worker came
        free (a check queued behind busy workers is not sent alone as the clients its worker
        just answered send their next ones)."""
        first = self.waiting[0]
        if first.task[0] != "check" or not any(self.busy) or len(self.waiting) >= self._share():
            return False
        left = max(first.since, self.freed[slot]) + LINGER_S - loop.time()
        if left <= 0:
            return False
        if self.timer is None:
            self.timer = loop.call_later(left, self._lingered)
        return True

    def _lingered(self) -> None:
        self.timer = None
        self._dispatch()

    def _share(self) -> int:
        """A worker's fair share of the requests in the service: one worker never takes
        everything waiting while the other is left with single checks behind it."""
        return min(MAX_BATCH, -(-self.admitted // self.workers))

    def _next_batch(self) -> list[_Waiting]:
        first = self.waiting.popleft()
        batch = [first]
        size = first.size
        share = self._share()
        if first.task[0] == "check":
            while self.waiting and len(batch) < share:
                following = self.waiting[0]
                if following.task[0] != "check" or size + following.size > MAX_BATCH_CHARS:
                    break
                batch.append(self.waiting.popleft())
                size += following.size
        return batch

    def _answered(self, pool: Executor, batch: list[_Waiting], done: asyncio.Future) -> None:
        if pool in self.pools:
            slot = self.pools.index(pool)
            self.busy[slot] = False
            self.freed[slot] = asyncio.get_running_loop().time()
        if done.cancelled():
            results: list[Any] = [Busy("the audit workers were restarted")] * len(batch)
        elif isinstance(done.exception(), BrokenProcessPool):
            self._replace(pool, broken=True)
            results = [Busy("the audit workers were restarted")] * len(batch)
        elif done.exception() is not None:
            results = [done.exception()] * len(batch)
        else:
            results = done.result()
        _settle(batch, results)
        self._dispatch()

    def _new_pool(self) -> Executor:
        if CAN_FORK:
            return forked_pool(1, self.service)
        return ThreadPoolExecutor(1, thread_name_prefix="audit")

    def _replace(self, pool: Executor, broken: bool = False) -> None:
        """Kill the worker that holds a runaway audit and fork a fresh one in its place (the
        requests it was auditing are answered 503; the other workers' batches go on). A broken
        pool (its worker died) is left to end itself: its manager is already stopping it. A
        worker already replaced is not touched again, and a thread cannot be killed: it is kept."""
        if pool not in self.pools or isinstance(pool, ThreadPoolExecutor):
            return
        slot = self.pools.index(pool)
        if not broken:  # a killed pool never settles its future: answer its batch here
            self._kill(pool)
            held = self.batches[slot]
            _settle(held, [Busy("the audit workers were restarted")] * len(held))
        self.pools[slot] = self._new_pool()
        self.busy[slot] = False
        self.batches[slot] = []
        self._dispatch()

    @staticmethod
    def _kill(pool: Executor) -> None:
        # The executor has no public way to stop a running task: kill its process.
        if isinstance(pool, ThreadPoolExecutor):
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            stop_pool(pool, grace=0)


def _settle(batch: list[_Waiting], results: list[Any]) -> None:
    """Each request's answer, or its exception (one that timed out was answered already)."""
    for request, result in zip(batch, results, strict=True):
        if request.answer.done():
            continue
        if isinstance(result, BaseException):
            request.answer.set_exception(result)
        else:
            request.answer.set_result(result)


def _size(method: str, payload: Any) -> int:
    records = [payload] if method == "check" else payload
    return sum(len(record.get("text", "")) for record in records)


def _ready() -> bool:
    return True
