"""Where articles are audited: in this process, in forked worker processes, or on a Dask cluster.

Every engine takes an Auditor and an iterable of (document, location) jobs and
yields (result, rule stops) in input order, so what a run reports never depends
on the engine or the number of workers. Work travels in batches (`audit_batch`):
the model stages read every sentence and line of a batch at once. The process
engine works through the input a window at a time: a streamed scan holds a
window, never the corpus. The process machinery (multiprocessing, concurrent.futures) is
imported when workers are started, not by a one-draft `check`.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from audit.ingest.model import InputError
from audit.models.stage import analyse
from audit.rules.engine import RuleStop
from audit.runtime.records import Findings, collector_paused
from audit.runtime.stopping import TERMINATING
from audit.text.document import Document
from audit.text.segment import Unsegmented

if TYPE_CHECKING:
    import socket
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

    from audit.features.pattern_gate import Gates
    from audit.models.load import Models
    from audit.results import ArticleResult
    from audit.rules.engine import Engine

Job = tuple[Document | Unsegmented, "str | None"]  # an article, and where it was read
Outcome = tuple["ArticleResult | InputError", list[RuleStop]]  # an article, or why it was refused
Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ARTICLES_PER_WORKER = 8  # below this, starting workers costs more than it saves
BATCH = 64  # articles whose model stages run together in this process
WORKER_BATCH = 16  # articles sent to a worker at a time
WINDOW_PER_WORKER = 32  # articles per worker in each window a stream holds
CAN_FORK = hasattr(os, "fork")  # multiprocessing offers its "fork" start method
STOP_SECONDS = 2  # a stopped worker's grace before it is killed
# An article's time budget (article_seconds): a 6 KB article takes about 0.05 s.
BASE_ARTICLE_SECONDS = 30.0
SECONDS_PER_CHAR = 20e-6
MAX_ARTICLE_SECONDS = 90.0
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class ArticleAuditor(Protocol):
    """What an engine runs on each article (audit/runtime/run.py: Auditor): the audit, the
    models its batch stage runs and the pattern gates it gives large batches, and the rules
    engine whose `stopped` list names the rules stopped on the article."""

    engine: Engine
    models: Models
    gates: Gates

    def with_models(self, doc: Document) -> Document: ...

    def audit(self, doc: Document, location: str | None = None) -> ArticleResult: ...


class AuditEngine(Protocol):
    def __call__(self, auditor: ArticleAuditor, jobs: Iterable[Job]) -> Iterator[Outcome]: ...


def audit_batch(auditor: ArticleAuditor, jobs: Sequence[Job], keep: bool = True) -> list[Outcome]:
    """The function every engine runs on a batch: each article is segmented, the batch's model
    stages run together (audit/models/stage.py) and the rules engine finds the hits of its
    text-only rules in the batch's texts, one matcher at a time (Engine.prepare), then each
    article is audited. Whatever goes
    wrong with one article (a rule or a model raising on its text) refuses that article,
    named, and the run goes on: when a batch stage fails, each article's models run again
    on it alone, where a failure is its own. `keep`: each result is made compact, as a run
    holds it until its report is written (`kept`); a caller that answers at once (the
    service's check) takes it as audited."""
    with collector_paused():  # a batch's working data is freed by reference count (Engine.run)
        built = [_built(auditor, job) for job in jobs]
        documents = [doc for doc, _ in built if isinstance(doc, Document)]
        try:
            with time_budget(sum(article_seconds(len(doc.text)) for doc in documents)):
                analyse(documents, auditor.models, auditor.gates)
                auditor.engine.prepare(documents)
        except Exception:  # each article's models run again in its own audit, its failure its own
            pass
        return [audit_one(auditor, job, keep) for job in built]


def _built(auditor: ArticleAuditor, job: Job) -> tuple[Document | InputError, str | None]:
    """The job's document segmented and given the auditor's models, or why it cannot be."""
    doc, location = job
    try:
        with time_budget(article_seconds(len(doc.text))):
            if isinstance(doc, Unsegmented):
                doc = doc.build()
            return auditor.with_models(doc), location
    except Exception as error:
        return _refusal(error, location, doc), location


def audit_one(
    auditor: ArticleAuditor, job: tuple[Document | InputError, str | None], keep: bool = True
) -> Outcome:
    """One article's audit (its models' results already attached, or computed now)."""
    doc, location = job
    if isinstance(doc, InputError):
        return doc, []
    try:
        with time_budget(article_seconds(len(doc.text))):
            result: ArticleResult | InputError = auditor.audit(doc, location)
            if keep:
                result = kept(result, doc)
    except Exception as error:
        result = _refusal(error, location, doc)
    stopped = list(auditor.engine.stopped)
    auditor.engine.stopped.clear()
    return result, stopped


def _refusal(error: Exception, location: str | None, doc: Document | Unsegmented) -> InputError:
    if isinstance(error, OverBudget):
        return InputError(location or doc.path or doc.id, None, str(error))
    reason = f"internal error while auditing ({type(error).__name__}: {error}); please report it"
    return InputError(location or doc.path or doc.id, None, reason)


def kept(result: ArticleResult, doc: Document) -> ArticleResult:
    """An audited article as a run keeps it until its report is written: its document without
    the rules' working data (Document.audited) and its findings as columns (records.Findings)."""
    audited = doc.audited()
    return replace(result, document=audited, findings=Findings.of(result.findings, audited.text))


class OverBudget(Exception):
    """An article whose audit ran past its time budget (raised by SIGALRM where it was)."""


def article_seconds(characters: int) -> float:
    """An article's time budget: several times what a sound audit needs at any length."""
    return min(MAX_ARTICLE_SECONDS, BASE_ARTICLE_SECONDS + SECONDS_PER_CHAR * characters)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget where the work is once `seconds` have passed. Only a process's main
    thread receives signals: elsewhere (a Dask worker's thread) the work runs unbounded."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(number: int, frame: object) -> None:
        raise OverBudget(
            f"audit stopped after {seconds:.0f} s, its time budget: the article is too long "
            "or too unusual to audit in time (split it, or lower --max-bytes to refuse such "
            "inputs at once)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def serial(auditor: ArticleAuditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
    for batch in batches(jobs, BATCH):
        yield from audit_batch(auditor, batch)


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch


class Processes:
    """Forked workers that inherit the auditor (compiled rules, loaded models) without pickling."""

    def __init__(self, workers: int):
        self.workers = workers

    def __call__(self, auditor: ArticleAuditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
        jobs = iter(jobs)
        first = list(itertools.islice(jobs, MIN_ARTICLES_PER_WORKER * self.workers))
        if self.workers <= 1 or not CAN_FORK or len(first) < MIN_ARTICLES_PER_WORKER * self.workers:
            yield from serial(auditor, itertools.chain(first, jobs))
            return
        audit = partial(_call_on_held, audit_batch)
        with _forked_pool(self.workers, auditor) as pool:
            window = WINDOW_PER_WORKER * self.workers
            batch = first + list(itertools.islice(jobs, window - len(first)))
            pending = pool.map(audit, batches(batch, WORKER_BATCH))
            while pending is not None:
                # The next window is read and queued while this one's results are consumed.
                batch = list(itertools.islice(jobs, window))
                queued = pool.map(audit, batches(batch, WORKER_BATCH)) if batch else None
                for outcomes in pending:
                    yield from outcomes
                pending = queued


def local(workers: int) -> AuditEngine:
    return Processes(workers) if workers > 1 else serial


def forked_map(
    function: Callable[[Any, Item], Result], state: Any, items: Sequence[Item], workers: int
) -> list[Result]:
    """`function(state, item)` for every item, in order, on forked workers that inherit `state`
    (a whole corpus's audited articles, say) instead of receiving it pickled: only the items
    and the results cross between processes. Serial when forking would not pay, and when a
    worker dies (killed for memory, say): the work is redone here rather than lost."""
    workers = min(workers, os.cpu_count() or 1)
    if workers <= 1 or not CAN_FORK or len(items) < 2 * workers:
        return [function(state, item) for item in items]
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _forked_pool(workers, state) as pool:
            return list(pool.map(partial(_call_on_held, function), items))
    except BrokenProcessPool:
        return [function(state, item) for item in items]


@contextmanager
def _forked_pool(workers: int, state: Any) -> Iterator[ProcessPoolExecutor]:
    """Workers forked from this process for one run, each holding `state` (inherited, never
    pickled); they die with this process even when it is killed outright. However the run
    ends early (Ctrl-C, SIGTERM, a failed write), they are stopped at once rather than left
    to finish the queue."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_hold, initargs=(state, os.getpid())
    )
    try:
        yield pool
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown()


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Terminate the workers now (killed after STOP_SECONDS), and leave the pool so that
    its manager thread winds it down as a broken pool without waiting on anything (the
    interpreter waits for that thread at exit). Work not started is dropped first: Python
    3.11's manager would fail on the futures Executor.map cancels. A worker stopped while it
    sends a result leaves half a message in the result pipe, whose other end this process
    holds too: closing it lets the read fail rather than wait for the rest forever."""
    import queue

    with suppress(AttributeError):
        while True:
            try:
                pool._work_ids.get_nowait()
            except queue.Empty:
                break
        pool._pending_work_items.clear()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
    with suppress(OSError, AttributeError):
        pool._result_queue._writer.close()
    pool.shutdown(wait=False)


def forked_process(target: Callable[..., None], *args: Any) -> tuple[BaseProcess, socket.socket]:
    """A process forked from this one running `target(channel, *args)` (inheriting whatever
    `args` hold, never pickled), and this process's end of a socket pair to it. It dies with
    this process even when this one is killed outright, and only its own end of the pair is
    open in it, so that each side sees the other's death as the end of the channel."""
    import multiprocessing
    import socket

    context = multiprocessing.get_context("fork")
    mine, theirs = socket.socketpair()
    process = context.Process(
        target=_run_forked, args=(os.getpid(), mine, target, theirs, args), daemon=True
    )
    process.start()
    theirs.close()
    return process, mine


def _run_forked(
    parent: int, others: socket.socket, target: Callable[..., None], own: socket.socket, args: tuple
) -> None:
    others.close()
    _die_with_parent(parent)
    target(own, *args)


_held_state: Any = None


def _hold(state: Any, parent: int) -> None:
    global _held_state
    _die_with_parent(parent)
    _held_state = state


def _die_with_parent(parent: int) -> None:
    """Make this worker end with the process that forked it, even one killed with SIGKILL:
    a parent-death signal on Linux, else a thread that watches the parent. The parent stops
    the workers on Ctrl-C and SIGTERM, so they take the default actions for those signals."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in TERMINATING:
        signal.signal(number, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _call_on_held(function: Callable[[Any, Item], Result], item: Item) -> Result:
    return function(_held_state, item)
