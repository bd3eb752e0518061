"""What the service does with a request, free of HTTP: records in, the JSON report's objects out.

The articles of a request are read exactly as the records of a .jsonl file are
(audit/ingest/records.py) and audited by the configured Auditor, and the answers
are the `newsaudit/report@1` objects `scan --format json` writes (report_dict), so
the service and the command line cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from audit.cli.check import gate_failures
from audit.formatters.json_report import encoded_article, report_dict, tight_json
from audit.history.record import RunRecord, config_hash, now, run_record
from audit.ingest import record_documents
from audit.ingest.model import InputError, InputNote
from audit.results import RunResult
from audit.rules.model import Rule
from audit.runtime.config import Settings
from audit.runtime.execute import ArticleAuditor, AuditEngine, Job, Outcome, audit_batch
from audit.runtime.pipeline import build_auditor
from audit.text.segment import Unsegmented

REQUEST = "request"  # read as the records of a file of this name: ids "request:1", ...
FIX_FIRST = "fix_first"  # the article object's "fix these first" list, when the audit makes one
Result = TypeVar("Result")


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
    history: RunRecord | None  # for the store, written by the server process (when it has one)
    # A check's run: its article's report object comes first in the body, written from the
    # run as `scan` writes it (`encoded_article`), its findings from their columns: a dict of
    # each of its findings would cost more than their JSON.
    article: RunResult | None = None

    def encoded(self) -> bytes:
        """The answer's body as the service sends it: compact JSON, UTF-8."""
        text = tight_json(self.body)
        if self.article is not None:
            article = encoded_article(self.article, 0, tight=True).text
            text = f'{{"article":{article}{"," if self.body else ""}{text[1:]}'
        return text.encode("utf-8")


@dataclass
class _Request:
    """One request's articles as read: its own run's documents, refusals and reader's notes."""

    documents: list[Job] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notes: list[InputNote] = field(default_factory=list)


class Service:
    """The configured auditor, built once; check and scan are what a worker runs per request."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.auditor, _ = build_auditor(settings)
        self.rules: tuple[Rule, ...] = self.auditor.registry.rules  # active, configured levels
        # Every request is its own run: a rule stopped on one article still runs on the next
        # request's (and on the others of its minibatch), each stop reported where it happened.
        self.auditor.engine.skip_stopped = False
        self.config_hash = config_hash(settings)  # hashes the files it names: once, not per request
        self.recording = settings.store is not None  # a history record per request, or none

    def warm(self) -> None:
        """Load every lazily loaded model now, in this process, before workers are forked, and
        build the auditor's pattern gates: every request's batch then reads through them. The
        rules' own examples are audited too: a pattern is compiled when a text first needs it,
        and compiled here it is inherited by every worker (and every replacement) instead of
        compiled again in each one on its first requests."""
        self.scan(
            [
                {"text": WARM_UP, "source": "warm-up"},
                {"text": examples_article(self.rules), "source": "warm-up"},
            ]
        )
        self.auditor.gates.build()

    def check(self, record: dict[str, Any]) -> Answer:
        """One article: its report object, the gate verdict under the configured fail-on and
        min-score, and its fix-first list when it has one."""
        (answer,) = self.checks([record])
        if isinstance(answer, Exception):
            raise answer
        return answer

    def checks(self, records: Sequence[dict[str, Any]]) -> list[Answer | Exception]:
        """Several one-article checks that arrived together, each its own run, audited as one
        minibatch: the model stages read the sentences of every article at once (most of what
        batching saves), while sources, stories and copies are never compared across requests,
        so each answer is the one the request alone gets. A request whose article is refused
        gets its Refused, one that fails its exception; the others are answered. The results
        are answered at once: neither compacted for holding nor ranked by source."""
        started = now()
        requests = [attempt(self._read, [record]) for record in records]
        jobs = [job for r in requests if isinstance(r, _Request) for job in r.documents]
        outcomes = iter(audit_batch(self.auditor, jobs, keep=False) if jobs else ())
        answers: list[Answer | Exception] = []
        for request in requests:
            if isinstance(request, Exception):
                answers.append(request)
                continue
            mine = [next(outcomes) for _ in request.documents]
            answers.append(attempt(self._checked, request, mine, started))
        return answers

    def scan(self, records: Sequence[dict[str, Any]]) -> Answer:
        """A batch: the whole JSON report, source ranking and cross-source stories included.
        Refused records are listed in its `errors`, as a scan lists them."""
        started = now()
        request = self._read(records)
        run = self.auditor.audit_documents(request.documents, request.errors, notes=request.notes)
        return Answer(report_dict(run), self._history(run, "serve scan", started))

    def _checked(self, request: _Request, outcomes: list[Outcome], started: str) -> Answer:
        """The request's own run, from its articles' outcomes in the minibatch, and its answer."""
        run = self.auditor.audit_documents(
            request.documents,
            request.errors,
            notes=request.notes,
            engine=_given(outcomes),
            rank=False,  # the answer is the article's object: no ranking of its one source
        )
        if not run.articles:
            raise Refused(run.errors)
        failures = gate_failures(run, self.settings.fail_on, self.settings.min_score)
        body = {  # after the article's object: no ranking, no summary (see Answer.article)
            "gate": {
                "passed": not failures,
                "fail_on": self.settings.fail_on,
                "min_score": self.settings.min_score,
                "failures": failures,
            },
            FIX_FIRST: [p.to_dict() for p in run.articles[0].fix_first],  # as the article's
            "errors": [e.to_dict() for e in run.errors],
            "notices": list(run.notices),
        }
        return Answer(body, self._history(run, "serve check", started), article=run)

    def _read(self, records: Sequence[dict[str, Any]]) -> _Request:
        """The records read as a .jsonl file's lines are, each article admitted as a scan does."""
        request = _Request()
        for item in record_documents(records, REQUEST, request.notes):
            if isinstance(item, Unsegmented):  # as a scan admits it: English, long enough
                item = self.auditor.admit(item, None)
            if isinstance(item, InputError):
                request.errors.append(item)
            else:
                request.documents.append((item, None))
        return request

    def _history(self, run: RunResult, command: str, started: str) -> RunRecord | None:
        return run_record(run, command, self.config_hash, started) if self.recording else None


def examples_article(rules: Sequence[Rule]) -> str:
    """Every rule's examples, flagged and allowed, as the paragraphs of one article."""
    examples = [text for rule in rules for text in (*rule.examples.flag, *rule.examples.allow)]
    return "\n\n".join(["The rules' examples", *examples]) + "\n"


def attempt(function: Callable[..., Result], *args: Any) -> Result | Exception:
    """What `function` returns, or what it raised: one request's failure, not its neighbours'."""
    try:
        return function(*args)
    except Exception as error:
        return error


def _given(outcomes: list[Outcome]) -> AuditEngine:
    """An engine that hands back outcomes already audited (in the minibatch), in order."""

    def engine(auditor: ArticleAuditor, jobs: Iterable[Job]) -> Iterator[Outcome]:
        for _job, outcome in zip(jobs, outcomes, strict=True):
            yield outcome

    return engine


def _refusal(error: InputError) -> str:
    return f"article {error.line}: {error.reason}" if error.line else error.reason
