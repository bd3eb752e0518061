"""Where articles are audited: in this process, in forked worker processes, or on a Dask cluster.

Every engine takes an Auditor and an iterable of (document, location) jobs and
yields (result, rule stops) in input order, so what a run reports never depends
on the engine or the number of workers. The process engine works through the
input a window at a time: a streamed scan holds a window, never the corpus.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from audit.document import Document
from audit.rules.engine import RuleStop
from audit.segment import Unsegmented

if TYPE_CHECKING:
    from audit.run import ArticleResult, Auditor

Job = tuple[Document | Unsegmented, "str | None"]  # an article, and where it was read
Outcome = tuple["ArticleResult", list[RuleStop]]
Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ARTICLES_PER_WORKER = 8  # below this, starting workers costs more than it saves
CHUNK = 4  # articles sent to a worker at a time
WINDOW_PER_WORKER = 32  # articles per worker in each window a stream holds
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


class AuditEngine(Protocol):
    def __call__(self, auditor: Auditor, jobs: Iterable[Job]) -> Iterator[Outcome]: ...


def audit_one(auditor: Auditor, job: Job) -> Outcome:
    """The per-article function every engine runs."""
    doc, location = job
    if isinstance(doc, Unsegmented):
        doc = doc.build()
    result = replace(auditor.audit(doc, location), document=doc.audited())
    stopped = list(auditor.engine.stopped)
    auditor.engine.stopped.clear()
    return result, stopped


def serial(auditor: Auditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
    for job in jobs:
        yield audit_one(auditor, job)


class Processes:
    """Forked workers that inherit the auditor (compiled rules, loaded models) without pickling."""

    def __init__(self, workers: int):
        self.workers = workers

    def __call__(self, auditor: Auditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
        jobs = iter(jobs)
        first = list(itertools.islice(jobs, MIN_ARTICLES_PER_WORKER * self.workers))
        if self.workers <= 1 or not CAN_FORK or len(first) < MIN_ARTICLES_PER_WORKER * self.workers:
            yield from serial(auditor, itertools.chain(first, jobs))
            return
        audit = partial(_call_on_held, audit_one)
        with _forked_pool(self.workers, auditor) as pool:
            window = WINDOW_PER_WORKER * self.workers
            batch = first + list(itertools.islice(jobs, window - len(first)))
            pending = pool.map(audit, batch, chunksize=CHUNK)
            while pending is not None:
                # The next window is read and queued while this one's results are consumed.
                batch = list(itertools.islice(jobs, window))
                queued = pool.map(audit, batch, chunksize=CHUNK) if batch else None
                yield from pending
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
    workers = min(workers, multiprocessing.cpu_count())
    if workers <= 1 or not CAN_FORK or len(items) < 2 * workers:
        return [function(state, item) for item in items]
    try:
        with _forked_pool(workers, state) as pool:
            return list(pool.map(partial(_call_on_held, function), items))
    except BrokenProcessPool:
        return [function(state, item) for item in items]


def _forked_pool(workers: int, state: Any) -> ProcessPoolExecutor:
    """Workers forked from this process, each holding `state` (inherited, never pickled)."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_hold, initargs=(state,))


_held_state: Any = None


def _hold(state: Any) -> None:
    global _held_state
    _held_state = state


def _call_on_held(function: Callable[[Any, Item], Result], item: Item) -> Result:
    return function(_held_state, item)
