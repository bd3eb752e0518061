"""A streamed scan: each article's record is written as soon as it is audited.

For corpora too big to hold at once (`newsaudit scan --format stream`). Only a
window of articles is in memory; of each audited article the run keeps a few
numbers in its source's tally (audit/sources/ranking.py), which is all ranking needs.
Cross-source analysis compares every article's text with every other's, so it
needs the whole corpus at once: it is part of `--format json`, not of the stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from audit.ingest.model import InputError, InputNote, ReadOptions
from audit.results import ArticleResult
from audit.rules.model import report_categories
from audit.runtime.run import Auditor, Progress
from audit.sources.ranking import Tallies, skipped_rules


@dataclass
class StreamedRun:
    """What is left of a streamed run once its articles are written: enough to rank and account."""

    articles: int = 0
    findings: int = 0
    errors: list[InputError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[InputNote] = field(default_factory=list)
    tallies: Tallies = field(default_factory=Tallies)


def stream(
    auditor: Auditor,
    paths: Iterable[str],
    read: ReadOptions | None,
    jobs: int,
    run: StreamedRun,
    progress: Progress | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Audit the inputs a window at a time, tallying each article in `run` as it passes."""
    run.tallies.partial = bool(skipped_rules(auditor.registry.rules))
    run.tallies.categories = report_categories(auditor.registry.families)
    for item in auditor.stream(paths, read, jobs, run.skipped, run.notes):
        if isinstance(item, InputError):
            run.errors.append(item)
            run.findings += len(getattr(item, "findings", ()))  # a short text's page defects
        else:
            run.tallies.add(item)
            run.articles += 1
            run.findings += len(item.findings)
            if progress is not None:
                progress(run.articles, None)
        yield item
