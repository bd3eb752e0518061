"""Where the service's audits run: forked worker processes holding the loaded Service, each
request under a time limit, with a bounded queue.

The workers are forked once at start-up and inherit the compiled rules and loaded
models (nothing is pickled but the request's records and the encoded answer), so
two cores audit two requests at once. A request over its time limit is answered
504 and its worker is killed and replaced: a runaway audit cannot hold a core.
Where fork is not available the audits run in a thread of the server (no kill).
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any

from audit.history.record import RunRecord
from audit.runtime.execute import CAN_FORK, _call_on_held, forked_pool, stop_pool
from audit.service.core import Service

QUEUE_PER_WORKER = 16  # requests admitted per worker (running or waiting) before 503


class Busy(Exception):
    """Too many requests waiting, or the workers were restarted under this one: retry."""


class TimedOut(Exception):
    """The audit ran past the request time limit."""


@dataclass(frozen=True)
class Encoded:
    """An answer as the worker sends it back: the JSON body already encoded (off the event
    loop), and the run for the history store."""

    body: bytes
    history: RunRecord
    audit_ms: float  # the audit in the worker (for the Server-Timing header)
    encode_ms: float  # encoding the answer as JSON


def perform(service: Service, task: tuple[str, Any]) -> Encoded:
    method, payload = task
    started = time.perf_counter()
    answer = getattr(service, method)(payload)
    audited = time.perf_counter()
    body = json.dumps(
        answer.body, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")
    encoded = time.perf_counter()
    return Encoded(body, answer.history, (audited - started) * 1e3, (encoded - audited) * 1e3)


class Workers:
    def __init__(self, service: Service, workers: int, timeout: float):
        self.service = service
        self.workers = max(1, workers)
        self.timeout = timeout
        self.capacity = QUEUE_PER_WORKER * self.workers
        self.admitted = 0  # changed only on the event loop's thread
        self.pool: Executor | None = None

    def start(self) -> None:
        """Fork the workers now (before the server starts its threads), with every model loaded,
        and wait until they run."""
        self.service.warm()
        self.pool = self._new_pool()
        for _ in range(self.workers):
            self.pool.submit(_ready).result()

    def stop(self) -> None:
        if self.pool is not None:
            self._kill(self.pool)
            self.pool = None

    async def run(self, method: str, payload: Any) -> Encoded:
        if self.pool is None:
            self.start()
        if self.admitted >= self.capacity:
            raise Busy(f"{self.admitted} requests are already queued")
        self.admitted += 1
        pool = self.pool
        try:
            task = (method, payload)
            call = (
                partial(perform, self.service, task)
                if isinstance(pool, ThreadPoolExecutor)
                else partial(_call_on_held, perform, task)
            )
            future = asyncio.get_running_loop().run_in_executor(pool, call)
            try:
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                self._replace(pool)
                raise TimedOut(f"the audit took longer than {self.timeout:g} s") from None
            except BrokenProcessPool:
                self._replace(pool)
                raise Busy("the audit workers were restarted") from None
        finally:
            self.admitted -= 1

    def _new_pool(self) -> Executor:
        if CAN_FORK:
            return forked_pool(self.workers, self.service)
        return ThreadPoolExecutor(self.workers, thread_name_prefix="audit")

    def _replace(self, pool: Executor) -> None:
        """Kill a pool that holds a runaway audit and start a fresh one (other requests on the
        old pool are answered 503). A thread pool cannot be killed: it is kept."""
        if pool is not self.pool or isinstance(pool, ThreadPoolExecutor):
            return
        self._kill(pool)
        self.pool = self._new_pool()

    @staticmethod
    def _kill(pool: Executor) -> None:
        # The executor has no public way to stop a running task: kill its processes.
        if isinstance(pool, ThreadPoolExecutor):
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            stop_pool(pool, grace=0)


def _ready() -> bool:
    return True
