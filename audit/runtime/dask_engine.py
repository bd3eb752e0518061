"""Audit on a Dask cluster: the batch function of every engine, one partition of the corpus a batch.

Optional (`pip install 'newsaudit[dask]'`). With a scheduler address the run
uses that cluster, whose workers must have newsaudit installed; without one it
starts an in-process LocalCluster of `workers` single-threaded processes. The
auditor is sent to each worker once; partitions come back in input order, so
the report is byte-identical to a local run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from importlib.util import find_spec

from audit.runtime.execute import ArticleAuditor, Job, Outcome, audit_batch

PARTITION = 64  # articles per task: large enough that scheduling costs little


def dask_installed() -> bool:
    return find_spec("distributed") is not None


class DaskEngine:
    def __init__(self, scheduler: str | None = None, workers: int = 1):
        self.scheduler = scheduler
        self.workers = workers

    def __call__(self, auditor: ArticleAuditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
        from distributed import Client, LocalCluster

        batch = list(jobs)
        partitions = [batch[i : i + PARTITION] for i in range(0, len(batch), PARTITION)]
        with ExitStack() as stack:
            address = self.scheduler
            if address is None:
                address = stack.enter_context(
                    LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,  # the auditor keeps per-article state
                        processes=True,
                        dashboard_address=None,  # no web server: the run opens no port of its own
                    )
                )
            client = stack.enter_context(Client(address))
            [shared] = client.scatter([auditor], broadcast=True)
            futures = client.map(audit_partition, partitions, auditor=shared, pure=False)
            for future in futures:
                yield from future.result()


def audit_partition(jobs: list[Job], auditor: ArticleAuditor) -> list[Outcome]:
    return audit_batch(auditor, jobs)
