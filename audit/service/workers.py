"""Where the service's audits run: forked worker processes holding the loaded Service, each
request under a time limit, with a bounded queue, checks that arrive together audited as one
minibatch.

The workers are forked once at start-up and inherit the compiled rules and loaded
models (nothing is pickled but the requests' records and the encoded answers), so
two cores audit at once. Each worker has a channel of its own (a socket pair): a
minibatch goes down it as one message and its answers come back as one, written and read
by the event loop without ever blocking it, with no thread in between (a process pool's
feeder, manager and result threads cost the server the GIL and their wake-ups on every
minibatch). A worker that stops reading or stalls mid-answer holds only its own
requests, which its time limit answers. Requests wait here, not in the workers: a worker
that comes free takes the checks waiting as one minibatch (Service.checks: each request
still its own run), up to its share of the requests in the service (so that the workers'
batches stay even), MAX_BATCH articles and MAX_BATCH_CHARS of text. Batches form only when requests queue, and a lone request
never waits for company; while another worker audits, a free worker waits up to
LINGER_S for its share to arrive rather than take a minibatch of one (whose CPU per
check is a third higher). A request over its time limit is answered 504 and its
worker is killed and replaced: a runaway audit cannot hold a core, and killing one
worker never touches the batch another is auditing; a worker that dies is replaced
too. Where fork is not available the audits run in a thread of the server (no kill).
"""

from __future__ import annotations

import asyncio
import pickle
import struct
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from audit.history.record import RunRecord
from audit.runtime.execute import CAN_FORK, forked_process
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
_LENGTH = struct.Struct("!Q")  # a message's length in bytes, sent before it


if TYPE_CHECKING:
    import socket


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


def perform(service: Service, tasks: list[Task], reply: Callable[[list[Any]], Any] = list) -> Any:
    """A worker's share: one scan, or several checks as one minibatch; each task's answer
    encoded, or the exception it raised (a refused article is one task's Refused), handed
    to `reply` (a forked worker's sends them): what the audit made is freed after that, once
    the answers are on their way.

    The cyclic collector is paused until the answers are encoded: what the audit made is
    freed by reference count, where a collection on leaving the audit walked the
    minibatch's live results (0.1-0.2 ms of CPU a check)."""
    with collector_paused():
        answers, audit_ms, cpu_ms = _answers(service, tasks)
        batch = len(tasks)
        return reply([answer if isinstance(answer, Exception)
                      else attempt(_encoded, answer, audit_ms, batch, cpu_ms)
                      for answer in answers])  # fmt: skip


def _answers(service: Service, tasks: list[Task]) -> tuple[list[Answer | Exception], float, float]:
    """The tasks' answers, the audit's wall time and its CPU time a task (milliseconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    method = tasks[0][0]
    answers: list[Answer | Exception]
    if method == "check":
        answers = service.checks([payload for _, payload in tasks])
    else:
        answers = [attempt(getattr(service, name), payload) for name, payload in tasks]
    audit_ms = (time.perf_counter() - started) * 1e3
    return answers, audit_ms, (time.process_time() - cpu) * 1e3 / len(tasks)


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
    worker: _Worker | None = None  # the worker it was handed to (a time-out kills that one)


Answered = Callable[["_Worker", "list[Any] | Exception | None"], None]  # None: the worker died


@dataclass(eq=False)
class _Slot:
    """What the server knows of a worker: the minibatch it audits now, and when it last came
    free with how many answers (their clients send their next checks soon after)."""

    service: Service
    answered: Answered
    batch: list[_Waiting] = field(default_factory=list)
    freed: float = 0.0  # the event loop's clock
    returning: int = 0


@dataclass(eq=False)
class _Forked(_Slot):
    """A forked worker process and the server's end of its channel. The event loop writes a
    minibatch to it and reads the answers from it without blocking (a worker that stops
    reading, or stalls halfway through its answer, never holds the loop, so time limits and
    other requests go on); the end of the channel is the worker's death."""

    def __post_init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.process, self.channel = forked_process(_serve, self.service)
        self.channel.setblocking(False)
        self.listening = self.loop.create_task(self._listen())
        self.sending: asyncio.Task | None = None

    def send(self, tasks: list[Task]) -> None:
        """The minibatch, as one message (the worker is free: it reads it at once). A failure
        to write is the worker's death, which its listener reports."""
        message = pickle.dumps(tasks, pickle.HIGHEST_PROTOCOL)
        self.sending = self.loop.create_task(self.loop.sock_sendall(self.channel, _framed(message)))
        self.sending.add_done_callback(_ignore_failure)

    async def _listen(self) -> None:
        """Each message from the worker is a minibatch's answers (or its failure)."""
        try:
            while True:
                (size,) = _LENGTH.unpack(await self._exactly(_LENGTH.size))
                message = await self._exactly(size)
                self.answered(self, attempt(pickle.loads, message))
        except (EOFError, OSError):  # it died (killed for memory, say), or while it answered
            self.answered(self, None)

    async def _exactly(self, size: int) -> bytearray:
        received = bytearray(size)
        view = memoryview(received)
        while view:
            count = await self.loop.sock_recv_into(self.channel, view)
            if not count:
                raise EOFError
            view = view[count:]
        return received

    def kill(self) -> None:
        """Kill the worker, stop reading and writing its channel, and close the channel only
        once the cancelled read and write have left the event loop's selector: workers forked
        later hold a copy of this end, so a channel closed while still watched would stay in the
        selector, reported hung up on every turn of the loop."""
        self.process.kill()
        self.process.join()
        pending = [task for task in (self.listening, self.sending) if task and not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            closing = asyncio.gather(*pending, return_exceptions=True)
            closing.add_done_callback(lambda _: self.channel.close())
        else:
            self.channel.close()


@dataclass(eq=False)
class _Thread(_Slot):
    """Where fork is not available: a thread of the server audits (and cannot be killed)."""

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="audit")

    def send(self, tasks: list[Task]) -> None:
        loop = asyncio.get_running_loop()
        loop.run_in_executor(self.pool, perform, self.service, tasks).add_done_callback(self._done)

    def _done(self, future: Future) -> None:
        if not future.cancelled():
            self.answered(self, future.exception() or future.result())

    def kill(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


_Worker = _Forked | _Thread


class Workers:
    def __init__(self, service: Service, workers: int, timeout: float):
        self.service = service
        self.workers = max(1, workers)
        self.timeout = timeout
        self.capacity = QUEUE_PER_WORKER * self.workers
        self.admitted = 0  # changed only on the event loop's thread, as everything below
        self.waiting: deque[_Waiting] = deque()
        self.slots: list[_Worker] = []
        self.timer: asyncio.TimerHandle | None = None  # a lingering worker's next look

    def start(self) -> None:
        """Fork the workers now (before the server starts its threads), with every model loaded."""
        self.service.warm()
        self.slots = [self._new() for _ in range(self.workers)]

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        for worker in self.slots:
            worker.kill()
        self.slots = []

    async def run(self, method: str, payload: Any) -> Encoded:
        if not self.slots:
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
            if request.worker is not None:  # its audit holds a worker: kill it (if not done yet)
                self._replace(request.worker)
            raise TimedOut(f"the audit took longer than {self.timeout:g} s") from None
        finally:
            self.admitted -= 1
            if request.worker is None:  # timed out or cancelled while it waited: never audited
                self.waiting.remove(request)

    def _dispatch(self) -> None:
        """Hand waiting requests to free workers: a scan alone, checks as one minibatch."""
        loop = asyncio.get_running_loop()
        for worker in self.slots:
            if not self.waiting:
                return
            if worker.batch:
                continue
            if self._lingers(loop, worker):  # its share is still arriving: look again when it has
                return
            worker.batch = self._next_batch()
            for request in worker.batch:
                request.worker = worker
            worker.send([request.task for request in worker.batch])

    def _lingers(self, loop: asyncio.AbstractEventLoop, worker: _Worker) -> bool:
        """Whether a free worker waits for more checks: only while another worker audits (so a
        lone request, or one that finds every worker free, never waits), for its share of the
        requests in the service, and LINGER_S at most after the first of them arrived or the
        worker came free. Within LINGER_S of coming free it waits for no more than the checks
        waiting then and the next ones of the clients it answered: the others' clients are
        still waiting for their answers (with three clients, it would wait for nothing)."""
        first = self.waiting[0]
        if first.task[0] != "check" or not any(other.batch for other in self.slots):
            return False
        wanted = self._share()
        if loop.time() < worker.freed + LINGER_S:
            before = sum(request.since < worker.freed for request in self.waiting)
            wanted = min(wanted, before + worker.returning)
        if len(self.waiting) >= wanted:
            return False
        left = max(first.since, worker.freed) + LINGER_S - loop.time()
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

    def _answered(self, worker: _Worker, results: list[Any] | Exception | None) -> None:
        """A worker's answers to its minibatch, a failure of the whole minibatch, or None: the
        worker died, and is replaced."""
        if results is None:
            self._replace(worker)
            return
        batch, worker.batch = worker.batch, []
        worker.freed, worker.returning = asyncio.get_running_loop().time(), len(batch)
        _settle(batch, [results] * len(batch) if isinstance(results, Exception) else results)
        self._dispatch()

    def _new(self) -> _Worker:
        return (_Forked if CAN_FORK else _Thread)(self.service, self._answered)

    def _replace(self, worker: _Worker) -> None:
        """Kill the worker that holds a runaway audit (or died) and fork a fresh one in its place:
        the requests it was auditing are answered 503, the other workers' batches go on. A
        worker already replaced is not touched again, and a thread cannot be killed: it is kept."""
        if worker not in self.slots or isinstance(worker, _Thread):
            return
        worker.kill()
        _settle(worker.batch, [Busy("the audit workers were restarted")] * len(worker.batch))
        self.slots[self.slots.index(worker)] = self._new()
        self._dispatch()


def _serve(channel: socket.socket, service: Service) -> None:
    """A forked worker's life: minibatches in, their answers out, until the server closes its
    end. A minibatch's failure (or an answer that cannot be pickled) is sent as its answer."""
    received = channel.makefile("rb")
    while True:
        header = received.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            return
        (size,) = _LENGTH.unpack(header)
        message = received.read(size)
        if len(message) < size:  # the server closed its end halfway through a message
            return
        tasks = pickle.loads(message)
        try:
            perform(service, tasks, partial(_send, channel))
        except Exception as error:
            _send(channel, error)


def _send(channel: socket.socket, answers: list[Any] | Exception) -> None:
    channel.sendall(_framed(pickle.dumps(answers, pickle.HIGHEST_PROTOCOL)))


def _framed(message: bytes) -> bytes:
    return _LENGTH.pack(len(message)) + message


def _ignore_failure(sending: asyncio.Task) -> None:
    """A write that failed (the worker died) or was cut off: the listener has seen or will see
    the end of the channel and replaces the worker."""
    if not sending.cancelled():
        sending.exception()


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
