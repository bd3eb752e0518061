"""Run compiled rules over a document and turn their hits into findings.

Each rule kind (kinds.py) compiles a run's rules once and finds their hits; the
engine only orchestrates. Evidence kinds (phrase, pattern, line, python) run
first; aggregate kinds (occurrence, density) then read the evidence. Within a
category, a finding wholly inside another is dropped, so "perhaps, just perhaps"
is one hedging cue, not three. A rule whose pattern runs past its time budget
(safe_regex.py) is skipped from then on, and the engine records the stop.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from audit.rules.kinds import KINDS, Check, Context, Counter, RuleKind, Scan
from audit.rules.model import TEXT_ORDER, Finding, Hit, Rule
from audit.rules.safe_regex import RuleTimeout
from audit.text.document import Document


@dataclass(frozen=True)
class RuleStop:
    """Rules skipped for the rest of a run because a pattern ran past its time budget."""

    rules: tuple[str, ...]
    pack: str
    document: str  # the id of the article it was stopped on
    seconds: float

    def reason(self) -> str:
        rules = ", ".join(self.rules)
        return (
            f"rule {rules} stopped: its pattern found no result within {self.seconds:.1f} s on "
            f"article {self.document} (catastrophic backtracking?); skipped from there on"
        )


class Engine:
    """Runs the compiled rules of every kind over documents; the kinds (kinds.py) find hits."""

    def __init__(
        self,
        rules: Sequence[Rule],
        checks: dict[str, Check],
        counters: dict[str, Counter] | None = None,
    ):
        self.rules = tuple(rules)
        context = Context(checks, counters or {})
        matchers: list[RuleKind] = []
        for name, kind in KINDS.items():
            matchers.extend(kind.compile([r for r in self.rules if r.kind == name], context))
        self._context = context  # its branch sets hold every pattern rule's branches
        self._evidence = [m for m in matchers if not m.aggregate]
        self._aggregates = [m for m in matchers if m.aggregate]
        self._deferring = {
            rule.id: (rule.category, *rule.defer_to) for rule in self.rules if rule.defer
        }
        self.stopped: list[RuleStop] = []
        # A run skips a stopped rule on its remaining articles, so a runaway pattern costs its
        # budget once; where every article is its own run (a service's checks), it runs on.
        self.skip_stopped = True
        self._skipped: set[str] = set()

    def new_run(self) -> None:
        """Forget the rules an earlier run stopped: each run tries them, and reports its stops."""
        self._skipped.clear()
        self.stopped.clear()

    def prepare(self, docs: Sequence[Document]) -> None:
        """Scan a batch's documents for the run's branch sets one after another, then find each
        text-only matcher's hits in them one after another, before their audits (each
        document's scan is kept in its analysis for `run`). RE2's set automata are built as
        they read, megabytes of states, and each matcher has its own automata and regexes:
        used back to back they stay in the processor's cache, where between two articles the
        other stages evict them and each scan costs several times as much. A matcher that
        runs past its budget on an article is left there: that article's audit meets the
        timeout and stops it as a run does, and the later articles run it (or skip it) then."""
        scans = [_scan(doc) for doc in docs]
        texts, lines = self._context.texts, self._context.lines
        for scan in scans:
            if texts.size:
                scan.matching(texts)
            if lines.size:
                scan.line_matching(lines)
        for matcher in self._evidence:
            if not matcher.text_only or self._skips(matcher):
                continue
            for scan in scans:
                try:
                    scan.ahead[matcher] = list(matcher.hits(scan))
                except RuleTimeout as timeout:
                    scan.ahead[matcher] = timeout
                    break

    def run(self, doc: Document) -> list[Finding]:
        scan = _scan(doc)
        try:
            evidence = _findings(
                doc, [found for matcher in self._evidence for found in self._guarded(matcher, scan)]
            )
            scan.evidence = _drop_contained(evidence, self._deferring)
            aggregates = _findings(
                doc,
                [found for matcher in self._aggregates for found in self._guarded(matcher, scan)],
            )
        finally:
            # The scan is this run's working data, and it refers back to the document: released
            # here, a batch's documents die by reference count once audited (execute.py pauses
            # the cyclic collector while a batch is audited).
            doc.analysis.rule_scan = None
        findings = scan.evidence + aggregates
        findings.sort(key=TEXT_ORDER)
        return findings

    def _guarded(self, matcher: RuleKind, scan: Scan) -> list:
        """Every hit of a matcher's rules, or nothing when a pattern runs past its budget: the
        stop is recorded, and the rules skipped for the rest of the run if the engine skips."""
        rules = matcher.rules
        if self._skips(matcher):
            return []
        try:
            found = scan.ahead.pop(matcher, None)
            if found is None:
                return list(matcher.hits(scan))
            if isinstance(found, RuleTimeout):
                raise found
            return found
        except RuleTimeout as timeout:
            if self.skip_stopped:
                self._skipped.update(rule.id for rule in rules)
            ids = tuple(rule.id for rule in rules)
            self.stopped.append(RuleStop(ids, rules[0].pack, scan.doc.id, timeout.seconds))
            return []

    def _skips(self, matcher: RuleKind) -> bool:
        # Nearly every run stops no rule: its matchers' rules are then not read one by one.
        return bool(self._skipped) and any(rule.id in self._skipped for rule in matcher.rules)


def _scan(doc: Document) -> Scan:
    return doc.analysis.once("rule_scan", lambda: Scan(doc))


def _findings(doc: Document, found: list[tuple[Rule, Hit]]) -> list[Finding]:
    """The hits as findings, with their line, column, text and message. A hit's own message
    stands; otherwise the rule's, with its `{match}` (if it has one) made the hit's text on one
    line: that text is only joined where a message uses it (a model's finding spans a whole
    sentence or line, and says what it found itself)."""
    text = doc.text
    line_column = doc.structure.line_column
    findings = []
    for rule, hit in found:
        start, end = hit.start, hit.end
        line, column = line_column(start)
        span = text[start:end]
        message = hit.message
        if not message:
            message = rule.message
            if "{match}" in message:
                message = message.replace("{match}", " ".join(span.split()))
        finding = Finding(
            rule.id,
            rule.category,
            rule.level,
            rule.confidence,
            start,
            end,
            line,
            column,
            span,
            message,
        )
        findings.append(finding)
    return findings


def _drop_contained(
    findings: list[Finding], deferring: dict[str, tuple[str, ...]] | None = None
) -> list[Finding]:
    """Keep, per category, only findings not wholly inside another kept one.

    Findings of deferring rules hide nothing: each is kept unless a kept finding of
    its category, or of a category it defers to, covers it (or an earlier deferring
    one of its category does). `deferring` maps those rules to the categories they yield to.
    """
    deferring = deferring or {}
    findings.sort(key=lambda f: (f.category, f.start, -f.end, f.rule))
    kept: list[Finding] = []
    reach: dict[str, int] = {}
    deferred: list[Finding] = []
    for finding in findings:
        if finding.rule in deferring:
            deferred.append(finding)
            continue
        if finding.end <= reach.get(finding.category, -1):
            continue
        kept.append(finding)
        reach[finding.category] = finding.end
    if not deferred:
        return kept
    # Kept findings of one category nest nowhere, so their ends rise with their starts:
    # the last one starting at or before a deferred finding is the only one that can cover it.
    starts: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    for finding in kept:
        starts.setdefault(finding.category, []).append(finding.start)
        ends.setdefault(finding.category, []).append(finding.end)

    def covered(finding: Finding, category: str) -> bool:
        i = bisect_right(starts.get(category, []), finding.start) - 1
        return i >= 0 and ends[category][i] >= finding.end

    deferred_reach: dict[str, int] = {}
    for finding in deferred:
        if any(covered(finding, category) for category in deferring[finding.rule]):
            continue
        if finding.end <= deferred_reach.get(finding.category, -1):
            continue
        kept.append(finding)
        deferred_reach[finding.category] = finding.end
    return kept
