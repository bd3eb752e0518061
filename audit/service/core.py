"""What the service does with a request, free of HTTP: records in, the JSON report's objects out.

The articles of a request are read exactly as the records of a .jsonl file are
(audit/ingest/records.py) and audited by the configured Auditor, and the answers
are the `newsaudit/report@1` objects `scan --format json` writes (report_dict), so
the service and the command line cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from audit.cli.check import gate_failures
from audit.formatters.json_report import article_object, report_dict
from audit.history.record import RunRecord, config_hash, now, run_record
from audit.ingest import record_documents
from audit.ingest.model import InputError, InputNote
from audit.rules.model import Rule
from audit.runtime.config import Settings
from audit.runtime.execute import Job
from audit.runtime.pipeline import build_auditor
from audit.text.segment import Unsegmented

REQUEST = "request"  # read as the records of a file of this name: ids "request:1", ...
FIX_FIRST = "fix_first"  # the article object's "fix these first" list, when the audit makes one


# Audited once before the workers fork, so every lazily loaded model is loaded and inherited.
WARM_UP = (
    "Harbour talks resume\n\n"
    "The port authority said on Monday that talks with the dockworkers' union would resume on "
    'Thursday, according to a statement posted on its website. "We expect an agreement this '
    "week,\" said Mara Quell, the authority's chair, at a briefing for reporters. Some observers "
    "reportedly doubt it, and the deal might just collapse again. The union represents about "
    "1,400 workers at three terminals; its last contract expired in March, and members voted "
    "in May to authorise a strike. Ships waiting to unload were anchored outside the breakwater "
    "on Wednesday, according to the harbour master's schedule.\n"
)


class Refused(Exception):
    """Every article of a request was refused by the reader (an empty text, say): a 422."""

    def __init__(self, errors: Sequence[InputError]):
        self.errors = tuple(errors)
        super().__init__("; ".join(_refusal(e) for e in errors))

    def __reduce__(self):  # raised in a worker process, re-raised in the server
        return Refused, (self.errors,)


@dataclass(frozen=True)
class Answer:
    body: dict[str, Any]
    history: RunRecord  # for the store, written by the server process


class Service:
    """The configured auditor, built once; check and scan are what a worker runs per request."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.auditor, _ = build_auditor(settings)
        self.rules: tuple[Rule, ...] = self.auditor.registry.rules  # active, configured levels
        self.config_hash = config_hash(settings)  # hashes the files it names: once, not per request

    def warm(self) -> None:
        """Load every lazily loaded model now, in this process, before workers are forked."""
        self.scan([{"text": WARM_UP, "source": "warm-up"}])

    def check(self, record: dict[str, Any]) -> Answer:
        """One article: its report object, the gate verdict under the configured fail-on and
        min-score, and its fix-first list when it has one."""
        started = now()
        run = self._audit([record])
        if not run.articles:
            raise Refused(run.errors)
        article = article_object(run, 0)  # the report's object, built alone: no ranking, no summary
        failures = gate_failures(run, self.settings.fail_on, self.settings.min_score)
        body = {
            "article": article,
            "gate": {
                "passed": not failures,
                "fail_on": self.settings.fail_on,
                "min_score": self.settings.min_score,
                "failures": failures,
            },
            FIX_FIRST: article.get(FIX_FIRST),
            "errors": [e.to_dict() for e in run.errors],
            "notices": list(run.notices),
        }
        return Answer(body, run_record(run, "serve check", self.config_hash, started))

    def scan(self, records: Sequence[dict[str, Any]]) -> Answer:
        """A batch: the whole JSON report, source ranking and cross-source stories included.
        Refused records are listed in its `errors`, as a scan lists them."""
        started = now()
        run = self._audit(records)
        return Answer(report_dict(run), run_record(run, "serve scan", self.config_hash, started))

    def _audit(self, records: Sequence[dict[str, Any]]):
        documents: list[Job] = []
        errors: list[InputError] = []
        notes: list[InputNote] = []
        for item in record_documents(records, REQUEST, notes):
            if isinstance(item, Unsegmented):  # as a scan admits it: English, long enough
                item = self.auditor.admit(item, None)
            if isinstance(item, InputError):
                errors.append(item)
            else:
                documents.append((item, None))
        return self.auditor.audit_documents(documents, errors, notes=notes)


def _refusal(error: InputError) -> str:
    return f"article {error.line}: {error.reason}" if error.line else error.reason
